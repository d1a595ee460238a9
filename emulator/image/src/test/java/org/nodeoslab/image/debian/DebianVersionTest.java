package org.nodeoslab.image.debian;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Debian version order, cases from dpkg's own rules (deb-version(7)). */
class DebianVersionTest {

    private static void less(String a, String b) {
        assertTrue(DebianVersion.compare(a, b) < 0, a + " < " + b);
        assertTrue(DebianVersion.compare(b, a) > 0, b + " > " + a);
    }

    @Test
    void ordersAsDpkgDoes() {
        less("1.0", "1.1");
        less("1.9", "1.10");
        less("1.0~rc1", "1.0");          // ~ sorts before the end
        less("1.0~~", "1.0~");
        less("1.0", "1.0+b1");
        less("1.0-1", "1.0-2");
        less("2:1.0", "1:9.9".replace("1:", "3:"));
        less("9.9", "1:0.1");             // the epoch wins
        less("1.0a", "1.0b");
        less("1.0", "1.0a");
        less("1.0a", "1.0.1".replace("1.0.1", "1.0+"));    // letters sort before other characters
        less("18.19.0+dfsg-6~deb12u2", "18.20.4+dfsg-1~deb12u2");
        less("1:1.35.0-4+b3", "1:1.35.0-4+deb12u1+b1");
        assertEquals(0, DebianVersion.compare("1.0-1", "1.00-1"));
        assertEquals(0, DebianVersion.compare("0:1.0", "1.0"));
    }

    @Test
    void relations() {
        assertTrue(DebianVersion.satisfies("2.36-9", ">=", "2.34"));
        assertFalse(DebianVersion.satisfies("2.36-9", "<<", "2.34"));
        assertTrue(DebianVersion.satisfies("18.20.4+dfsg-1~deb12u2", "=", "18.20.4+dfsg-1~deb12u2"));
        Relation r = Relation.parse("nodejs:any (<< 12.22.5~dfsg-4~) [i386] <!nocheck>");
        assertEquals(new Relation("nodejs", "<<", "12.22.5~dfsg-4~"), r);
        assertEquals(2, Relation.parseField("a | b (>= 1), c").size());
    }
}
