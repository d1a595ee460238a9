package org.nodeoslab.site.labs;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.nodeoslab.emulator.cli.startup.StartupState;

/**
 * {@code ./lab labs test [LAB...]}: lints the labs, then replays each one on the emulator from the start-up state
 * (built once by booting the image if there is none) and prints a table of lab, step, result and seconds, ending
 * with {@code labs: N labs, M steps, K failed}. Exit status 1 on any failure or lint problem.
 */
public final class LabsTestCommand {

    private LabsTestCommand() {
    }

    public static int run(Path labsDir, List<String> ids, Path dataDir) throws Exception {
        List<ParsedLab> labs = new LabLoader(new ScriptSyntax()).load(labsDir, ids);
        List<LabReplay.StepResult> results = replayAll(labs, System.err::println);
        System.out.print(LabReplay.table(results, labs.size()));
        if (dataDir != null && ids.isEmpty()) {
            LabReplay.writeData(results, dataDir);
        }
        return results.stream().allMatch(LabReplay.StepResult::passed) ? 0 : 1;
    }

    /** Every lab replayed on a machine of its own; a lab with lint problems fails without a replay. */
    public static List<LabReplay.StepResult> replayAll(List<ParsedLab> labs, java.util.function.Consumer<String> log)
            throws Exception {
        List<LabReplay.StepResult> results = new ArrayList<>();
        Path state = null;
        for (ParsedLab parsed : labs) {
            if (!parsed.ok()) {
                for (LabProblem p : parsed.problems()) {
                    results.add(new LabReplay.StepResult(parsed.id(), 0, "lint", false, p.toString(),
                            java.time.Duration.ZERO, java.time.Duration.ZERO));
                }
                continue;
            }
            if (state == null) {
                state = StartupState.cachedForProjectImage(log).state();
            }
            long start = System.nanoTime();
            SessionLabMachine machine = SessionLabMachine.restore(state);
            log.accept(String.format("labs: %s: machine restored, agent ready in %.1f s", parsed.id(),
                    (System.nanoTime() - start) / 1e9));
            List<LabReplay.StepResult> lab = LabReplay.replay(parsed.lab(), machine, r -> log.accept(String.format(
                    "labs: %s step %d %s: %s in %.1f s (%.1f s CPU)", r.lab(), r.step(), r.title(), r.result(),
                    r.time().toNanos() / 1e9, r.cpu().toNanos() / 1e9)));
            results.addAll(lab);
        }
        return results;
    }
}
