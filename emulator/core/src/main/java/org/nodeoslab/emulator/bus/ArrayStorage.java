package org.nodeoslab.emulator.bus;

/**
 * The JVM's {@link MemoryStorage}: guest RAM as an {@code int[]} of little-endian words (read and written by
 * {@link Ram}), the TLBs as two {@code int[]} and the code-page flags as a {@code byte[]}. The arrays are public for
 * the JVM back end of the JIT (emulator/jit-jvm), whose generated classes index them directly.
 */
public final class ArrayStorage extends MemoryStorage {
    /** Makes array storage, taking a recycled one of the same size when there is one. */
    public static final Factory FACTORY = ArrayStorage::forRam;

    /** Guest RAM from physical address 0 as little-endian 32-bit words (see {@link Ram}). */
    public final int[] words;
    public final int[] readTlb;
    public final int[] writeTlb;
    public final byte[] codePages;

    /** A recycled storage for the next machine of its size ({@link #recycle()}). */
    private static ArrayStorage spare;

    private ArrayStorage(int ramBytes) {
        super(ramBytes);
        this.words = new int[Ram.words(ramBytes)];
        this.readTlb = new int[TLB_ENTRIES];
        this.writeTlb = new int[TLB_ENTRIES];
        this.codePages = new byte[ramBytes >>> 12];
    }

    /** Array storage for {@code ramBytes} of RAM: the recycled one if it has that size, else new. */
    public static ArrayStorage forRam(int ramBytes) {
        synchronized (ArrayStorage.class) {
            ArrayStorage s = spare;
            spare = null; // taken, or (another size) let go: the JVM keeps one spare at most
            if (s != null && s.ramBytes() == ramBytes) {
                return s;
            }
        }
        return new ArrayStorage(ramBytes);
    }

    /**
     * Allocates the storage of the next machine of {@code ramBytes} now (the next {@link #forRam} of that size takes
     * it): a page spends the time while a state downloads instead of after.
     */
    public static void allocateAhead(int ramBytes) {
        synchronized (ArrayStorage.class) {
            if (spare != null && spare.ramBytes() == ramBytes) {
                return;
            }
            spare = null; // the old one may go before the new one comes
        }
        ArrayStorage made = new ArrayStorage(ramBytes);
        synchronized (ArrayStorage.class) {
            spare = made;
        }
    }

    @Override
    public void recycle() {
        clear();
        synchronized (ArrayStorage.class) {
            spare = this;
        }
    }

    @Override
    public int read8(int a) {
        return Ram.read8(words, a);
    }

    @Override
    public int read16(int a) {
        return Ram.read16(words, a);
    }

    @Override
    public int read32(int a) {
        return Ram.read32(words, a);
    }

    @Override
    public void write8(int a, int v) {
        Ram.write8(words, a, v);
    }

    @Override
    public void write16(int a, int v) {
        Ram.write16(words, a, v);
    }

    @Override
    public void write32(int a, int v) {
        Ram.write32(words, a, v);
    }

    @Override
    public void copyOut(int a, byte[] dst, int offset, int length) {
        Ram.copyOut(words, a, dst, offset, length);
    }

    @Override
    public void copyIn(int a, byte[] src, int offset, int length) {
        Ram.copyIn(words, a, src, offset, length);
    }

    @Override
    public void copyForward(int src, int dst, int length) {
        Ram.copyForward(words, src, dst, length);
    }

    @Override
    public void fill(int a, int count, int size, int v) {
        Ram.fill(words, a, count, size, v);
    }

    @Override
    public boolean isZero(int a, int length) {
        return Ram.isZero(words, a, length);
    }

    @Override
    public void zero(int a, int length) {
        java.util.Arrays.fill(words, a >>> 2, (a + length) >>> 2, 0);
    }

    @Override
    public int readTlb(int page) {
        return readTlb[page];
    }

    @Override
    public void setReadTlb(int page, int entry) {
        readTlb[page] = entry;
    }

    @Override
    public int writeTlb(int page) {
        return writeTlb[page];
    }

    @Override
    public void setWriteTlb(int page, int entry) {
        writeTlb[page] = entry;
    }

    @Override
    public void clearTlb() {
        java.util.Arrays.fill(readTlb, 0);
        java.util.Arrays.fill(writeTlb, 0);
    }

    @Override
    public int codePage(int page) {
        return codePages[page];
    }

    @Override
    public void setCodePage(int page, int flag) {
        codePages[page] = (byte) flag;
    }

    @Override
    public void clearCodePages() {
        java.util.Arrays.fill(codePages, (byte) 0);
    }
}
