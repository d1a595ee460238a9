package org.nodeoslab.emulator.pc.state;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.nodeoslab.emulator.pc.Pc;
import org.nodeoslab.emulator.pc.TinyPrograms;

/**
 * A saved machine as a delta against the state it was restored from (a lab page's save against the site's start-up
 * state): the base's chunks are named with their changed pages, only those and new pages stored; the restore takes them from the base, lazily; a delta on another
 * base, without its base, or damaged is refused by name.
 */
class DeltaStateTest {
    private static final int PAGE = 4096;
    /** The data's first page: 300 pages of random bytes from 1 MiB up, in 5 chunks of the base. */
    private static final int DATA = 0x100;

    /** The base: the alphabet program, run a little, plus 300 pages of random bytes; saved whole (version 3). */
    private static byte[] baseState(long seed) throws IOException {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        Pc pc = TinyPrograms.machine(TinyPrograms.ALPHABET_THEN_POWER_OFF, console);
        byte[] data = new byte[300 * PAGE];
        new Random(seed).nextBytes(data);
        pc.memory.load(DATA * PAGE, data, 0, data.length);
        pc.run(30);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        MachineState.save(pc, bytes, 1, PageOrder.ADDRESS, MachineState.CHUNK_PAGES);
        return bytes.toByteArray();
    }

    private static byte[] delta(Pc pc) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        MachineState.saveDelta(pc, bytes);
        return bytes.toByteArray();
    }

    /** A base as a page has it: the first bytes (head only), the rest fetched chunk by chunk (counted). */
    private static StateBase lazyBase(byte[] state, List<Integer> fetched) throws IOException {
        StateIndex index = MachineState.index(state, "startup.state");
        byte[] prefix = Arrays.copyOf(state, (int) index.headEnd());
        return StateBase.of(prefix, "startup.state", chunk -> {
            fetched.add(chunk);
            return Arrays.copyOfRange(state, (int) index.offset(chunk), (int) (index.offset(chunk) + index.length(chunk)));
        });
    }

    @Test
    void aDeltaStoresOnlyWhatChangedAndRestoresTheSameMachine() throws IOException {
        byte[] base = baseState(42);
        StateIndex baseIndex = MachineState.index(base, "startup.state");
        Pc pc = MachineState.restore(base, "startup.state", true);
        int written = DATA + 70; // base chunk 1 (pages 64..127 of the data, after chunk 0's low pages)
        pc.memory.write32(written * PAGE + 12, 0xDEADBEEF);
        pc.memory.read8((DATA + 200) * PAGE); // loaded, not changed
        pc.memory.write8(0x900 * PAGE + 5, 7); // a page that was zero in the base
        byte[] pages = new byte[PAGE];
        pc.memory.load((DATA + 280) * PAGE, pages, 0, PAGE); // a base page that is zero now

        byte[] delta = delta(pc);
        assertTrue(MachineState.isDelta(delta));
        StateIndex own = MachineState.index(delta, "lab.state");
        assertEquals(2, own.storedPages(), "the changed page and the new one (the zeroed one is left out)");
        assertTrue(delta.length < base.length / 2, delta.length + " bytes, the base " + base.length);

        List<Integer> fetched = new ArrayList<>();
        Pc restored = MachineState.restore(delta, "lab.state", true, lazyBase(base, fetched));
        assertEquals(List.of(), fetched, "nothing of the base is fetched before the guest touches it");
        assertEquals(0xDEADBEEF, restored.memory.read32(written * PAGE + 12));
        assertEquals(List.of(), fetched, "a changed page comes from the delta");
        restored.memory.read8((DATA + 5) * PAGE);
        assertEquals(1, fetched.size(), "an unchanged page comes from the base's chunk, when touched");
        assertArrayEquals(ram(pc), ram(restored));

        // The same guest goes on: it prints the rest of the alphabet, as the machine it was saved from does.
        assertEquals(run(pc), run(MachineState.restore(delta, "lab.state", true, lazyBase(base, new ArrayList<>()))));
    }

    @Test
    void aMachineRestoredFromADeltaSavesADeltaOnTheSameBase() throws IOException {
        byte[] base = baseState(42);
        Pc pc = MachineState.restore(base, "startup.state", true);
        pc.memory.write32((DATA + 3) * PAGE, 1);
        List<Integer> fetched = new ArrayList<>();
        StateBase lazy = lazyBase(base, fetched);
        Pc second = MachineState.restore(delta(pc), "lab.state", true, lazy);
        second.memory.write32((DATA + 290) * PAGE, 2);
        int loaded = chunkOf(MachineState.index(base, "x"), DATA + 290);
        assertEquals(List.of(loaded), fetched, "the write brought its chunk in");
        byte[] again = delta(second);
        assertTrue(fetched.stream().allMatch(c -> c == loaded), "a delta's save reads no chunk of the base the guest"
                + " has not loaded (it compares the loaded one with the base's bytes): " + fetched);
        Pc third = MachineState.restore(again, "lab.state", true, lazyBase(base, new ArrayList<>()));
        assertEquals(1, third.memory.read32((DATA + 3) * PAGE));
        assertEquals(2, third.memory.read32((DATA + 290) * PAGE));
        assertArrayEquals(ram(second), ram(third));
        assertEquals(2, MachineState.index(again, "x").storedPages(), "the two changed pages, nothing else");
    }

    @Test
    void aWholeSavedStateRestoredOnABaseSavesItsNextDeltaAgainstThatBase() throws IOException {
        byte[] base = baseState(42);
        Pc pc = MachineState.restore(base, "startup.state", true);
        pc.memory.write32((DATA + 3) * PAGE, 1);
        ByteArrayOutputStream whole = new ByteArrayOutputStream();
        MachineState.save(pc, whole); // what a lab page saved before deltas
        Pc restored = MachineState.restore(whole.toByteArray(), "old-save.state", true, lazyBase(base, new ArrayList<>()));
        byte[] delta = delta(restored);
        assertEquals(1, MachineState.index(delta, "x").storedPages());
        assertArrayEquals(ram(pc), ram(MachineState.restore(delta, "lab.state", true, lazyBase(base, new ArrayList<>()))));
    }

    @Test
    void aDeltaOnAnotherBaseOrWithoutOneIsRefusedSayingWhich() throws IOException {
        byte[] base = baseState(42);
        Pc pc = MachineState.restore(base, "startup.state", true);
        byte[] delta = delta(pc);
        String identity = lazyBase(base, new ArrayList<>()).shortIdentity();
        StateBase other = lazyBase(baseState(43), new ArrayList<>());

        StateFormatException e = assertThrows(StateFormatException.class,
                () -> MachineState.restore(delta, "lab.state", true, other));
        assertEquals("lab.state: saved on the state " + identity + ", not on startup.state (" + other.shortIdentity()
                + ")", e.getMessage());
        e = assertThrows(StateFormatException.class, () -> MachineState.restore(delta, "lab.state", true, (StateBase) null));
        assertEquals("lab.state: a saved delta of the state " + identity + ", which is not here", e.getMessage());
        e = assertThrows(StateFormatException.class, () -> MachineState.restore(delta, "lab.state", true));
        assertEquals("lab.state: a saved delta of the state " + identity + "; it is restored only together with that state",
                e.getMessage());
        e = assertThrows(StateFormatException.class, () -> StateBase.of(delta, "lab.state", ChunkFetcher.NONE));
        assertEquals("lab.state: a delta cannot be the base of another", e.getMessage());
    }

    @Test
    void aDamagedOrTruncatedDeltaIsRefusedBeforeItsMachineRuns() throws IOException {
        byte[] base = baseState(42);
        Pc pc = MachineState.restore(base, "startup.state", true);
        pc.memory.write32((DATA + 3) * PAGE, 1);
        pc.memory.write32((DATA + 290) * PAGE, 2);
        byte[] delta = delta(pc);
        StateIndex own = MachineState.index(delta, "lab.state");
        assertEquals(1, own.chunkCount());

        byte[] damaged = delta.clone();
        damaged[(int) own.offset(0) + 20] ^= 0x40;
        StateFormatException e = assertThrows(StateFormatException.class,
                () -> MachineState.restore(damaged, "lab.state", true, lazyBase(base, new ArrayList<>())));
        assertTrue(e.getMessage().startsWith("lab.state: RAM chunk 0 of 1 is damaged (CRC-32 "), e.getMessage());

        byte[] truncated = Arrays.copyOf(delta, delta.length - 1);
        e = assertThrows(StateFormatException.class,
                () -> MachineState.restore(truncated, "lab.state", true, lazyBase(base, new ArrayList<>())));
        assertEquals("lab.state: truncated machine state (the file ends early)", e.getMessage());
    }

    @Test
    void aDamagedBaseChunkIsAnErrorNamingTheBaseWhenTouched() throws IOException {
        byte[] base = baseState(42);
        StateIndex index = MachineState.index(base, "startup.state");
        byte[] delta = delta(MachineState.restore(base, "startup.state", true));
        byte[] damagedBase = base.clone();
        damagedBase[(int) index.offset(2) + 9] ^= 1;
        Pc restored = MachineState.restore(delta, "lab.state", true, lazyBase(damagedBase, new ArrayList<>()));
        StateChunkException e = assertThrows(StateChunkException.class,
                () -> restored.memory.read8(index.pages(2)[0] * PAGE));
        assertTrue(e.getMessage().startsWith("startup.state: RAM chunk 2 of " + index.chunkCount() + " is damaged"),
                e.getMessage());
    }

    @Test
    void aBootedMachineHasNoBaseForADelta() {
        Pc pc = TinyPrograms.machine(TinyPrograms.ALPHABET_THEN_POWER_OFF, new ByteArrayOutputStream());
        assertThrows(IllegalStateException.class, () -> delta(pc));
    }

    @Test
    void sha256IsTheJdksForEveryPaddingCase() throws NoSuchAlgorithmException {
        Random random = new Random(1);
        for (int length : new int[] {0, 1, 3, 55, 56, 63, 64, 65, 119, 120, 127, 128, 1000, 100_003}) {
            byte[] data = new byte[length + 7];
            random.nextBytes(data);
            MessageDigest jdk = MessageDigest.getInstance("SHA-256");
            jdk.update(data, 5, length);
            assertArrayEquals(jdk.digest(), Sha256.of(data, 5, length), "length " + length);
        }
    }

    private static int chunkOf(StateIndex index, int page) {
        for (int c = 0; c < index.chunkCount(); c++) {
            if (Arrays.stream(index.pages(c)).anyMatch(p -> p == page)) {
                return c;
            }
        }
        throw new AssertionError("page " + page + " is in no chunk");
    }

    private static String run(Pc pc) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        pc.com1.setSink(out::write);
        assertNotNull(pc.run(10_000));
        return out.toString();
    }

    private static byte[] ram(Pc pc) {
        byte[] bytes = new byte[pc.memory.size()];
        pc.memory.copyOut(0, bytes, 0, bytes.length);
        return bytes;
    }
}
