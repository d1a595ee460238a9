package org.nodeoslab.site.labs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The replay's rules on a scripted machine (the emulator's round trip is LabsReplayOnEmulatorTest), and the shell
 * it sends to the guest run for real by the host's sh.
 */
class LabReplayTest {

    @TempDir
    Path dir;

    /** Answers the agent from a queue and echoes typed lines with a prompt, recording everything it was asked. */
    private static final class ScriptedMachine implements LabMachine {
        final Deque<Answer> answers = new ArrayDeque<>();
        final List<String> typed = new ArrayList<>();
        final List<String> ran = new ArrayList<>();
        final StringBuilder console = new StringBuilder("nodeos:/$ \u001b[J");
        String printOnType = "";

        @Override
        public String type(String line, Duration limit) {
            typed.add(line);
            String out = line + "\r\n" + printOnType + "nodeos:/$ \u001b[J";
            console.append(out);
            return out;
        }

        @Override
        public Answer run(String command, Duration limit) {
            ran.add(command);
            return answers.isEmpty() ? new Answer(0, "", false) : answers.poll();
        }

        @Override
        public String console() {
            return console.toString();
        }
    }

    private Lab lab(String body) throws IOException {
        Path folder = Files.createDirectories(dir.resolve("01-x"));
        Files.writeString(folder.resolve("lab.md"), "---\ntitle: X\nsummary: Y.\n---\n" + body);
        ParsedLab parsed = new LabParser().parse(folder, "labs/01-x/lab.md");
        assertEquals(List.of(), parsed.problems());
        return parsed.lab();
    }

    private static final String STEP = "## Do it\n```check\ntest -f /a\n```\n```expect\nhello \\d+\n```\n"
            + "```solution\ntouch a\nnode hello.js\n```\n";

    @Test
    void aStepPassesWhenItsCheckFailsFirstThenPassesAndItsExpectMatches() throws IOException {
        ScriptedMachine m = new ScriptedMachine();
        m.answers.add(new LabMachine.Answer(1, "no a", false));
        m.answers.add(new LabMachine.Answer(0, "", false));
        m.printOnType = "\u001b[1mhello 42\u001b[0m\r\n";
        List<LabReplay.StepResult> results = LabReplay.replay(lab(STEP), m);
        assertEquals(1, results.size());
        assertTrue(results.get(0).passed(), results.get(0).problem());
        assertEquals(List.of("touch a", "node hello.js"), m.typed);
        assertEquals(List.of("test -f /a\n", "test -f /a\n"), m.ran);
    }

    @Test
    void aCheckThatPassesTooEarlyFailsTheStepNamingFileAndLine() throws IOException {
        ScriptedMachine m = new ScriptedMachine();
        m.answers.add(new LabMachine.Answer(0, "", false));
        LabReplay.StepResult r = LabReplay.replay(lab(STEP), m).get(0);
        assertEquals("FAIL", r.result());
        assertEquals("labs/01-x/lab.md:5: step 1 \"Do it\": the check passes before the solution was typed: it must"
                + " fail until the student has done the step", r.problem());
    }

    @Test
    void aHangingCheckIsReportedAndAFailingOneShowsItsMessage() throws IOException {
        ScriptedMachine m = new ScriptedMachine();
        m.answers.add(new LabMachine.Answer(124, "[killed after 10 s]", true));
        assertTrue(LabReplay.replay(lab(STEP), m).get(0).problem()
                .endsWith("the check did not finish within 10 s and was stopped"));

        m = new ScriptedMachine();
        m.answers.add(new LabMachine.Answer(1, "", false));
        m.answers.add(new LabMachine.Answer(1, "There is no a yet.\n", false));
        assertTrue(LabReplay.replay(lab(STEP), m).get(0).problem()
                .endsWith("the check fails after the solution (status 1): There is no a yet."));
    }

    @Test
    void anExpectThatDoesNotMatchShowsWhatTheConsolePrinted() throws IOException {
        ScriptedMachine m = new ScriptedMachine();
        m.answers.add(new LabMachine.Answer(1, "", false));
        m.printOnType = "goodbye\r\n";
        String problem = LabReplay.replay(lab(STEP), m).get(0).problem();
        assertTrue(problem.contains("the expect /hello \\d+/ does not match what the console printed:\ntouch a\n"
                + "goodbye\nnodeos:/$ node hello.js"), problem);
    }

    @Test
    void theTableEndsWithTheSummaryLineAndTheDataFilesAreWritten() throws IOException {
        List<LabReplay.StepResult> results = List.of(
                new LabReplay.StepResult("00-a", 1, "One, two", true, "", Duration.ofMillis(1500), Duration.ofMillis(900)),
                new LabReplay.StepResult("00-a", 2, "Three", false, "it broke", Duration.ofMillis(250), Duration.ZERO));
        String table = LabReplay.table(results, 1);
        assertTrue(table.startsWith("lab   step        result  seconds    cpu s\n00-a  1 One, two  pass        1.5      0.9\n"), table);
        assertTrue(table.endsWith("\nit broke\nlabs: 1 labs, 2 steps, 1 failed\n"), table);
        LabReplay.writeData(results, dir.resolve("data"));
        assertEquals("lab,step,title,result,seconds,cpu_seconds\n00-a,1,\"One, two\",pass,1.5,0.9\n00-a,2,Three,FAIL,0.3,0.0\n",
                Files.readString(dir.resolve("data/lab-replay.csv")).replace("\r\n", "\n"));
        String md = Files.readString(dir.resolve("data/lab-replay.md"));
        assertTrue(md.contains("| 00-a | 1 | One, two | pass | 1.5 | 0.9 |"), md);
    }

    @Test
    void theFileCommandWritesAnyBytesWithTheirMode() throws Exception {
        byte[] bytes = new byte[256];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) i;
        }
        Path target = dir.resolve("sub dir/f'le.bin".replace("'", ""));
        String command = LabReplay.putCommand(new LabFile("x", target.toString(), 0750, 1), bytes);
        assertEquals(0, sh(command).exitValue());
        assertArrayEquals(bytes, Files.readAllBytes(target));
        assertEquals("rwxr-x---", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(target)));
    }

    @Test
    void aNodeCheckRunsAsAScriptFile() throws Exception {
        LabBlock check = new LabBlock("node", "const ok = 'it ran';\nconsole.log(ok);\nprocess.exit(3);\n", 1);
        Process p = sh(LabReplay.checkCommand(check).replace("/tmp/lab-check.js", dir.resolve("c.js").toString()));
        assertEquals(3, p.exitValue());
        assertEquals("it ran\n", new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    private static Process sh(String command) throws Exception {
        Process p = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true).start();
        p.waitFor();
        return p;
    }
}
