package org.nodeoslab.emulator.cli.startup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nodeoslab.emulator.cli.MachineLoader;
import org.nodeoslab.emulator.cli.session.GuestSession;
import org.nodeoslab.emulator.cli.session.Limits;
import org.nodeoslab.emulator.pc.state.MachineState;
import org.nodeoslab.emulator.pc.state.StateIndex;
import org.nodeoslab.image.agent.AgentResult;

/**
 * The start-up state: restored, it answers on its console (COM1) and through the lab agent (COM2); a check that
 * hangs is killed and the guest goes on answering; agent traffic never shows on the console; a truncated or foreign
 * state is refused by name; and built again from the same inputs it is the same bytes. Building the state boots the
 * real NodeOS image on our PC from its kernel to nsh, so these tests are also the proof that NodeOS runs on our PC
 * (they replaced a test that booted it a third time). CI cost: two builds with a cold cache, one with a warm one.
 */
class StartupStateTest {
    private static final Limits COMMAND = Limits.of(Duration.ofSeconds(60), Duration.ofMinutes(5));

    private static Path imageDir;
    private static StartupState.Built built;

    @BeforeAll
    static void startupState() throws Exception {
        imageDir = StartupState.projectImage(System.err::println);
        built = StartupState.cached(imageDir, System.err::println);
    }

    @Test
    void restoredGuestAnswersOnTheConsoleAndThroughTheAgent() throws Exception {
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

            String versions = guest.command(
                    "node -e \"console.log(process.version, Math.sin(1), JSON.stringify([0.1 + 0.2]))\"", COMMAND);
            assertTrue(Pattern.compile("\\nv18\\.\\d+\\.\\d+ 0\\.8414709848078965 \\[0\\.30000000000000004\\]\\r?\\n")
                    .matcher(versions).find(), versions);
            String shell = guest.command("echo 'a  b' \"$HOME\" | cat", COMMAND);
            assertTrue(shell.contains("a  b /\r\n"), "nsh pipes and quoting:\n" + shell);

            for (int run = 1; run <= 2; run++) {
                long before = guest.instructions();
                String node = guest.command("node -e \"console.log(6*7)\"", COMMAND);
                assertTrue(node.contains("\n42\r\n"), node);
                System.err.printf("start-up state: node -e, run %d after the restore: %,d instructions%n", run,
                        guest.instructions() - before);
            }
            assertFalse(guest.console().contains("NODEOS-"), "agent frames never reach the console");
        }
    }

    @Test
    void itsFirstPartAloneAnswersThePromptAndTheRestComesAsTouched() throws Exception {
        byte[] state = Files.readAllBytes(built.state());
        StateIndex index = MachineState.index(new ByteArrayInputStream(state), built.state().toString());
        assertTrue(index.eagerEnd() < 20 << 20, "a page downloads " + index.eagerEnd() + " bytes before it starts");
        List<Integer> fetched = new ArrayList<>();
        try (GuestSession guest = GuestSession.restore(Arrays.copyOf(state, (int) index.eagerEnd()), "first part",
                chunk -> {
                    fetched.add(chunk);
                    int from = (int) index.offset(chunk);
                    return Arrays.copyOfRange(state, from, from + index.length(chunk));
                })) {
            FirstTouch.playEager(guest);
            assertEquals(List.of(), fetched, "the prompt echoed a keystroke and answered a command from the first"
                    + " part alone");
            String node = guest.command("node -e \"console.log(6*7)\"", COMMAND);
            assertTrue(node.contains("\n42\r\n"), node);
            long hot = fetched.stream().filter(c -> c < index.eagerChunks() + index.hotChunks()).count();
            System.err.printf("start-up state: first part %,d bytes (%d eager chunks); node -e then fetched %d chunks,"
                    + " %d of them hot (of %d hot, %d in all)%n", index.eagerEnd(), index.eagerChunks(), fetched.size(),
                    hot, index.hotChunks(), index.chunkCount());
            assertTrue(hot * 2 > fetched.size(), "node -e needs mostly what the builder recorded as hot: " + fetched);
        }
    }

    @Test
    void truncatedAndForeignStatesAreRefusedByName(@TempDir Path dir) throws Exception {
        byte[] state = Files.readAllBytes(built.state());
        Path truncated = Files.write(dir.resolve("truncated.state"), Arrays.copyOf(state, state.length / 2));
        MachineLoader.LoadException e = assertThrows(MachineLoader.LoadException.class,
                () -> GuestSession.restore(truncated));
        assertEquals(truncated + ": truncated machine state (the file ends early)", e.getMessage());

        Path foreign = Files.write(dir.resolve("bzImage"), Arrays.copyOf(state, 4096));
        byte[] other = Files.readAllBytes(foreign);
        other[11] = 1; // format version 1: before RDRAND's generator was saved
        Files.write(foreign, other);
        e = assertThrows(MachineLoader.LoadException.class, () -> GuestSession.restore(foreign));
        assertTrue(e.getMessage().startsWith(foreign + ": machine state format version 1; this emulator reads"),
                e.getMessage());
        other[0] = 'X';
        Files.write(foreign, other);
        e = assertThrows(MachineLoader.LoadException.class, () -> GuestSession.restore(foreign));
        assertEquals(foreign + ": not a NodeOS Lab machine state (no \"NODEOSPC\" magic)", e.getMessage());
    }

    @Test
    void builtAgainFromTheSameInputsItIsTheSameBytes(@TempDir Path dir) throws Exception {
        Optional<StartupState.Built> cached = StartupState.existing(imageDir);
        assertTrue(cached.isPresent(), "the state built before all tests is in the cache");
        StartupState.Built again = StartupState.build(imageDir, dir, System.err::println);
        assertEquals(built.key(), again.key());
        assertArrayEquals(Files.readAllBytes(cached.get().state()), Files.readAllBytes(again.state()),
                "the same image, format, command line, RAM and builder give the same state");
        assertEquals(Files.readString(cached.get().description()), Files.readString(again.description()));
    }
}
