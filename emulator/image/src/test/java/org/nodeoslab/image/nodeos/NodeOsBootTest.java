package org.nodeoslab.image.nodeos;

import org.junit.jupiter.api.Test;
import org.nodeoslab.image.agent.AgentResult;
import org.nodeoslab.image.agent.LabAgentClient;
import org.nodeoslab.image.debian.DebianSettings;
import org.nodeoslab.image.qemu.Qemu;

import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Boots the NodeOS image once under qemu-system-i386 (TCG) and checks what a student and the lab runner see:
 * the JavaScript shell on ttyS0, Node.js, an offline npm install whose command then runs, and a check through the
 * lab agent on ttyS1 that never shows on the console, and ls fitting a terminal resized as the lab page resizes it.
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
            // Debian's archive moves the kernel's ABI number on (6.1.0-50 became 6.1.0-57): any 6.1 686 kernel.
            assertTrue(Pattern.compile("kernel 6\\.1\\.0-\\d+-686 a b\r\n").matcher(substitution).find(),
                    "command substitution:\n" + substitution);
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

                // A phone-sized lab page tells the guest its terminal is 34 wide, as the page does (the agent runs
                // stty); nsh's ls and busybox's ls, which nsh starts on the terminal, then fit their columns in it.
                assertEquals(new AgentResult(0, ""), agent.run("stty -F /dev/ttyS0 cols 34 rows 19", COMMAND));
                assertTrue(command(qemu, "stty size").contains("\n19 34\r\n"), "the shell's terminal is 34 wide");
                for (String ls : List.of("ls", "/bin/ls")) {
                    assertFitsColumns(ls, between(command(qemu, "echo begin; " + ls + " /lib/nodeos/nsh; echo end")),
                            between(command(qemu, "echo begin; " + ls + " /lib/nodeos/nsh | cat; echo end")), 34);
                }
            }
            assertFalse(qemu.console().contains("NODEOS-"), "the agent's frames never reach the console");

            qemu.type("poweroff\r");
            assertTrue(qemu.waitForExit(COMMAND), "poweroff ends the machine");
        }
    }

    /** What a command printed between the lines `begin` and `end` (echo's, not the echoed command line). */
    private static String between(String output) {
        int from = output.indexOf("\nbegin\r\n");
        int to = output.indexOf("\nend\r\n", from);
        assertTrue(from >= 0 && to > from, "begin ... end in:\n" + output);
        return output.substring(from + "\nbegin\r\n".length(), to + 1);
    }

    /** {@code shown} lays out the names of {@code oneALine} in columns, every line at most {@code width} wide. */
    private static void assertFitsColumns(String ls, String shown, String oneALine, int width) {
        List<String> lines = List.of(shown.split("\r\n"));
        List<String> names = List.of(oneALine.split("\r\n"));
        List<String> found = lines.stream().flatMap(l -> Arrays.stream(l.trim().split(" +"))).sorted().toList();
        assertEquals(names.stream().sorted().toList(), found, ls + ": every name, whole, in:\n" + shown);
        assertTrue(lines.stream().allMatch(l -> l.length() <= width), ls + ": lines fit " + width + ":\n" + shown);
        assertTrue(lines.size() < names.size(), ls + ": more than one name a line:\n" + shown);
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
