package org.nodeoslab.emulator.web;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;

import org.nodeoslab.emulator.bus.LinearLayout;
import org.nodeoslab.emulator.bus.MemoryStorage;
import org.teavm.interop.Address;
import org.teavm.runtime.heap.Heap;

/**
 * The browser build's {@link MemoryStorage}: guest RAM, the two TLBs and the code-page flags in the WebAssembly
 * module's linear memory (TeaVM's {@code env.memory}), read and written through {@link Address}, which TeaVM compiles
 * to {@code i32.load}/{@code i32.store} and friends. A dword is one unaligned little-endian load (x86's order, and
 * legal and fast in wasm) instead of bounds-checked GC {@code array.get}s assembled from words; and compiled guest
 * code, which cannot reach GC arrays, can import the memory and reach RAM and the TLB inline ({@link #layout()}).
 *
 * <p>Every machine the browser build creates uses this storage (never {@code ArrayStorage}), so TeaVM sees one
 * implementation and makes every call a direct one.
 *
 * <p>One block of linear memory per machine, from TeaVM's heap of direct buffers ({@link Heap#alloc}, which grows the
 * memory): RAM, then the read TLB and the write TLB (4 MiB each), then one byte of code flag per page. Linear memory is
 * not garbage-collected, so blocks are kept in a pool: a block is free once its machine {@linkplain #recycle()
 * recycled} it (a reset) or once that machine's storage was garbage-collected (a weak reference, for pages that drop
 * a machine without recycling it); a new machine of the same size takes a free block (zeroed where it is not zero),
 * and free blocks of other sizes are given back to the heap before a new one is allocated.
 */
public final class LinearStorage extends MemoryStorage {
    /** For {@code PcConfig} and {@code MachineState.restore}: every machine of the browser build is made by it. */
    public static final Factory FACTORY = LinearStorage::forRam;

    private static final int TLB_BYTES = TLB_ENTRIES * 4;
    private static final int PAGE = 4096;

    /** One allocation: RAM, the TLBs and the code flags of a machine of {@code ramBytes}. */
    private static final class Block {
        final int ramBytes;
        /** What Heap.alloc returned (for Heap.release) and where RAM starts (page-aligned, inside it). */
        final Address allocation;
        final int ram;
        /** The storage using it; null or cleared when free. */
        WeakReference<LinearStorage> owner;
        /** Free and known to be all zeros (recycled, or checked when allocated). */
        boolean clean;

        Block(int ramBytes, Address allocation, int ram) {
            this.ramBytes = ramBytes;
            this.allocation = allocation;
            this.ram = ram;
        }

        boolean isFree() {
            return owner == null || owner.get() == null;
        }
    }

    private static final List<Block> BLOCKS = new ArrayList<>();

    private final Block block;
    /** Byte addresses in linear memory. */
    private final int ram;
    private final int readTlb;
    private final int writeTlb;
    private final int codePages;
    private final LinearLayout layout;

    private LinearStorage(Block block) {
        super(block.ramBytes);
        this.block = block;
        this.ram = block.ram;
        this.readTlb = ram + block.ramBytes;
        this.writeTlb = readTlb + TLB_BYTES;
        this.codePages = writeTlb + TLB_BYTES;
        this.layout = new LinearLayout(ram, block.ramBytes, readTlb, writeTlb, codePages);
    }

    /** Storage for a machine with {@code ramBytes} of RAM: a free block of that size, else a new one. */
    public static LinearStorage forRam(int ramBytes) {
        Block block = freeBlock(ramBytes);
        LinearStorage storage = new LinearStorage(block);
        if (!block.clean) {
            storage.clear();
        }
        block.clean = false;
        block.owner = new WeakReference<>(storage);
        return storage;
    }

    /**
     * Allocates the block of the next machine of {@code ramBytes} now, unless a free one is there: a page does it
     * while the state downloads, so the restore that follows does not wait for the memory to grow and be checked.
     */
    public static void allocateAhead(int ramBytes) {
        Block block = freeBlock(ramBytes);
        if (!block.clean) {
            new LinearStorage(block).clear();
            block.clean = true;
        }
    }

    private static Block freeBlock(int ramBytes) {
        if (ramBytes <= 0 || (ramBytes & (PAGE - 1)) != 0) {
            throw new IllegalArgumentException("RAM size must be a positive multiple of 4 KiB: " + ramBytes);
        }
        for (Block b : BLOCKS) {
            if (b.ramBytes == ramBytes && b.isFree()) {
                return b;
            }
        }
        // No free block of this size: free blocks of other sizes go back to the heap first, so it can reuse them.
        for (int i = BLOCKS.size() - 1; i >= 0; i--) {
            Block b = BLOCKS.get(i);
            if (b.isFree()) {
                Heap.release(b.allocation);
                BLOCKS.remove(i);
            }
        }
        long bytes = (long) ramBytes + 2L * TLB_BYTES + (ramBytes >>> 12) + PAGE + LinearLayout.HOP_BYTES;
        // Heap.alloc answers address 0 when the memory cannot grow (its maximum: 2 GiB, or the browser said no).
        int allocated = bytes > Integer.MAX_VALUE ? 0 : Heap.alloc((int) bytes).toInt();
        if (allocated == 0) {
            throw new IllegalStateException("the browser cannot give " + (ramBytes >>> 20)
                    + " MiB of WebAssembly memory for the guest's RAM (" + liveMiB() + " MiB held by other machines)");
        }
        int ram = (allocated + LinearLayout.HOP_BYTES + PAGE - 1) & -PAGE; // the chaining block below it
        // Fresh memory is zero; memory the heap had handed out before (a released block) may not be: clean is false,
        // so the first machine to take it zeroes what is not zero.
        Block block = new Block(ramBytes, Address.fromInt(allocated), ram);
        BLOCKS.add(block);
        return block;
    }

    private static int liveMiB() {
        int mib = 0;
        for (Block b : BLOCKS) {
            mib += b.isFree() ? 0 : b.ramBytes >>> 20;
        }
        return mib;
    }

    @Override
    public LinearLayout layout() {
        return layout;
    }

    @Override
    public void recycle() {
        clear();
        block.clean = true;
        block.owner = null;
    }

    // ---- RAM ----------------------------------------------------------------------------------------------------

    @Override
    public int read8(int a) {
        return Address.fromInt(ram + a).getByte() & 0xFF;
    }

    @Override
    public int read16(int a) {
        return Address.fromInt(ram + a).getChar();
    }

    @Override
    public int read32(int a) {
        return Address.fromInt(ram + a).getInt();
    }

    @Override
    public void write8(int a, int v) {
        Address.fromInt(ram + a).putByte((byte) v);
    }

    @Override
    public void write16(int a, int v) {
        Address.fromInt(ram + a).putShort((short) v);
    }

    @Override
    public void write32(int a, int v) {
        Address.fromInt(ram + a).putInt(v);
    }

    @Override
    public void copyOut(int a, byte[] dst, int offset, int length) {
        int at = ram + a;
        int i = 0;
        for (; i + 4 <= length; i += 4) {
            int v = Address.fromInt(at + i).getInt();
            int o = offset + i;
            dst[o] = (byte) v;
            dst[o + 1] = (byte) (v >>> 8);
            dst[o + 2] = (byte) (v >>> 16);
            dst[o + 3] = (byte) (v >>> 24);
        }
        for (; i < length; i++) {
            dst[offset + i] = Address.fromInt(at + i).getByte();
        }
    }

    @Override
    public void copyIn(int a, byte[] src, int offset, int length) {
        int at = ram + a;
        int i = 0;
        for (; i + 4 <= length; i += 4) {
            int o = offset + i;
            Address.fromInt(at + i).putInt(
                    (src[o] & 0xFF) | (src[o + 1] & 0xFF) << 8 | (src[o + 2] & 0xFF) << 16 | src[o + 3] << 24);
        }
        for (; i < length; i++) {
            Address.fromInt(at + i).putByte(src[offset + i]);
        }
    }

    @Override
    public void copyForward(int src, int dst, int length) {
        int distance = dst - src;
        if (distance <= 0 || distance >= length) {
            // No forward overlap: memory.copy (memmove) gives what the forward byte loop gives.
            Address.moveMemoryBlock(Address.fromInt(ram + src), Address.fromInt(ram + dst), length);
            return;
        }
        // The destination starts inside the source: the pattern of `distance` bytes repeats. Each piece reads bytes
        // that are already final (the source piece ends where this destination piece starts).
        for (int i = 0; i < length; i += distance) {
            Address.moveMemoryBlock(Address.fromInt(ram + src + i), Address.fromInt(ram + dst + i),
                    Math.min(distance, length - i));
        }
    }

    @Override
    public void fill(int a, int count, int size, int v) {
        int at = ram + a;
        if (size == 1) {
            Address.fill(Address.fromInt(at), (byte) v, count);
        } else if (size == 2) {
            for (int i = 0; i < count; i++) {
                Address.fromInt(at + (i << 1)).putShort((short) v);
            }
        } else {
            for (int i = 0; i < count; i++) {
                Address.fromInt(at + (i << 2)).putInt(v);
            }
        }
    }

    @Override
    public boolean isZero(int a, int length) {
        int at = ram + a;
        int i = 0;
        for (; i + 8 <= length; i += 8) {
            if (Address.fromInt(at + i).getLong() != 0) {
                return false;
            }
        }
        for (; i < length; i += 4) {
            if (Address.fromInt(at + i).getInt() != 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void zero(int a, int length) {
        Address.fillZero(Address.fromInt(ram + a), length);
    }

    // ---- TLB ----------------------------------------------------------------------------------------------------

    @Override
    public int readTlb(int page) {
        return Address.fromInt(readTlb + (page << 2)).getInt();
    }

    @Override
    public void setReadTlb(int page, int entry) {
        Address.fromInt(readTlb + (page << 2)).putInt(entry);
    }

    @Override
    public int writeTlb(int page) {
        return Address.fromInt(writeTlb + (page << 2)).getInt();
    }

    @Override
    public void setWriteTlb(int page, int entry) {
        Address.fromInt(writeTlb + (page << 2)).putInt(entry);
    }

    @Override
    public void clearTlb() {
        Address.fillZero(Address.fromInt(readTlb), 2 * TLB_BYTES); // the write TLB follows the read TLB
    }

    // ---- Code-page flags ----------------------------------------------------------------------------------------

    @Override
    public int codePage(int page) {
        return Address.fromInt(codePages + page).getByte();
    }

    @Override
    public void setCodePage(int page, int flag) {
        Address.fromInt(codePages + page).putByte((byte) flag);
    }

    @Override
    public int hopWord(int offset) {
        return Address.fromInt(layout.hops + offset).getInt();
    }

    @Override
    public void setHopWord(int offset, int value) {
        Address.fromInt(layout.hops + offset).putInt(value);
    }

    @Override
    public void clearCodePages() {
        Address.fillZero(Address.fromInt(codePages), pages());
    }
}
