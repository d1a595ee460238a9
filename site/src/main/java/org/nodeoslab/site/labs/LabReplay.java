package org.nodeoslab.site.labs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.nodeoslab.image.data.DataTable;

/**
 * Plays a lab on a machine as a student would, proving each step: files in, then for each step its setup, the
 * check (it must fail: the student has not done the step yet), the solution typed on the console line by line
 * with a wait for the prompt after each, then the check again (it must pass) and the expect against what the
 * console printed since the step began.
 */
public final class LabReplay {

    /** A check's limit in guest time; the guest kills a check that runs longer (and the lab says so). */
    public static final Duration CHECK_LIMIT = Duration.ofSeconds(10);
    /** A setup's or file copy's limit in guest time. */
    static final Duration SETUP_LIMIT = Duration.ofSeconds(60);
    /** A solution line's limit (npm installs take a while on the emulator). */
    static final Duration TYPE_LIMIT = Duration.ofSeconds(600);

    /**
     * One step's outcome; {@code step} 0 is the lab's own preparation (its files). {@code time} is wall-clock time,
     * {@code cpu} this thread's CPU time (the emulator runs in it): the figure that holds on a busy machine too.
     */
    public record StepResult(String lab, int step, String title, boolean passed, String problem, Duration time,
            Duration cpu) {
        public String result() {
            return passed ? "pass" : "FAIL";
        }
    }

    /** Wall-clock and CPU time since it was made. */
    private record Stopwatch(long wall, long cpu) {
        static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory
                .getThreadMXBean();

        static Stopwatch start() {
            return new Stopwatch(System.nanoTime(), THREADS.getCurrentThreadCpuTime());
        }

        StepResult result(String lab, int step, String title, String problem) {
            return new StepResult(lab, step, title, problem == null, problem == null ? "" : problem,
                    Duration.ofNanos(System.nanoTime() - wall),
                    Duration.ofNanos(THREADS.getCurrentThreadCpuTime() - cpu));
        }
    }

    private LabReplay() {
    }

    public static List<StepResult> replay(Lab lab, LabMachine machine) {
        return replay(lab, machine, r -> { });
    }

    /** As {@link #replay(Lab, LabMachine)}, telling {@code progress} each step's result as it comes. */
    public static List<StepResult> replay(Lab lab, LabMachine machine, Consumer<StepResult> progress) {
        List<StepResult> results = new ArrayList<>();
        Consumer<StepResult> add = r -> {
            results.add(r);
            progress.accept(r);
        };
        Stopwatch files = Stopwatch.start();
        try {
            putFiles(lab, machine);
        } catch (Exception e) {
            add.accept(files.result(lab.id(), 0, "files", message(e)));
            return results;
        }
        if (!lab.files().isEmpty()) {
            add.accept(files.result(lab.id(), 0, "files", null));
        }
        for (LabStep step : lab.steps()) {
            Stopwatch watch = Stopwatch.start();
            String problem;
            try {
                problem = play(lab, step, machine);
            } catch (Exception e) {
                // The machine did not answer: later steps would only repeat this.
                add.accept(watch.result(lab.id(), step.number(), step.title(), message(e)));
                return results;
            }
            add.accept(watch.result(lab.id(), step.number(), step.title(), problem));
        }
        return results;
    }

    /** Null when the step works, else what went wrong, for the instructor. */
    private static String play(Lab lab, LabStep step, LabMachine machine) throws Exception {
        String where = lab.source() + ":" + step.line() + ": step " + step.number() + " \"" + step.title() + "\": ";
        if (step.setup() != null) {
            LabMachine.Answer setup = machine.run(step.setup().text(), SETUP_LIMIT);
            if (setup.status() != 0) {
                return where + "the setup failed (status " + setup.status() + "): " + setup.output().strip();
            }
        }
        int mark = machine.console().length();
        if (step.check() != null) {
            LabMachine.Answer before = check(step.check(), machine);
            if (before.timedOut()) {
                return where + "the check did not finish within " + CHECK_LIMIT.toSeconds() + " s and was stopped";
            }
            if (before.status() == 0) {
                return where + "the check passes before the solution was typed: it must fail until the student"
                        + " has done the step";
            }
        }
        for (String line : step.solutionLines()) {
            machine.type(line, TYPE_LIMIT);
        }
        if (step.check() != null) {
            LabMachine.Answer after = check(step.check(), machine);
            if (after.timedOut()) {
                return where + "the check did not finish within " + CHECK_LIMIT.toSeconds() + " s and was stopped";
            }
            if (after.status() != 0) {
                return where + "the check fails after the solution (status " + after.status() + "): "
                        + after.output().strip();
            }
        }
        if (step.expect() != null) {
            String printed = machine.console().substring(mark);
            if (!LabExpect.matches(step.expect(), printed)) {
                return where + "the expect /" + LabExpect.regexOf(step.expect()) + "/ does not match what the"
                        + " console printed:\n" + tail(LabExpect.plain(printed));
            }
        }
        return null;
    }

    /** Runs a check as the agent's command: shell as it is, Node.js from a file (node reads no script on stdin). */
    static LabMachine.Answer check(LabBlock check, LabMachine machine) throws Exception {
        return machine.run(checkCommand(check), CHECK_LIMIT);
    }

    /** The shell command that runs a check: the page's scripts must build the same. */
    public static String checkCommand(LabBlock check) {
        if (!check.language().equals("node")) {
            return check.text();
        }
        String end = "LAB_CHECK_END_" + Integer.toHexString(check.text().hashCode() & 0x7fffffff);
        return "f=/tmp/lab-check.js\ncat >\"$f\" <<'" + end + "'\n" + check.text()
                + (check.text().endsWith("\n") ? "" : "\n") + end + "\nnode \"$f\"\n";
    }

    /** Writes the lab's files into the guest with printf's octal escapes (any bytes, no tool beyond sh). */
    static void putFiles(Lab lab, LabMachine machine) throws Exception {
        for (LabFile file : lab.files()) {
            byte[] bytes = Files.readAllBytes(lab.folder().resolve(file.from()));
            LabMachine.Answer answer = machine.run(putCommand(file, bytes), SETUP_LIMIT);
            if (answer.status() != 0) {
                throw new IllegalStateException(lab.source() + ":" + file.line() + ": could not put " + file.from()
                        + " at " + file.to() + " (status " + answer.status() + "): " + answer.output().strip());
            }
        }
    }

    static String putCommand(LabFile file, byte[] bytes) {
        StringBuilder escaped = new StringBuilder();
        for (byte b : bytes) {
            int c = b & 0xff;
            if (c >= 0x20 && c < 0x7f && c != '\'' && c != '\\' && c != '%') {
                escaped.append((char) c);
            } else {
                escaped.append(String.format("\\%03o", c));
            }
        }
        String to = file.to();
        String dir = to.substring(0, Math.max(1, to.lastIndexOf('/')));
        // A file under a user's home belongs to that user, as if they had made it.
        String owner = to.startsWith("/home/") ? "/home/" + to.split("/")[2] : null;
        StringBuilder cmd = new StringBuilder("set -e\nmkdir -p '" + dir + "'\nprintf '" + escaped + "' >'" + to
                + "'\nchmod " + file.octalMode() + " '" + to + "'\n");
        if (owner != null) {
            cmd.append("chown \"$(stat -c %u:%g '").append(owner).append("')\" '").append(to).append("'\n");
        }
        return cmd.toString();
    }

    private static String message(Exception e) {
        String m = e.getMessage() == null ? e.toString() : e.getMessage();
        return m.length() > 4000 ? m.substring(0, 4000) + "..." : m;
    }

    private static String tail(String text) {
        String t = text.strip();
        return t.length() > 1200 ? "..." + t.substring(t.length() - 1200) : t;
    }

    /** The table a person reads: lab, step, result, seconds; then the problems; then the summary line. */
    public static String table(List<StepResult> results, int labs) {
        StringBuilder out = new StringBuilder();
        int labWidth = Math.max(3, results.stream().mapToInt(r -> r.lab().length()).max().orElse(3));
        int stepWidth = Math.max(4, results.stream().mapToInt(r -> stepName(r).length()).max().orElse(4));
        String row = "%-" + labWidth + "s  %-" + stepWidth + "s  %-6s %8s %8s%n";
        out.append(String.format(row, "lab", "step", "result", "seconds", "cpu s"));
        for (StepResult r : results) {
            out.append(String.format(row, r.lab(), stepName(r), r.result(), seconds(r.time()), seconds(r.cpu())));
        }
        for (StepResult r : results) {
            if (!r.passed()) {
                out.append('\n').append(r.problem()).append('\n');
            }
        }
        long steps = results.stream().filter(r -> r.step() > 0).count();
        long failed = results.stream().filter(r -> !r.passed()).count();
        out.append(String.format("labs: %d labs, %d steps, %d failed%n", labs, steps, failed));
        return out.toString();
    }

    private static String seconds(Duration d) {
        return String.format("%.1f", d.toNanos() / 1e9);
    }

    private static String stepName(StepResult r) {
        return r.step() == 0 ? "0 " + r.title() : r.step() + " " + r.title();
    }

    /** thesis/data/lab-replay.csv and .md: the seconds of each step, for the book. */
    public static void writeData(List<StepResult> results, Path dataDir) throws java.io.IOException {
        DataTable table = new DataTable("lab-replay", "./lab labs test", List.of("lab", "step", "title", "result",
                "seconds", "cpu_seconds"));
        for (StepResult r : results) {
            table.row(r.lab(), r.step(), r.title(), r.result(), seconds(r.time()), seconds(r.cpu()));
        }
        table.writeTo(dataDir);
    }
}
