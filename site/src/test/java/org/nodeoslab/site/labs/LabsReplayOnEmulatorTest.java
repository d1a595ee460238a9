package org.nodeoslab.site.labs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nodeoslab.site.TestSites;

/**
 * {@code ./lab labs test} in CI: every lab in labs/ replayed on our emulator from the start-up state (built by the
 * first test that needs it), and the replay's promises on the real guest: a hanging check is stopped and reported,
 * the lab goes on, and nothing a check prints reaches the student's console.
 */
class LabsReplayOnEmulatorTest {

    @TempDir
    Path dir;

    @Test
    void everyLabInTheRepositoryReplays() throws Exception {
        List<ParsedLab> labs = new LabLoader(new ScriptSyntax()).load(Path.of("../labs"));
        assertFalse(labs.isEmpty());
        List<LabReplay.StepResult> results = LabsTestCommand.replayAll(labs, System.err::println);
        String table = LabReplay.table(results, labs.size());
        System.err.print(table);
        LabReplay.writeData(results, TestSites.outputDir("lab-replay"));
        assertTrue(results.stream().allMatch(LabReplay.StepResult::passed), table);
    }

    @Test
    void aHangingCheckIsStoppedAndReportedAndTheLabGoesOn() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("labs/01-hang"));
        Files.writeString(folder.resolve("lab.md"), """
                ---
                title: Hang
                summary: A check that never ends, then a good step.
                ---
                ## Hangs
                ```check
                echo CHECK-MARKER-1
                sleep 1000
                ```
                ```solution
                echo typed
                ```
                ## Works
                ```check
                echo CHECK-MARKER-2
                test -f /home/nodeos/made.txt
                ```
                ```expect
                ^made$
                ```
                ```solution
                echo made > made.txt
                cat made.txt
                ```
                """);
        List<ParsedLab> labs = new LabLoader(new ScriptSyntax()).load(dir.resolve("labs"));
        assertEquals(List.of(), labs.get(0).problems());
        Path state = org.nodeoslab.emulator.cli.startup.StartupState.cachedForProjectImage(System.err::println)
                .state();
        SessionLabMachine machine = SessionLabMachine.restore(state);
        List<LabReplay.StepResult> results = LabReplay.replay(labs.get(0).lab(), machine);
        System.err.print(LabReplay.table(results, 1));
        assertEquals(2, results.size());
        assertEquals("labs/01-hang/lab.md:5: step 1 \"Hangs\": the check did not finish within 10 s and was stopped",
                results.get(0).problem());
        assertTrue(results.get(1).passed(), results.get(1).problem());
        assertFalse(machine.console().contains("CHECK-MARKER"), "a check never writes to the student's console");
        assertFalse(machine.console().contains("NODEOS-"), "nor do the agent's frames");
    }
}
