package org.nodeoslab.emulator.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.nodeoslab.image.debian.DebianSettings;
import org.nodeoslab.image.nodeos.NodeOsImage;

/**
 * The real NodeOS image (Debian's kernel, Node.js 18 as the userspace, nsh as the login shell) on our PC, as a
 * student's browser tab will run it: the console reaches nsh and Node.js answers.
 */
class NodeOsOnOurPcTest {
    /** A fresh prompt: nsh's line editor draws the prompt, then clears the rest of the screen (ESC [ J). */
    private static final String PROMPT = "nodeos:/$ \u001b[J";
    private static final Duration BOOT = Duration.ofMinutes(8);
    private static final Duration COMMAND = Duration.ofMinutes(3);

    @Test
    void bootsToNshAndRunsNode() throws Exception {
        NodeOsImage.Result image = NodeOsImage.cached(DebianSettings.defaults(), System.err::println);
        try (EmulatedGuest guest = EmulatedGuest.boot(image.bzImage(), image.initramfs(), NodeOsImage.CMDLINE, 512,
                true)) {
            String boot = guest.waitFor(PROMPT, BOOT);
            assertTrue(boot.contains("Welcome to NodeOS"), boot);
            System.err.printf("NodeOS on our PC: nsh prompt after %,d guest instructions%n", guest.instructions());

            guest.send("node -e \"console.log(process.version, Math.sin(1), JSON.stringify([0.1 + 0.2]))\"\r");
            String node = guest.waitFor(PROMPT, COMMAND);
            assertTrue(Pattern.compile("\\nv18\\.\\d+\\.\\d+ 0\\.8414709848078965 \\[0\\.30000000000000004\\]\\r?\\n")
                    .matcher(node).find(), node);

            guest.send("echo 'a  b' \"$HOME\" | cat\r");
            String shell = guest.waitFor(PROMPT, COMMAND);
            assertTrue(shell.contains("a  b /\r\n"), "nsh pipes and quoting:\n" + shell);
        }
    }
}
