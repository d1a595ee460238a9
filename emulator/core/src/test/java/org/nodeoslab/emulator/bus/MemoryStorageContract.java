package org.nodeoslab.emulator.bus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * What every {@link MemoryStorage} must do, checked against a plain little-endian byte array: RAM at every alignment,
 * the bulk operations (REP MOVS's forward-copy meaning included), the TLBs, the code-page flags and recycling. An
 * implementation's test extends it and says how to make one ({@link ArrayStorageTest}; a storage outside core, e.g.
 * one over a test's WebAssembly memory, can use it through core's test-jar).
 */
public abstract class MemoryStorageContract {
    /** Eight pages: room for page-crossing bulk operations, small enough to compare whole. */
    protected static final int SIZE = 8 * 4096;

    private final Random rnd = new Random(7);
    private final byte[] bytes = new byte[SIZE];

    /** A new storage with {@code ramBytes} of RAM (all zeros), as the implementation's factory makes it. */
    protected abstract MemoryStorage create(int ramBytes);

    private MemoryStorage filled() {
        MemoryStorage s = create(SIZE);
        assertTrue(s.isZero(0, SIZE), "a new storage's RAM is zero");
        rnd.nextBytes(bytes);
        s.copyIn(0, bytes, 0, SIZE);
        return s;
    }

    private byte[] ramOf(MemoryStorage s) {
        byte[] out = new byte[SIZE];
        s.copyOut(0, out, 0, SIZE);
        return out;
    }

    private int reference(int a, int size) {
        int v = 0;
        for (int i = 0; i < size; i++) {
            v |= (bytes[a + i] & 0xFF) << (8 * i);
        }
        return v;
    }

    @Test
    public void readsAtEveryAlignment() {
        MemoryStorage s = filled();
        for (int a = 0; a + 4 <= 512; a++) {
            assertEquals(reference(a, 1), s.read8(a), "read8 at " + a);
            assertEquals(reference(a, 2), s.read16(a), "read16 at " + a);
            assertEquals(reference(a, 4), s.read32(a), "read32 at " + a);
        }
        assertEquals(reference(SIZE - 4, 4), s.read32(SIZE - 4), "the last dword");
    }

    @Test
    public void writesAtEveryAlignmentTouchOnlyTheirBytes() {
        MemoryStorage s = filled();
        for (int a = 0; a + 4 <= 512; a++) {
            int v = rnd.nextInt();
            int size = 1 << rnd.nextInt(3);
            for (int i = 0; i < size; i++) {
                bytes[a + i] = (byte) (v >>> (8 * i));
            }
            switch (size) {
                case 1 -> s.write8(a, v);
                case 2 -> s.write16(a, v);
                default -> s.write32(a, v);
            }
            assertArrayEquals(bytes, ramOf(s), size + " bytes at " + a);
        }
    }

    @Test
    public void copyInAndOutAtOddPlacesAndLengths() {
        MemoryStorage s = filled();
        for (int n = 0; n < 200; n++) {
            int length = rnd.nextInt(300);
            int a = rnd.nextInt(SIZE - length);
            byte[] data = new byte[length + 1];
            rnd.nextBytes(data);
            s.copyIn(a, data, 1, length);
            System.arraycopy(data, 1, bytes, a, length);
            byte[] out = new byte[length + 2];
            s.copyOut(a, out, 2, length);
            assertArrayEquals(java.util.Arrays.copyOfRange(bytes, a, a + length),
                    java.util.Arrays.copyOfRange(out, 2, 2 + length), length + " bytes at " + a);
        }
        assertArrayEquals(bytes, ramOf(s));
    }

    @Test
    public void copyForwardIsAForwardByteLoopWhateverTheOverlap() {
        MemoryStorage s = filled();
        int[] distances = {-4097, -5, -4, -3, -1, 0, 1, 2, 3, 4, 5, 7, 8, 100, 4095, 4096, 4097};
        for (int distance : distances) {
            for (int n = 0; n < 20; n++) {
                int length = rnd.nextInt(5000);
                int src = 4100 + rnd.nextInt(SIZE - 8200 - length);
                int dst = src + distance;
                for (int i = 0; i < length; i++) {
                    bytes[dst + i] = bytes[src + i];
                }
                s.copyForward(src, dst, length);
                assertArrayEquals(bytes, ramOf(s), length + " bytes from " + src + " to " + dst);
            }
        }
        for (int n = 0; n < 2000; n++) {
            // Short copies, a third of them a few bytes forward of their source (the pattern cases).
            int length = rnd.nextInt(40);
            int src = rnd.nextInt(SIZE - length);
            int dst = rnd.nextInt(3) == 0 ? Math.min(SIZE - length, src + rnd.nextInt(9)) : rnd.nextInt(SIZE - length);
            for (int i = 0; i < length; i++) {
                bytes[dst + i] = bytes[src + i];
            }
            s.copyForward(src, dst, length);
            assertArrayEquals(bytes, ramOf(s), length + " bytes from " + src + " to " + dst);
        }
    }

    @Test
    public void fillStoresElementsOfEachSize() {
        MemoryStorage s = filled();
        for (int n = 0; n < 600; n++) {
            int size = 1 << rnd.nextInt(3);
            int count = rnd.nextInt(n < 500 ? 20 : 1200);
            int a = rnd.nextInt(SIZE - count * size);
            int v = rnd.nextInt();
            for (int i = 0; i < count * size; i++) {
                bytes[a + i] = (byte) (v >>> (8 * (i % size)));
            }
            s.fill(a, count, size, v);
            assertArrayEquals(bytes, ramOf(s), count + " elements of " + size + " at " + a);
        }
    }

    @Test
    public void zeroAndIsZeroWorkByPage() {
        MemoryStorage s = filled();
        s.zero(4096, 4096);
        assertTrue(s.isZero(4096, 4096));
        assertFalse(s.isZero(0, 4096));
        s.write8(4096 + 4095, 1);
        assertFalse(s.isZero(4096, 4096), "the page's last byte counts");
        assertEquals(0, s.read32(4096 + 4088));
    }

    @Test
    public void tlbEntriesAndCodeFlagsAreKeptPerPageAndCleared() {
        MemoryStorage s = create(SIZE);
        int last = MemoryStorage.TLB_ENTRIES - 1;
        s.setReadTlb(0, 0x12345003);
        s.setReadTlb(last, -1);
        s.setWriteTlb(last, 0x7);
        assertEquals(0x12345003, s.readTlb(0));
        assertEquals(-1, s.readTlb(last));
        assertEquals(0x7, s.writeTlb(last));
        assertEquals(0, s.writeTlb(0), "the two TLBs are apart");
        s.setCodePage(s.pages() - 1, 1);
        assertEquals(1, s.codePage(s.pages() - 1));
        assertEquals(0, s.codePage(0));
        assertTrue(s.isZero(0, SIZE), "neither touches RAM");
        s.clearTlb();
        assertEquals(0, s.readTlb(0) | s.readTlb(last) | s.writeTlb(last));
        s.clearCodePages();
        assertEquals(0, s.codePage(s.pages() - 1));
    }

    @Test
    public void aRecycledStorageComesBackAsNew() {
        MemoryStorage s = filled();
        s.setReadTlb(77, 3);
        s.setWriteTlb(78, 3);
        s.setCodePage(2, 1);
        s.recycle();
        MemoryStorage next = create(SIZE);
        assertSame(s, next, "the next machine of the size takes it");
        assertTrue(next.isZero(0, SIZE));
        assertEquals(0, next.readTlb(77) | next.writeTlb(78) | next.codePage(2));
        assertNotSame(next, create(SIZE), "handed out once");
    }
}
