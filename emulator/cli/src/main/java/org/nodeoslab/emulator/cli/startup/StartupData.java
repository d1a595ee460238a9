package org.nodeoslab.emulator.cli.startup;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.nodeoslab.emulator.cli.Guest.GuestException;
import org.nodeoslab.emulator.cli.MachineLoader;
import org.nodeoslab.emulator.cli.session.GuestSession;
import org.nodeoslab.emulator.pc.state.MachineState;
import org.nodeoslab.emulator.pc.state.StateIndex;
import org.nodeoslab.image.agent.AgentResult;
import org.nodeoslab.image.data.DataTable;

/**
 * The book's table of the start-up state ({@code nodeos-emu startup-state --data-out thesis/data}): what the boot
 * to it cost (from its description), how large it is, and, measured here, what restoring it costs on the JVM and
 * what the first answers of the restored guest cost: a shell command and a Node.js start through the lab agent.
 * Costs are this thread's CPU time (the fair figure on a shared machine) and guest instructions.
 */
final class StartupData {
    static final String SOURCE = "emulator/nodeos-emu startup-state --data-out thesis/data";
    private static final Duration LIMIT = Duration.ofMinutes(2);

    private StartupData() {
    }

    static DataTable measure(StartupState.Built built) throws IOException, GuestException,
            MachineLoader.LoadException {
        String description = Files.readString(built.description());
        DataTable t = new DataTable("startup-state", SOURCE, List.of("measure", "value", "unit"))
                .row("guest instructions from power-on to the nsh prompt", number(description, "promptInstructions"),
                        "instructions")
                .row("guest memory", number(description, "memoryMiB"), "MiB")
                .row("state file (zlib, non-zero pages)", mib(Files.size(built.state())), "MiB");
        StateIndex index;
        try (var in = Files.newInputStream(built.state())) {
            index = MachineState.index(in, built.state().toString());
        }
        long hotEnd = index.hotChunks() == 0 ? index.eagerEnd()
                : index.offset(index.eagerChunks() + index.hotChunks() - 1)
                        + index.length(index.eagerChunks() + index.hotChunks() - 1);
        t.row("non-zero RAM pages", index.storedPages(), "pages")
                .row("RAM chunks (up to " + MachineState.CHUNK_PAGES + " pages each)", index.chunkCount(), "chunks")
                .row("downloaded before the prompt answers (head and eager chunks)", mib(index.eagerEnd()), "MiB")
                .row("pages touched until the prompt answers", pages(index, 0, index.eagerChunks()), "pages")
                .row("downloaded after a first session (plus hot chunks)", mib(hotEnd), "MiB")
                .row("pages touched in a first session (ls, uname, node -e, an agent check)",
                        pages(index, 0, index.eagerChunks() + index.hotChunks()), "pages");
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpu = threads.getCurrentThreadCpuTime();
        try (GuestSession guest = GuestSession.restore(built.state())) {
            t.row("restore on the JVM", seconds(threads.getCurrentThreadCpuTime() - cpu), "CPU seconds");
            measured(t, guest, threads, "agent answers `true`", "true");
            measured(t, guest, threads, "agent answers `node -e 'console.log(6*7)'`", "node -e 'console.log(6*7)'");
        }
        return t;
    }

    /** Runs {@code command} through the agent and adds its cost in CPU seconds and in guest instructions. */
    private static void measured(DataTable t, GuestSession guest, ThreadMXBean threads, String what, String command)
            throws GuestException {
        long cpu = threads.getCurrentThreadCpuTime();
        long instructions = guest.instructions();
        AgentResult result = guest.run(command, LIMIT);
        if (result.status() != 0) {
            throw new GuestException("startup-state data: `" + command + "` through the agent ended with status "
                    + result.status() + ": " + result.output(), guest.console());
        }
        t.row(what, seconds(threads.getCurrentThreadCpuTime() - cpu), "CPU seconds");
        t.row(what, guest.instructions() - instructions, "guest instructions");
    }

    private static int pages(StateIndex index, int from, int to) {
        int n = 0;
        for (int c = from; c < to; c++) {
            n += index.pages(c).length;
        }
        return n;
    }

    static String number(String json, String key) throws IOException {
        Matcher m = Pattern.compile("\"" + key + "\": (\\d+)").matcher(json);
        if (!m.find()) {
            throw new IOException("the start-up state's description has no \"" + key + "\"");
        }
        return m.group(1);
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f", bytes / 1048576.0);
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.2f", nanos / 1e9);
    }
}
