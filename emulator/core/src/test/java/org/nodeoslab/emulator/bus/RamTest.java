package org.nodeoslab.emulator.bus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;

import org.junit.jupiter.api.Test;

/** {@link Ram}'s word-kept RAM behaves exactly as a little-endian byte array, at every alignment. */
class RamTest {
    private static final int SIZE = 256;

    private final Random rnd = new Random(12);
    private final byte[] bytes = new byte[SIZE];
    private final int[] words = new int[SIZE / 4];

    RamTest() {
        rnd.nextBytes(bytes);
        Ram.copyIn(words, 0, bytes, 0, SIZE);
    }

    private byte[] ramBytes() {
        byte[] out = new byte[SIZE];
        Ram.copyOut(words, 0, out, 0, SIZE);
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
    void readsAtEveryAlignment() {
        for (int a = 0; a + 4 <= SIZE; a++) {
            assertEquals(reference(a, 1), Ram.read8(words, a), "read8 at " + a);
            assertEquals(reference(a, 2), Ram.read16(words, a), "read16 at " + a);
            assertEquals(reference(a, 4), Ram.read32(words, a), "read32 at " + a);
        }
    }

    @Test
    void writesAtEveryAlignmentTouchOnlyTheirBytes() {
        for (int a = 0; a + 4 <= SIZE; a++) {
            int v = rnd.nextInt();
            int size = 1 << rnd.nextInt(3);
            for (int i = 0; i < size; i++) {
                bytes[a + i] = (byte) (v >>> (8 * i));
            }
            switch (size) {
                case 1 -> Ram.write8(words, a, v);
                case 2 -> Ram.write16(words, a, v);
                default -> Ram.write32(words, a, v);
            }
            assertArrayEquals(bytes, ramBytes(), size + " bytes at " + a);
        }
    }

    @Test
    void copyForwardIsAForwardByteLoopWhateverTheOverlap() {
        for (int trial = 0; trial < 2000; trial++) {
            int length = rnd.nextInt(40);
            int src = rnd.nextInt(SIZE - length);
            int dst = rnd.nextInt(3) == 0 ? Math.min(SIZE - length, src + rnd.nextInt(9)) : rnd.nextInt(SIZE - length);
            for (int i = 0; i < length; i++) {
                bytes[dst + i] = bytes[src + i];
            }
            Ram.copyForward(words, src, dst, length);
            assertArrayEquals(bytes, ramBytes(), length + " bytes from " + src + " to " + dst);
        }
    }

    @Test
    void fillStoresElementsAtAnyAlignment() {
        for (int trial = 0; trial < 500; trial++) {
            int size = 1 << rnd.nextInt(3);
            int count = rnd.nextInt(20);
            int a = rnd.nextInt(SIZE - count * size);
            int v = rnd.nextInt();
            for (int i = 0; i < count * size; i++) {
                bytes[a + i] = (byte) (v >>> (8 * (i % size)));
            }
            Ram.fill(words, a, count, size, v);
            assertArrayEquals(bytes, ramBytes(), count + " x " + size + " bytes at " + a);
        }
    }

    @Test
    void copiesInAndOutAtAnyAlignment() {
        for (int trial = 0; trial < 500; trial++) {
            int length = rnd.nextInt(30);
            int a = rnd.nextInt(SIZE - length);
            byte[] data = new byte[length + 3];
            rnd.nextBytes(data);
            System.arraycopy(data, 1, bytes, a, length);
            Ram.copyIn(words, a, data, 1, length);
            assertArrayEquals(bytes, ramBytes());
            byte[] out = new byte[length + 2];
            Ram.copyOut(words, a, out, 2, length);
            for (int i = 0; i < length; i++) {
                assertEquals(bytes[a + i], out[2 + i]);
            }
        }
    }
}
