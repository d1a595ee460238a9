package org.nodeoslab.emulator.bus;

/**
 * The physical address space: RAM from address 0, memory-mapped devices on 4 KiB pages above or inside it,
 * and open bus (all ones) elsewhere. Addresses are 32-bit ints treated as unsigned.
 *
 * <p>The CPU's TLB caches {@link #isPlainRam(int)} per page so that ordinary RAM accesses go straight to the
 * {@link #storage()} without calling through here.
 */
public final class PhysicalMemory {
    private static final int PAGE_SHIFT = 12;

    /**
     * Guest RAM from physical address 0, the CPU's TLBs and the code-page flags: Java arrays on the JVM, linear memory
     * in the browser (see {@link MemoryStorage}). The CPU's fast paths use it directly; others use {@link #load},
     * {@link #copyOut} or the accessors below.
     */
    private final MemoryStorage storage;
    private final int ramSize;
    /** Per 4 KiB page: the device mapped there, or null for RAM/open bus. */
    private final MmioDevice[] mmioPages = new MmioDevice[1 << 20];
    private final int[] mmioPageBase = new int[1 << 20];
    /** Address mask: bit 20 cleared while the A20 gate is closed, as the 8042/port 0x92 control it. */
    private int a20Mask = 0xFFFFFFFF;
    /*
     * Per 4 KiB page of RAM, the storage's code-page flag: non-zero while the CPU holds pre-decoded instructions from
     * that page. Every write to such a page (through any linear address, by the CPU or a device) must call
     * codeWritten(int, int), which the CPU's fast write path tests inline. Whoever writes the storage's RAM directly
     * calls ramReplaced().
     */
    private CodeWatcher codeWatcher;
    /** Pages whose bytes are still with their source (a lazily restored state); null once every page is here. */
    private LazyPages lazy;

    /**
     * RAM of {@code sizeBytes} in the {@link #defaultStorage()}: Java arrays ({@link ArrayStorage}, a recycled one of
     * that size if there is one) unless a test chose another.
     */
    public PhysicalMemory(int sizeBytes) {
        this(defaultStorage().create(sizeBytes));
    }

    /**
     * What machines whose creator names no storage get; null: {@link ArrayStorage}'s (named only in the methods that
     * default to it, so a build that never calls them, the browser's, never reaches ArrayStorage).
     */
    private static MemoryStorage.Factory defaultStorage;

    /** The storage of machines made without one ({@link #PhysicalMemory(int)}, PcConfig's and MachineState's defaults). */
    public static MemoryStorage.Factory defaultStorage() {
        MemoryStorage.Factory chosen = defaultStorage;
        return chosen != null ? chosen : ArrayStorage.FACTORY;
    }

    /**
     * For tests: the machines made from now on without a storage of their own get {@code factory}'s (emulator/
     * jit-wasm's tests: one in a WebAssembly memory its modules reach inline); null: {@link ArrayStorage}'s again.
     */
    public static void defaultStorage(MemoryStorage.Factory factory) {
        defaultStorage = factory;
    }

    /** RAM in {@code storage} (which must be all zeros: new or recycled). */
    public PhysicalMemory(MemoryStorage storage) {
        this.storage = storage;
        this.ramSize = storage.ramBytes();
    }

    /** Where RAM, the TLBs and the code-page flags are. */
    public MemoryStorage storage() {
        return storage;
    }

    /**
     * Hands this RAM to the next machine of its size (a reset: the same RAM for the fresh machine), so it is not
     * allocated again (half a second for 512 MiB in a tab), zeroed page by page ({@link MemoryStorage#recycle()}).
     * This machine must not run any more.
     */
    public void recycle() {
        storage.recycle();
    }

    /** Told when a page holding decoded code is written (the CPU's decoded-instruction cache). */
    public interface CodeWatcher {
        /**
         * Bytes [physicalAddress, physicalAddress + length) of one page with its code flag set were written:
         * forget what was decoded from them (and clear the page's flag when nothing decoded is left there).
         */
        void codeWritten(int physicalAddress, int length);

        /** RAM was replaced wholesale (state restore, a test or loader writing the storage): forget everything. */
        void allCodeWritten();
    }

    public void setCodeWatcher(CodeWatcher watcher) {
        this.codeWatcher = watcher;
    }

    /** A write of {@code length} bytes inside one page hit a page whose code flag is set. */
    public void codeWritten(int physicalAddress, int length) {
        if (codeWatcher != null) {
            codeWatcher.codeWritten(physicalAddress, length);
        } else {
            storage.setCodePage(physicalAddress >>> PAGE_SHIFT, 0);
        }
    }

    /** For anyone who wrote the storage's RAM directly: every decoded instruction is forgotten. */
    public void ramReplaced() {
        storage.clearCodePages();
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
        for (int page = address >>> PAGE_SHIFT, pages = storage.pages(); page <= last && page < pages; page++) {
            if (storage.codePage(page) != 0) {
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
        storage.copyIn(page << PAGE_SHIFT, bytes, offset, 1 << PAGE_SHIFT);
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
            return storage.read8(address);
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
            return storage.read32(masked);
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
            storage.write8(address, value);
            if (storage.codePage(address >>> PAGE_SHIFT) != 0) {
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
            storage.write32(masked, value);
            if (storage.codePage(masked >>> PAGE_SHIFT) != 0) {
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
        storage.copyIn(address, data, offset, length);
        checkCodeWrite(address, length);
    }

    /** Copies {@code length} bytes of RAM from {@code address} into {@code into[offset...]} (savers, debuggers). */
    public void copyOut(int address, byte[] into, int offset, int length) {
        if (Integer.compareUnsigned(address, ramSize) >= 0 || length > ramSize - address) {
            throw new IllegalArgumentException("cannot read " + length + " bytes at 0x" + Integer.toHexString(address)
                    + " from " + (ramSize >>> 20) + " MiB of RAM");
        }
        loadPages(address, length);
        storage.copyOut(address, into, offset, length);
    }

    /**
     * True if the 4 KiB page of RAM holding {@code address} is all zero bytes (what a saved state leaves out); a page
     * still missing is not (a state stores only non-zero pages).
     */
    public boolean isZeroPage(int address) {
        if (lazy != null && lazy.isMissing(address >>> PAGE_SHIFT)) {
            return false;
        }
        return storage.isZero(address & ~0xFFF, 1 << PAGE_SHIFT);
    }
}
