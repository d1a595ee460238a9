package org.nodeoslab.emulator.bus;

/**
 * Where one machine keeps the memory its hot paths touch: guest RAM (little-endian bytes from physical address 0),
 * the CPU's two TLB arrays (one int per 4 KiB linear page, the encoding is the {@code cpu.Mmu}'s) and the code-page
 * flags (one byte per 4 KiB page of RAM, non-zero while decoded or compiled code depends on the page).
 *
 * <p>Whoever creates a machine chooses the storage ({@link Factory}, given to {@code PcConfig} or to
 * {@link PhysicalMemory#PhysicalMemory(MemoryStorage)}): {@link ArrayStorage} (Java arrays) on the JVM, linear memory
 * in the browser build (emulator/web), or another implementation in a test. A build must instantiate only ONE
 * implementation for its machines: every guest memory access calls these methods, and both TeaVM (which devirtualizes
 * a call only when a single implementation is reachable) and HotSpot (class-hierarchy analysis over the loaded
 * classes) then compile them to direct, inlined calls.
 *
 * <p>Nothing here checks ranges beyond what the implementation gets for free: callers keep RAM accesses inside
 * {@link #ramBytes()} (a multi-byte access that does not cross a 4 KiB page always is, RAM being whole pages), TLB
 * pages below {@link #TLB_ENTRIES} and code pages below {@link #pages()}. An implementation in linear memory would
 * corrupt its neighbours on a stray access instead of throwing; the callers' checks are the guard.
 *
 * <p>A new storage is all zeros: RAM, both TLBs and the code flags.
 */
public abstract class MemoryStorage {
    /** Entries in each TLB array: one per 4 KiB page of the 32-bit linear address space. */
    public static final int TLB_ENTRIES = 1 << 20;
    private static final int PAGE = 4096;

    /** Makes the storage of a new machine with {@code ramBytes} bytes of RAM (a positive multiple of 4 KiB). */
    @FunctionalInterface
    public interface Factory {
        MemoryStorage create(int ramBytes);
    }

    private final int ramBytes;

    protected MemoryStorage(int ramBytes) {
        if (ramBytes <= 0 || (ramBytes & (PAGE - 1)) != 0) {
            throw new IllegalArgumentException("RAM size must be a positive multiple of 4 KiB: " + ramBytes);
        }
        this.ramBytes = ramBytes;
    }

    public final int ramBytes() {
        return ramBytes;
    }

    /** 4 KiB pages of RAM (and code-page flags). */
    public final int pages() {
        return ramBytes >>> 12;
    }

    // ---- RAM: byte address a, little-endian -------------------------------------------------------------------

    public abstract int read8(int a);

    public abstract int read16(int a);

    public abstract int read32(int a);

    public abstract void write8(int a, int v);

    public abstract void write16(int a, int v);

    public abstract void write32(int a, int v);

    /** Copies {@code length} bytes of RAM from byte address {@code a} into {@code dst[offset...]}. */
    public abstract void copyOut(int a, byte[] dst, int offset, int length);

    /** Copies {@code src[offset...offset + length)} into RAM at byte address {@code a}. */
    public abstract void copyIn(int a, byte[] src, int offset, int length);

    /**
     * Copies {@code length} bytes from {@code src} to {@code dst} inside RAM with the meaning of a forward byte loop
     * (REP MOVSB): where the destination starts inside the source, the bytes written are read again, so a pattern
     * repeats, as on the CPU.
     */
    public abstract void copyForward(int src, int dst, int length);

    /** Stores {@code count} elements of {@code size} bytes (1, 2 or 4) with value {@code v} from byte address a. */
    public abstract void fill(int a, int count, int size, int v);

    /** True if the {@code length} bytes (whole words) from word-aligned byte address {@code a} are all zero. */
    public abstract boolean isZero(int a, int length);

    /** Zeroes {@code length} bytes (whole words) from word-aligned byte address {@code a}. */
    public abstract void zero(int a, int length);

    // ---- TLB: per linear page, cpu.Mmu's entries ---------------------------------------------------------------

    public abstract int readTlb(int page);

    public abstract void setReadTlb(int page, int entry);

    public abstract int writeTlb(int page);

    public abstract void setWriteTlb(int page, int entry);

    /** Zeroes both TLB arrays. */
    public abstract void clearTlb();

    // ---- Code-page flags: per physical page of RAM ---------------------------------------------------------------

    public abstract int codePage(int page);

    public abstract void setCodePage(int page, int flag);

    /** Zeroes every code-page flag. */
    public abstract void clearCodePages();

    // ---- The whole -------------------------------------------------------------------------------------------

    /**
     * Where this storage lies when it is one WebAssembly linear memory (for compiled code that reaches it inline), or
     * null for Java arrays.
     */
    public LinearLayout layout() {
        return null;
    }

    /**
     * The int at byte {@code offset} of the chaining block below RAM ({@link LinearLayout#hops}); only a storage with
     * a {@link #layout} has one.
     */
    public int hopWord(int offset) {
        throw new UnsupportedOperationException("no chaining block: the memory is Java arrays");
    }

    /** Writes the int at byte {@code offset} of the chaining block ({@link #hopWord}). */
    public void setHopWord(int offset, int value) {
        throw new UnsupportedOperationException("no chaining block: the memory is Java arrays");
    }

    /**
     * Makes this storage as new (all zeros) for the next machine: the RAM pages that are not zero are zeroed page by
     * page (a page the guest never touched is only read, so memory the host has not handed out yet stays so), then
     * both TLBs and the code flags.
     */
    protected final void clear() {
        for (int at = 0; at < ramBytes; at += PAGE) {
            if (!isZero(at, PAGE)) {
                zero(at, PAGE);
            }
        }
        clearTlb();
        clearCodePages();
        if (layout() != null) {
            for (int at = 0; at < LinearLayout.HOP_BYTES; at += 4) {
                setHopWord(at, 0);
            }
        }
    }

    /**
     * Zeroes this storage ({@link #clear()}) and hands it to the next machine of its size its factory makes (a reset:
     * nothing is allocated again). The machine that used it must not run any more.
     */
    public abstract void recycle();
}
