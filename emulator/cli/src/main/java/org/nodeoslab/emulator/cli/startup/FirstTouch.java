package org.nodeoslab.emulator.cli.startup;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import org.nodeoslab.emulator.cli.Guest.GuestException;
import org.nodeoslab.emulator.cli.MachineLoader;
import org.nodeoslab.emulator.cli.session.GuestSession;
import org.nodeoslab.emulator.cli.session.Limits;
import org.nodeoslab.emulator.pc.state.MachineState;
import org.nodeoslab.emulator.pc.state.PageOrder;
import org.nodeoslab.emulator.pc.state.StateIndex;
import org.nodeoslab.image.agent.AgentResult;

/**
 * Learns which RAM pages a student's first minutes need, in the order they are needed: the start-up state, saved with
 * one page per chunk, is restored lazily and driven as a student and a lab would drive it, and each chunk the guest
 * asks for is a page touched for the first time. What it touches until its prompt has echoed a keystroke and answered
 * a command is the eager part (downloaded before the machine starts); what a typical first session touches next (a
 * lab check through the agent, a command or two, Node.js) is the hot part (fetched in the background right after). On
 * the virtual clock, so the order, and the state laid out by it, is the same on every build. Guest time passes idle
 * before each part, as it does in a tab while the student reads: timers then run the kernel's periodic work, which a
 * browser's real clock runs right after a restore (measured: without it, 16 chunks were fetched before the first echo).
 */
final class FirstTouch {
    private static final Limits STEP = Limits.of(Duration.ofSeconds(120), Duration.ofMinutes(10));
    private static final Duration AGENT_LIMIT = Duration.ofSeconds(60);
    private static final Duration READING = Duration.ofSeconds(3);
    /** The eager part's command: what a bench or a student types first (nsh runs echo itself). */
    static final String FIRST_COMMAND = "echo ready";
    /** What the hot part plays after the prompt answered: typed at the prompt, as a student would. */
    static final String[] TYPED = {"ls /", "uname -a", "node -e \"console.log(6*7)\""};
    /** And through the lab agent, as a lab's setup and checks do. */
    static final String AGENT_CHECK = "test -d /home/nodeos && uname -r";

    private FirstTouch() {
    }

    /**
     * What the eager part is recorded from: guest time passes as the student reads, then a keystroke is echoed and a
     * command answered at the prompt.
     */
    static void playEager(GuestSession guest) throws GuestException {
        guest.idle(READING);
        guest.type(FIRST_COMMAND.substring(0, 1));
        guest.waitFor(Pattern.compile(Pattern.quote(FIRST_COMMAND.substring(0, 1))), STEP);
        guest.command(FIRST_COMMAND.substring(1), STEP);
    }

    /** {@code perPage}: the state saved with one page per chunk ({@link GuestSession#savePerPage()}). */
    static PageOrder record(byte[] perPage, Consumer<String> log) throws IOException, GuestException,
            MachineLoader.LoadException {
        StateIndex index = MachineState.index(new ByteArrayInputStream(perPage), "start-up state");
        int[] touched = new int[index.storedPages()];
        int[] count = {0};
        byte[] head = Arrays.copyOf(perPage, (int) index.headEnd());
        try (GuestSession guest = GuestSession.restore(head, "start-up state (recording first touches)", chunk -> {
            touched[count[0]++] = index.pages(chunk)[0];
            int from = (int) index.offset(chunk);
            return Arrays.copyOfRange(perPage, from, from + index.length(chunk));
        })) {
            playEager(guest);
            int eager = count[0];
            guest.idle(READING);
            AgentResult check = guest.run(AGENT_CHECK, AGENT_LIMIT);
            if (check.status() != 0) {
                throw new GuestException("start-up state: the lab agent's check `" + AGENT_CHECK + "` ended with "
                        + check.status() + ": " + check.output(), guest.console());
            }
            for (String line : TYPED) {
                guest.command(line, STEP);
            }
            guest.idle(READING);
            int hot = count[0] - eager;
            log.accept(String.format("start-up state: %,d pages touched until the prompt answers, %,d more in a first"
                    + " session, of %,d", eager, hot, index.storedPages()));
            return new PageOrder(Arrays.copyOf(touched, count[0]), eager, hot);
        }
    }
}
