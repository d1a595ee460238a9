package org.nodeoslab.emulator.cli.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * {@code nodeos-emu profile} on the real start-up state: node -e runs, and the profile finds Node.js where it is,
 * its process doing most of the work and its parser among the names (coarse sampling: a few seconds of CI).
 */
class GuestProfileTest {
    @Test
    void nodeStartingUpIsMostlyLibnodeAndItsParser() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = GuestProfileCommand.run(new String[] {"--every", "20000"}, print(out), print(err));
        String report = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, status, err.toString(StandardCharsets.UTF_8) + report);
        assertTrue(report.contains("(the command's process)"), report);
        Matcher libnode = Pattern.compile("profile: +(\\d+)\\.\\d% \\([\\d,]+\\)  libnode\\.so\\.108").matcher(report);
        assertTrue(libnode.find() && Integer.parseInt(libnode.group(1)) > 50, report);
        assertTrue(report.contains("v8::internal::Scanner::Next"), report);
    }

    @Test
    void badArgumentsAreNamed() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(1, GuestProfileCommand.run(new String[] {"--every", "0"}, print(new ByteArrayOutputStream()),
                print(err)));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--every takes 1 to 10000000, not '0'"));
        assertEquals(1, GuestProfileCommand.run(new String[] {"--command", "console.log(\"x\")"},
                print(new ByteArrayOutputStream()), print(err)));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("must not contain a double quote"));
    }

    private static PrintStream print(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }
}
