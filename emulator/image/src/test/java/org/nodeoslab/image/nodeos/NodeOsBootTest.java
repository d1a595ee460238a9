package org.nodeoslab.image.nodeos;

import org.junit.jupiter.api.Test;
import org.nodeoslab.image.agent.AgentResult;
import org.nodeoslab.image.agent.LabAgentClient;
import org.nodeoslab.image.debian.DebianSettings;
import org.nodeoslab.image.qemu.Qemu;

import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Boots the NodeOS image once under qemu-system-i386 (TCG) and checks what a student and the lab runner see:
 * the JavaScript shell on ttyS0, Node.js, an offline npm install whose command then runs, and a check through the
 * lab agent on ttyS1 that never shows on the console.
 */
class NodeOsBootTest {

    /** A fresh prompt: nsh's line editor draws the prompt, then clears the rest of the screen (ESC [ J). */
    private static final String PROMPT = "nodeos:/$ \u001b[J";
    private static final Duration BOOT = Duration.ofMinutes(4);
    private static final Duration COMMAND = Duration.ofMinutes(2);

    @Test
    void studentShellNodeNpmAndLabAgent() throws Exception {
        NodeOsImage.Result image = NodeOsImage.cached(DebianSettings.defaults(), System.err::println);
        long start = System.nanoTime();
        try (Qemu qemu = Qemu.boot(image.bzImage(), image.initramfs(), NodeOsImage.CMDLINE, 512, true)) {
            qemu.waitFor(PROMPT, BOOT);
            System.err.printf("NodeOS: boot to the nsh prompt in %.1f s%n", (System.nanoTime() - start) / 1e9);

            String version = command(qemu, "node -e \"console.log(process.version)\"");
            assertTrue(Pattern.compile("\\nv18\\.\\d+\\.\\d+\\r?\\n").matcher(version).find(), version);

            String shell = command(qemu, "echo 'a  b' \"$HOME\" | cat > /tmp/out.txt && cat /tmp/out.txt; ls /nope 2>&1 | cat");
            assertTrue(shell.contains("a  b /\r\n"), "pipes, quoting, redirection:\n" + shell);
            assertTrue(shell.contains("ls: /nope: no such file or directory"), shell);

            String substitution = command(qemu, "echo \"kernel $(uname -r)\" $(echo a   b)");
            assertTrue(substitution.contains("kernel 6.1.0-50-686 a b\r\n"), "command substitution:\n" + substitution);
            String completed = command(qemu, "ech\t completed");
            assertTrue(completed.contains("\ncompleted\r\n"), "Tab completes the builtin echo:\n" + completed);

            String npm = command(qemu, "npm install semver");
            assertTrue(npm.contains("added 1 package"), "offline npm install:\n" + npm);
            String semver = command(qemu, "semver -r '^7.0.0' 7.6.3 6.1.0 7.0.1");
            assertTrue(semver.contains("7.0.1\r\n7.6.3\r\n"), "the installed package's command runs:\n" + semver);

            try (Socket ttyS1 = qemu.connectTtyS1()) {
                LabAgentClient agent = new LabAgentClient(ttyS1.getInputStream(), ttyS1.getOutputStream());
                agent.awaitReady(COMMAND);
                AgentResult bin = agent.run("ls /home/nodeos/node_modules/.bin; id -u", COMMAND);
                assertEquals(new AgentResult(0, "semver\n0\n"), bin);
                AgentResult failing = agent.run("cat /home/nodeos/missing", COMMAND);
                assertEquals(1, failing.status(), failing.toString());
                assertTrue(failing.output().contains("No such file"), failing.output());
            }
            assertFalse(qemu.console().contains("NODEOS-"), "the agent's frames never reach the console");

            qemu.type("poweroff\r");
            assertTrue(qemu.waitForExit(COMMAND), "poweroff ends the machine");
        }
    }

    /** Types a command line at the nsh prompt and returns what it printed up to the next prompt. */
    private static String command(Qemu qemu, String line) throws InterruptedException, IOException {
        long start = System.nanoTime();
        qemu.type(line + "\r");
        String output = qemu.waitFor(PROMPT, COMMAND);
        System.err.printf("NodeOS: %.1f s for: %s%n", (System.nanoTime() - start) / 1e9, line);
        return output;
    }
}
