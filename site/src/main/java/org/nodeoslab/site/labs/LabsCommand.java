package org.nodeoslab.site.labs;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ./lab labs lint [LAB...]}: every problem of the labs named (all of them by default), one per line as
 * file:line:column: message; exit status 1 when there is any. {@code ./lab labs test [LAB...]}: {@link LabsTestCommand}
 * (all labs: also writes thesis/data/lab-replay.csv and .md).
 */
public final class LabsCommand {

    private LabsCommand() {
    }

    public static int run(String[] args) throws Exception {
        if (args.length == 0 || !(args[0].equals("lint") || args[0].equals("test"))) {
            System.err.println("usage: ./lab labs lint [LAB...]   # every problem, file:line:column: message");
            System.err.println("       ./lab labs test [LAB...]   # replay each lab's solutions on the emulator");
            return 2;
        }
        Path labsDir = Path.of(System.getProperty("labs.dir", "labs"));
        List<String> ids = new ArrayList<>(List.of(args).subList(1, args.length));
        if (args[0].equals("test")) {
            return LabsTestCommand.run(labsDir, ids, Path.of(System.getProperty("labs.data", "thesis/data")));
        }
        return lint(labsDir, ids);
    }

    static int lint(Path labsDir, List<String> ids) {
        List<ParsedLab> labs = new LabLoader(new ScriptSyntax()).load(labsDir, ids);
        int problems = 0, steps = 0;
        for (ParsedLab lab : labs) {
            for (LabProblem p : lab.problems()) {
                System.out.println(p);
                problems++;
            }
            steps += lab.lab() == null ? 0 : lab.lab().steps().size();
        }
        System.out.printf("lint: %d labs, %d steps, %d problems%n", labs.size(), steps, problems);
        return problems == 0 ? 0 : 1;
    }
}
