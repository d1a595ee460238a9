package org.nodeoslab.emulator.cli.startup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.nodeoslab.emulator.cli.session.GuestSession;
import org.nodeoslab.emulator.cli.session.Limits;
import org.nodeoslab.image.agent.AgentResult;

/**
 * The start-up state (built once and cached) restores into a guest that answers on its console (COM1) and through
 * the lab agent (COM2); a check that hangs is killed and the guest goes on answering; agent traffic never shows on
 * the console.
 */
class StartupStateTest {
    private static final Limits COMMAND = Limits.of(Duration.ofSeconds(60), Duration.ofMinutes(5));

    @Test
    void restoredGuestAnswersOnTheConsoleAndThroughTheAgent() throws Exception {
        StartupState.Built built = StartupState.cachedForProjectImage(System.err::println);
        long start = System.nanoTime();
        try (GuestSession guest = GuestSession.restore(built.state())) {
            System.err.printf("start-up state: restored in %.2f s%n", (System.nanoTime() - start) / 1e9);

            String echoed = guest.command("echo hi from the console", COMMAND);
            assertTrue(echoed.contains("\nhi from the console\r\n"), echoed);

            AgentResult hi = guest.run("echo hi", Duration.ofSeconds(30));
            assertEquals(new AgentResult(0, "hi\n"), hi);

            AgentResult hung = guest.run("echo before; sleep 1000 & sleep 1000; echo never", Duration.ofSeconds(3));
            assertTrue(hung.timedOut(), hung.toString());
            assertTrue(hung.output().startsWith("before\n"), hung.output());
            assertFalse(hung.output().contains("never"), hung.output());

            AgentResult after = guest.run("ps | grep -c '[s]leep 1000'; cat /home/nodeos/README >/dev/null; echo ok",
                    Duration.ofSeconds(30));
            assertEquals(new AgentResult(0, "0\nok\n"), after, "the hung check and what it started are gone");

            String node = guest.command("node -e \"console.log(6*7)\"", COMMAND);
            assertTrue(node.contains("\n42\r\n"), node);
            assertFalse(guest.console().contains("NODEOS-"), "agent frames never reach the console");
        }
    }
}
