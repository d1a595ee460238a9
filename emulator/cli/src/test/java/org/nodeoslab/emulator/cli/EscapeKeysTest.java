package org.nodeoslab.emulator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;

import org.junit.jupiter.api.Test;

class EscapeKeysTest {
    private final EscapeKeys keys = new EscapeKeys();
    private final ByteArrayOutputStream guest = new ByteArrayOutputStream();

    private EscapeKeys.Action type(String s) {
        byte[] b = s.getBytes();
        return keys.filter(b, b.length, guest);
    }

    @Test
    void ordinaryBytesGoToTheGuest() {
        assertEquals(EscapeKeys.Action.NONE, type("ls -l\r"));
        assertEquals("ls -l\r", guest.toString());
    }

    @Test
    void ctrlAXQuitsAndCtrlASSaves() {
        assertEquals(EscapeKeys.Action.SAVE, type("a\u0001sb"));
        assertEquals("ab", guest.toString());
        assertEquals(EscapeKeys.Action.QUIT, type("\u0001x"));
    }

    @Test
    void escapeSplitAcrossReads() {
        assertEquals(EscapeKeys.Action.NONE, type("\u0001"));
        assertEquals(EscapeKeys.Action.QUIT, type("X"));
    }

    @Test
    void doubleCtrlASendsOneCtrlA() {
        assertEquals(EscapeKeys.Action.NONE, type("\u0001\u0001"));
        assertEquals("\u0001", guest.toString());
    }
}
