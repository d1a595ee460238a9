package org.nodeoslab.emulator.bus;

/**
 * The physical address space: RAM from address 0, memory-mapped devices on 4 KiB pages above or inside it,
 * and open bus (all ones) elsewhere. Addresses are 32-bit ints treated as unsigned.
 *
 * <p>The CPU's TLB caches {@link #isPlainRam(int)} per page so that ordinary RAM accesses go straight to
 * {@link #ramWords} without calling through here.
 */
public final class PhysicalMemory {
    private static final int PAGE_SHIFT = 12;

    /**
     * Guest RAM from physical address 0 as little-endian 32-bit words ({@link Ram} reads and writes them by byte
     * address). Exposed for the CPU's fast path; others use {@link #load}, {@link #copyOut} or {@link Ram}.
     */
    public final int[] ramWords;
    private final int ramSize;
    /** Per 4 KiB page: the device mapped there, or null for RAM/open bus. */
    private final MmioDevice[] mmioPages = new MmioDevice[1 << 20];
    private final int[] mmioPageBase = new int[1 << 20];
    /** Address mask: bit 20 cleared while the A20 gate is closed, as the 8042/port 0x92 control it. */
    private int a20Mask = 0xFFFFFFFF;
    /**
     * Per 4 KiB page of RAM: non-zero while the CPU holds pre-decoded instructions from that page. Every write to
     * such a page (through any linear address, by the CPU or a device) must call {@link #codeWritten(int, int)},
     * which the CPU's fast write path tests inline. Whoever writes {@link #ramWords} directly calls
     * {@link #ramReplaced()}.
     */
    public final byte[] codePages;
    private CodeWatcher codeWatcher;
    /** Pages whose bytes are still with their source (a lazily restored state); null once every page is here. */
    private LazyPages lazy;

    /** RAM allocated ahead of its machine ({@link #allocateAhead(int)}): the next PhysicalMemory of its size takes it. */
    private static int[] allocatedAhead;

    public PhysicalMemory(int sizeBytes) {
        if (sizeBytes <= 0 || (sizeBytes & 0xFFF) != 0) {
            throw new IllegalArgumentException("RAM size must be a positive multiple of 4 KiB: " + sizeBytes);
        }
        this.ramWords = takeAllocatedAhead(Ram.words(sizeBytes));
        this.ramSize = sizeBytes;
        this.codePages = new byte[sizeBytes >>> PAGE_SHIFT];
    }

    /**
     * Allocates the RAM of the next machine of {@code sizeBytes} now. A browser tab takes about half a second to hand
     * out 512 MiB of zeroed memory (the page faults of the fresh memory, measured in Chromium); a page spends it while
     * the state downloads instead of after. The array is handed out once, never reused.
     */
    public static synchronized void allocateAhead(int sizeBytes) {
        if (sizeBytes > 0 && (sizeBytes & 0xFFF) == 0
                && (allocatedAhead == null || allocatedAhead.length != Ram.words(sizeBytes))) {
            allocatedAhead = null; // the old one may go before the new one comes
            allocatedAhead = new int[Ram.words(sizeBytes)];
        }
    }

    /**
     * Hands this RAM to the next machine of its size (a reset: the same RAM for the fresh machine), so it is not
     * allocated again (half a second for 512 MiB in a tab). It zeroes the pages that are not zero, page by page: a page
     * the guest never touched is only read, so memory the browser has not handed out yet stays so. This machine must
     * not run any more.
     */
    public void recycle() {
        int[] words = ramWords;
        int pageWords = 1 << (PAGE_SHIFT - 2);
        for (int at = 0; at < words.length; at += pageWords) {
            if (!Ram.isZero(words, at << 2, 1 << PAGE_SHIFT)) {
                java.util.Arrays.fill(words, at, at + pageWords, 0);
            }
        }
        synchronized (PhysicalMemory.class) {
            allocatedAhead = words;
        }
    }

    private static synchronized int[] takeAllocatedAhead(int words) {
        int[] ram = allocatedAhead;
        allocatedAhead = null; // taken, or (another size) let go: a page holds one machine at a time
        return ram != null && ram.length == words ? ram : new int[words];
    }

    /** Told when a page holding decoded code is written (the CPU's decoded-instruction cache). */
    public interface CodeWatcher {
        /**
         * Bytes [physicalAddress, physicalAddress + length) of one page flagged in {@link #codePages} were written:
         * forget what was decoded from them (and clear the page's flag when nothing decoded is left there).
         */
        void codeWritten(int physicalAddress, int length);

        /** RAM was replaced wholesale (state restore, a test or loader writing {@link #ramWords}): forget everything. */
        void allCodeWritten();
    }

    public void setCodeWatcher(CodeWatcher watcher) {
        this.codeWatcher = watcher;
    }

    /** A write of {@code length} bytes inside one page hit a page flagged in {@link #codePages}. */
    public void codeWritten(int physicalAddress, int length) {
        if (codeWatcher != null) {
            codeWatcher.codeWritten(physicalAddress, length);
        } else {
            codePages[physicalAddress >>> PAGE_SHIFT] = 0;
        }
    }

    /** For anyone who wrote {@link #ramWords} directly: every decoded instruction is forgotten. */
    public void ramReplaced() {
        java.util.Arrays.fill(codePages, (byte) 0);
        if (codeWatcher != null) {
            codeWatcher.allCodeWritten();
        }
    }

    /** Calls {@link #codeWritten} for each code page in [address, address + length) of RAM (bulk writers). */
    public void checkCodeWrite(int address, int length) {
        if (length <= 0) {
            return;
        }
        int end = address + length;
        int last = (end - 1) >>> PAGE_SHIFT;
        for (int page = address >>> PAGE_SHIFT; page <= last && page < codePages.length; page++) {
            if (codePages[page] != 0) {
                int from = Math.max(address, page << PAGE_SHIFT);
                int to = Math.min(end, (page + 1) << PAGE_SHIFT);
                codeWritten(from, to - from);
            }
        }
    }

    public int size() {
        return ramSize;
    }

    /**
     * From now on the pages {@code pages} names are missing until first touched (their RAM bytes must be zero now and
     * hold no decoded code): RAM of a lazily restored state.
     */
    public void setLazyPages(LazyPages pages) {
        this.lazy = pages.missingChunks() > 0 ? pages : null;
    }

    /** The pages still missing, or null when every page is here. */
    public LazyPages lazyPages() {
        return lazy;
    }

    /** Brings in every missing page: for whoever reads RAM in bulk (state save, a page reading RAM). */
    public void loadAllPages() {
        LazyPages pages = lazy;
        if (pages != null) {
            for (int c = 0; c < pages.chunkCount(); c++) {
                pages.loadChunk(c, this);
            }
            lazy = null;
        }
    }

    /** Brings in the missing pages of [address, address + length) of RAM. */
    public void loadPages(int address, int length) {
        if (lazy == null || length <= 0) {
            return;
        }
        int last = (int) Math.min((ramSize - 1L) >>> PAGE_SHIFT, ((address & 0xFFFFFFFFL) + length - 1) >>> PAGE_SHIFT);
        for (int page = address >>> PAGE_SHIFT; page <= last && lazy != null; page++) {
            present(page);
        }
    }

    /** Slow paths only: a RAM page about to be used is brought in if it is still missing. */
    private void present(int page) {
        LazyPages pages = lazy;
        if (pages != null && pages.isMissing(page)) {
            pages.load(page, this);
            if (pages.missingChunks() == 0) {
                lazy = null;
            }
        }
    }

    /** {@link LazyPages} writes an arriving page here. */
    void putPage(int page, byte[] bytes, int offset) {
        Ram.copyIn(ramWords, page << PAGE_SHIFT, bytes, offset, 1 << PAGE_SHIFT);
    }

    public void setA20(boolean enabled) {
        a20Mask = enabled ? 0xFFFFFFFF : ~(1 << 20);
    }

    public boolean isA20Enabled() {
        return a20Mask == 0xFFFFFFFF;
    }

    public int a20Mask() {
        return a20Mask;
    }

    /** Maps a device over [start, start+length), both multiples of 4 KiB. */
    public void mapMmio(int start, int length, MmioDevice device) {
        for (int off = 0; off < length; off += 1 << PAGE_SHIFT) {
            int page = (start + off) >>> PAGE_SHIFT;
            mmioPages[page] = device;
            mmioPageBase[page] = start;
        }
    }

    /**
     * True if the 4 KiB page holding this address is ordinary RAM (no device, inside RAM) whose bytes are here: a page
     * still missing ({@link LazyPages}) is not, so callers take the slow accessors below, which bring it in.
     */
    public boolean isPlainRam(int address) {
        address &= a20Mask;
        return Integer.compareUnsigned(address, ramSize) < 0 && mmioPages[address >>> PAGE_SHIFT] == null
                && (lazy == null || !lazy.isMissing(address >>> PAGE_SHIFT));
    }

    public int read8(int address) {
        address &= a20Mask;
        MmioDevice d = mmioPages[address >>> PAGE_SHIFT];
        if (d != null) {
            return d.read8(address - mmioPageBase[address >>> PAGE_SHIFT]) & 0xFF;
        }
        if (Integer.compareUnsigned(address, ramSize) < 0) {
            if (lazy != null) {
                present(address >>> PAGE_SHIFT);
            }
            return Ram.read8(ramWords, address);
        }
        return 0xFF;
    }

    public int read16(int address) {
        return read8(address) | (read8(address + 1) << 8);
    }

    public int read32(int address) {
        int masked = address & a20Mask;
        MmioDevice d = mmioPages[masked >>> PAGE_SHIFT];
        if (d != null && (masked & 3) == 0) {
            return d.read32(masked - mmioPageBase[masked >>> PAGE_SHIFT]);
        }
        if (d == null && (masked & 0xFFF) <= 0xFFC && Integer.compareUnsigned(masked, ramSize - 3) < 0) {
            if (lazy != null) {
                present(masked >>> PAGE_SHIFT);
            }
            return Ram.read32(ramWords, masked);
        }
        return read16(address) | (read16(address + 2) << 16);
    }

    public void write8(int address, int value) {
        address &= a20Mask;
        MmioDevice d = mmioPages[address >>> PAGE_SHIFT];
        if (d != null) {
            d.write8(address - mmioPageBase[address >>> PAGE_SHIFT], value);
        } else if (Integer.compareUnsigned(address, ramSize) < 0) {
            if (lazy != null) {
                present(address >>> PAGE_SHIFT);
            }
            Ram.write8(ramWords, address, value);
            if (codePages[address >>> PAGE_SHIFT] != 0) {
                codeWritten(address, 1);
            }
        }
    }

    public void write16(int address, int value) {
        write8(address, value);
        write8(address + 1, value >>> 8);
    }

    public void write32(int address, int value) {
        int masked = address & a20Mask;
        MmioDevice d = mmioPages[masked >>> PAGE_SHIFT];
        if (d != null && (masked & 3) == 0) {
            d.write32(masked - mmioPageBase[masked >>> PAGE_SHIFT], value);
            return;
        }
        if (d == null && (masked & 0xFFF) <= 0xFFC && Integer.compareUnsigned(masked, ramSize - 3) < 0) {
            if (lazy != null) {
                present(masked >>> PAGE_SHIFT);
            }
            Ram.write32(ramWords, masked, value);
            if (codePages[masked >>> PAGE_SHIFT] != 0) {
                codeWritten(masked, 4);
            }
            return;
        }
        write16(address, value);
        write16(address + 2, value >>> 16);
    }

    /** Copies bytes into guest memory (loaders: kernel, initrd, boot parameters). */
    public void load(int address, byte[] data, int offset, int length) {
        if (Integer.compareUnsigned(address, ramSize) >= 0 || length > ramSize - address) {
            throw new IllegalArgumentException("does not fit in " + (ramSize >>> 20) + " MiB of RAM: "
                    + length + " bytes at 0x" + Integer.toHexString(address));
        }
        loadPages(address, length); // a partly written page keeps the rest of its bytes
        Ram.copyIn(ramWords, address, data, offset, length);
        checkCodeWrite(address, length);
    }

    /** Copies {@code length} bytes of RAM from {@code address} into {@code into[offset...]} (savers, debuggers). */
    public void copyOut(int address, byte[] into, int offset, int length) {
        if (Integer.compareUnsigned(address, ramSize) >= 0 || length > ramSize - address) {
            throw new IllegalArgumentException("cannot read " + length + " bytes at 0x" + Integer.toHexString(address)
                    + " from " + (ramSize >>> 20) + " MiB of RAM");
        }
        loadPages(address, length);
        Ram.copyOut(ramWords, address, into, offset, length);
    }

    /**
     * True if the 4 KiB page of RAM holding {@code address} is all zero bytes (what a saved state leaves out); a page
     * still missing is not (a state stores only non-zero pages).
     */
    public boolean isZeroPage(int address) {
        if (lazy != null && lazy.isMissing(address >>> PAGE_SHIFT)) {
            return false;
        }
        return Ram.isZero(ramWords, address & ~0xFFF, 1 << PAGE_SHIFT);
    }
}
