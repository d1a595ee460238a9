package org.nodeoslab.emulator.pc.state;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.nodeoslab.emulator.pc.Pc;
import org.nodeoslab.emulator.pc.TinyPrograms;

/** RAM restored lazily: chunks come in on first touch, exactly, and a chunk that cannot be had is an error naming it. */
class LazyRestoreTest {
    private static final int PAGE = 4096;

    /** The alphabet program plus 300 pages of random bytes from 1 MiB up (several chunks). */
    private static Pc machineWithData() {
        Pc pc = TinyPrograms.machine(TinyPrograms.ALPHABET_THEN_POWER_OFF, new ByteArrayOutputStream());
        byte[] data = new byte[300 * PAGE];
        new Random(42).nextBytes(data);
        pc.memory.load(0x100000, data, 0, data.length);
        return pc;
    }

    private static byte[] save(Pc pc, PageOrder order) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        MachineState.save(pc, bytes, 1, order, MachineState.CHUNK_PAGES);
        return bytes.toByteArray();
    }

    private static StateIndex index(byte[] state) throws IOException {
        return MachineState.index(new ByteArrayInputStream(state), "test.state");
    }

    @Test
    void aPageTouchedForTheFirstTimeIsLoadedExactlyWithItsChunkOnly() throws IOException {
        Pc original = machineWithData();
        byte[] state = save(original, PageOrder.ADDRESS);
        Pc restored = MachineState.restore(state, "test.state", true);
        int chunks = index(state).chunkCount();
        assertEquals(chunks, restored.memory.lazyPages().missingChunks(), "nothing is unpacked by the restore");

        int page = 0x100 + 150;
        int value = restored.memory.read8(page * PAGE + 7);
        assertEquals(original.memory.read8(page * PAGE + 7), value);
        assertArrayEquals(ram(original, page * PAGE, PAGE), ramAsItIs(restored, page * PAGE, PAGE));
        assertEquals(chunks - 1, restored.memory.lazyPages().missingChunks(), "one chunk came in");
        assertTrue(restored.memory.lazyPages().isMissing(0x100), "a page of another chunk is still missing");
        assertTrue(!restored.memory.isPlainRam(0x100 * PAGE), "so the CPU may not cache it");
        assertTrue(restored.memory.isPlainRam(page * PAGE));

        restored.memory.loadAllPages();
        assertNull(restored.memory.lazyPages());
        assertArrayEquals(ram(original), ram(restored));
    }

    /** Each way into RAM from outside the TLB brings a missing page in before it reads or writes it. */
    @Test
    void everySlowAccessorBringsAMissingPageInFirst() throws IOException {
        Pc original = machineWithData();
        byte[] state = save(original, PageOrder.ADDRESS);
        int page = 0x100 + 77;
        int at = page * PAGE + 0x120;
        java.util.Map<String, java.util.function.Consumer<Pc>> accesses = new java.util.LinkedHashMap<>();
        accesses.put("read8", pc -> pc.memory.read8(at));
        accesses.put("read16", pc -> pc.memory.read16(at));
        accesses.put("read32", pc -> pc.memory.read32(at));
        accesses.put("write8", pc -> pc.memory.write8(at, 0x5A));
        accesses.put("write16", pc -> pc.memory.write16(at, 0x5A5A));
        accesses.put("write32", pc -> pc.memory.write32(at, 0x5A5A5A5A));
        accesses.put("load", pc -> pc.memory.load(at, new byte[] {0x5A}, 0, 1));
        accesses.put("copyOut", pc -> pc.memory.copyOut(at, new byte[1], 0, 1));
        for (var access : accesses.entrySet()) {
            Pc restored = MachineState.restore(state, "test.state", true);
            access.getValue().accept(restored);
            assertTrue(!restored.memory.lazyPages().isMissing(page), access.getKey() + " brought the page in");
            byte[] expected = ram(original, page * PAGE, PAGE);
            byte[] actual = ramAsItIs(restored, page * PAGE, PAGE);
            if (access.getKey().startsWith("write") || access.getKey().equals("load")) {
                int size = access.getKey().equals("write16") ? 2 : access.getKey().equals("write32") ? 4 : 1;
                for (int i = 0; i < size; i++) {
                    expected[0x120 + i] = 0x5A;
                }
            }
            assertArrayEquals(expected, actual, access.getKey() + ": the page's own bytes, then the access");
        }
    }

    @Test
    void theGuestRunsFromLazilyRestoredRamAndSavesItWhole() throws IOException {
        ByteArrayOutputStream before = new ByteArrayOutputStream();
        Pc pc = TinyPrograms.machine(TinyPrograms.ALPHABET_THEN_POWER_OFF, before);
        pc.run(30);
        byte[] state = save(pc, PageOrder.ADDRESS);
        Pc restored = MachineState.restore(state, "test.state", true);
        ByteArrayOutputStream after = new ByteArrayOutputStream();
        restored.com1.setSink(after::write);
        assertEquals(Pc.Stop.POWER_OFF, restored.run(10_000));
        assertEquals("abcdefghijklmnopqrstuvwxyz", before.toString() + after.toString());

        Pc again = MachineState.restore(state, "test.state", true);
        assertArrayEquals(state, save(again, PageOrder.ADDRESS), "a save brings in every missing page first");
    }

    @Test
    void chunksBeyondThePrefixComeFromTheFetcherWhenTouched() throws IOException {
        Pc original = machineWithData();
        byte[] state = save(original, PageOrder.ADDRESS);
        StateIndex index = index(state);
        List<Integer> asked = new ArrayList<>();
        byte[] prefix = Arrays.copyOf(state, (int) index.headEnd());
        Pc restored = MachineState.restore(prefix, "test.state", true, chunk -> {
            asked.add(chunk);
            return Arrays.copyOfRange(state, (int) index.offset(chunk), (int) (index.offset(chunk) + index.length(chunk)));
        });
        int page = 0x100 + 299;
        restored.memory.read8(page * PAGE);
        assertEquals(1, asked.size());
        assertTrue(Arrays.stream(index.pages(asked.get(0))).anyMatch(p -> p == page));
        restored.memory.loadAllPages();
        assertArrayEquals(ram(original), ram(restored));
        assertEquals(index.chunkCount(), asked.size(), "each chunk fetched once");
    }

    @Test
    void aDamagedChunkIsAnErrorNamingItNeverAZeroPage() throws IOException {
        byte[] state = save(machineWithData(), PageOrder.ADDRESS);
        StateIndex index = index(state);
        int chunk = index.chunkCount() - 1;
        state[(int) index.offset(chunk) + 10] ^= 0x55;
        Pc restored = MachineState.restore(state, "test.state", true);
        int page = index.pages(chunk)[0];
        StateChunkException e = assertThrows(StateChunkException.class, () -> restored.memory.read8(page * PAGE));
        assertTrue(e.getMessage().startsWith("test.state: RAM chunk " + chunk + " of " + index.chunkCount()
                + " is damaged (CRC-32 "), e.getMessage());
        assertTrue(restored.memory.lazyPages().isMissing(page), "the page stays missing, not zero");
    }

    @Test
    void aChunkThatCannotBeFetchedIsAnErrorNamingIt() throws IOException {
        byte[] state = save(machineWithData(), PageOrder.ADDRESS);
        StateIndex index = index(state);
        byte[] prefix = Arrays.copyOf(state, (int) index.headEnd());
        Pc failing = MachineState.restore(prefix, "test.state", true, chunk -> {
            throw new StateChunkException("https://example.org/s-" + chunk + ".chunk: download failed, HTTP 404");
        });
        int page = index.pages(2)[0];
        StateChunkException e = assertThrows(StateChunkException.class, () -> failing.memory.read8(page * PAGE));
        assertEquals("https://example.org/s-2.chunk: download failed, HTTP 404", e.getMessage());

        Pc shortChunk = MachineState.restore(prefix, "test.state", true, chunk -> new byte[3]);
        e = assertThrows(StateChunkException.class, () -> shortChunk.memory.read8(page * PAGE));
        assertEquals("test.state: RAM chunk 2 of " + index.chunkCount() + " arrived with 3 bytes, the index says "
                + index.length(2), e.getMessage());
    }

    @Test
    void pagesInTheGivenOrderComeFirstEagerOnesApart() throws IOException {
        Pc original = machineWithData();
        int[] order = {0x100 + 200, 0x900, 0x100 + 3, 0x100 + 250};
        byte[] state = save(original, new PageOrder(order, 3, 1));
        StateIndex index = index(state);
        assertEquals(1, index.eagerChunks());
        assertEquals(1, index.hotChunks());
        assertArrayEquals(new int[] {0x100 + 200, 0x100 + 3}, index.pages(0), "eager pages; the zero page 0x900 is left out");
        assertArrayEquals(new int[] {0x100 + 250}, index.pages(1));
        assertEquals(index.offset(1), index.eagerEnd());
        assertArrayEquals(ram(original), ram(restoredWhole(state)));
    }

    private static byte[] ram(Pc pc) {
        return ram(pc, 0, pc.memory.size());
    }

    private static byte[] ram(Pc pc, int address, int length) {
        byte[] bytes = new byte[length];
        pc.memory.copyOut(address, bytes, 0, length);
        return bytes;
    }

    /** RAM bytes without bringing in missing pages: what the guest would see there now. */
    private static byte[] ramAsItIs(Pc pc, int address, int length) {
        byte[] bytes = new byte[length];
        pc.memory.storage().copyOut(address, bytes, 0, length);
        return bytes;
    }

    private static Pc restoredWhole(byte[] state) throws IOException {
        Pc pc = MachineState.restore(state, "test.state", true);
        pc.memory.loadAllPages();
        return pc;
    }
}
