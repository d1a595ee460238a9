package org.nodeoslab.emulator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** What a newcomer sees from {@code nodeos-emu shell}: Debian's kernel and busybox answering typed commands. */
class ShellCommandTest {

    @Test
    void answersTypedCommandsAndEndsWhenTheGuestHalts() {
        byte[] typed = "uname -a\necho shell-$((6*7))\nhalt -f\n".getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        ByteArrayOutputStream messages = new ByteArrayOutputStream();
        int status = assertTimeoutPreemptively(Duration.ofMinutes(6), () -> ShellCommand.run(new String[0],
                new ByteArrayInputStream(typed), console, new PrintStream(messages, true, StandardCharsets.UTF_8)));
        String out = console.toString(StandardCharsets.ISO_8859_1);
        assertEquals(BootCommand.EXIT_OK, status, out + "\n--- stderr ---\n" + messages);
        assertTrue(out.contains("Linux (none) 6.1.") && out.contains(" i686 "), out);
        assertTrue(out.contains("shell-42"), out);
    }
}
