package org.nodeoslab.emulator.bus;

/**
 * Guest RAM kept as little-endian 32-bit words ({@link ArrayStorage#words}): byte {@code a} is bits
 * {@code 8 * (a & 3)} to {@code 8 * (a & 3) + 7} of word {@code a >>> 2}.
 *
 * <p>Why words and not bytes: an aligned 16- or 32-bit guest access is then one array access instead of two or four.
 * On the JVM that is one bounds check and one load; in TeaVM's WebAssembly GC build every array element access is
 * a bounds-checked {@code array.get}, so assembling a dword from a {@code byte[]} cost four of them. A byte access
 * costs a shift (and a read-modify-write to store), an unaligned dword two words.
 *
 * <p>The accessors take a byte address inside the array and do no range checks of their own beyond Java's; the
 * multi-byte ones need the bytes they touch to be inside the array (an access that does not cross a 4 KiB page
 * always is, RAM being whole pages).
 */
public final class Ram {
    private Ram() {
    }

    /** Words needed for {@code bytes} bytes of RAM (a multiple of 4). */
    public static int words(int bytes) {
        return bytes >>> 2;
    }

    public static int read8(int[] w, int a) {
        return w[a >>> 2] >>> ((a & 3) << 3) & 0xFF;
    }

    public static int read16(int[] w, int a) {
        int i = a >>> 2;
        int s = (a & 3) << 3;
        if (s != 24) {
            return w[i] >>> s & 0xFFFF;
        }
        return w[i] >>> 24 | (w[i + 1] & 0xFF) << 8;
    }

    public static int read32(int[] w, int a) {
        int i = a >>> 2;
        int s = (a & 3) << 3;
        if (s == 0) {
            return w[i];
        }
        return w[i] >>> s | w[i + 1] << (32 - s);
    }

    public static void write8(int[] w, int a, int v) {
        int i = a >>> 2;
        int s = (a & 3) << 3;
        w[i] = w[i] & ~(0xFF << s) | (v & 0xFF) << s;
    }

    public static void write16(int[] w, int a, int v) {
        int i = a >>> 2;
        int s = (a & 3) << 3;
        if (s != 24) {
            w[i] = w[i] & ~(0xFFFF << s) | (v & 0xFFFF) << s;
            return;
        }
        w[i] = w[i] & 0x00FFFFFF | v << 24;
        w[i + 1] = w[i + 1] & 0xFFFFFF00 | v >>> 8 & 0xFF;
    }

    public static void write32(int[] w, int a, int v) {
        int i = a >>> 2;
        int s = (a & 3) << 3;
        if (s == 0) {
            w[i] = v;
            return;
        }
        w[i] = w[i] & ((1 << s) - 1) | v << s;
        w[i + 1] = w[i + 1] & (-1 << s) | v >>> (32 - s);
    }

    // ---- Bulk --------------------------------------------------------------------------------------------

    /** Copies {@code length} bytes of RAM from byte address {@code a} into {@code dst[offset...]}. */
    public static void copyOut(int[] w, int a, byte[] dst, int offset, int length) {
        int i = 0;
        for (; i < length && ((a + i) & 3) != 0; i++) {
            dst[offset + i] = (byte) read8(w, a + i);
        }
        for (; i + 4 <= length; i += 4) {
            int v = w[(a + i) >>> 2];
            int o = offset + i;
            dst[o] = (byte) v;
            dst[o + 1] = (byte) (v >>> 8);
            dst[o + 2] = (byte) (v >>> 16);
            dst[o + 3] = (byte) (v >>> 24);
        }
        for (; i < length; i++) {
            dst[offset + i] = (byte) read8(w, a + i);
        }
    }

    /** Copies {@code src[offset...offset + length)} into RAM at byte address {@code a}. */
    public static void copyIn(int[] w, int a, byte[] src, int offset, int length) {
        int i = 0;
        for (; i < length && ((a + i) & 3) != 0; i++) {
            write8(w, a + i, src[offset + i]);
        }
        for (; i + 4 <= length; i += 4) {
            int o = offset + i;
            w[(a + i) >>> 2] = (src[o] & 0xFF) | (src[o + 1] & 0xFF) << 8 | (src[o + 2] & 0xFF) << 16 | src[o + 3] << 24;
        }
        for (; i < length; i++) {
            write8(w, a + i, src[offset + i]);
        }
    }

    /**
     * Copies {@code length} bytes from {@code src} to {@code dst} inside RAM with the meaning of a forward byte
     * loop (REP MOVSB): where the destination starts inside the source, the bytes written are read again, so a
     * pattern repeats, as on the CPU.
     */
    public static void copyForward(int[] w, int src, int dst, int length) {
        int distance = dst - src;
        if (distance > 0 && distance < length && distance < 4) {
            for (int i = 0; i < length; i++) {
                write8(w, dst + i, read8(w, src + i));
            }
            return;
        }
        int i = 0;
        for (; i < length && ((dst + i) & 3) != 0; i++) {
            write8(w, dst + i, read8(w, src + i));
        }
        int whole = (length - i) & ~3;
        if (((src + i) & 3) == 0 && (distance <= 0 || distance >= length)) {
            // Same lane, no forward overlap: a word copy (memmove meaning equals the forward loop's here).
            System.arraycopy(w, (src + i) >>> 2, w, (dst + i) >>> 2, whole >>> 2);
            i += whole;
        } else {
            // Word by word, forward: a source word is read before the destination words after it are written,
            // and distance >= 4 means no destination word overlaps the source word it is read from.
            for (int end = i + whole; i < end; i += 4) {
                w[(dst + i) >>> 2] = read32(w, src + i);
            }
        }
        for (; i < length; i++) {
            write8(w, dst + i, read8(w, src + i));
        }
    }

    /** Stores {@code count} elements of {@code size} bytes (1, 2 or 4) with value {@code v} from byte address a. */
    public static void fill(int[] w, int a, int count, int size, int v) {
        int length = count * size;
        int pattern = size == 1 ? (v & 0xFF) * 0x01010101 : size == 2 ? (v & 0xFFFF) * 0x00010001 : v;
        int i = 0;
        for (; i < length && ((a + i) & 3) != 0; i++) {
            write8(w, a + i, pattern >>> ((i & 3) << 3));
        }
        int whole = (length - i) & ~3;
        if (whole > 0) {
            // Aligned words of the destination hold the pattern rotated by how far the first element is from them.
            int lane = i & 3;
            int rotated = lane == 0 ? pattern : pattern >>> (lane << 3) | pattern << (32 - (lane << 3));
            java.util.Arrays.fill(w, (a + i) >>> 2, (a + i + whole) >>> 2, rotated);
            i += whole;
        }
        for (; i < length; i++) {
            write8(w, a + i, pattern >>> ((i & 3) << 3));
        }
    }

    /** True if the {@code length} bytes (whole words) from word-aligned byte address {@code a} are all zero. */
    public static boolean isZero(int[] w, int a, int length) {
        for (int i = a >>> 2, end = (a + length) >>> 2; i < end; i++) {
            if (w[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
