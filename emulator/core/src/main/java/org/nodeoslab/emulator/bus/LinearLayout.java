package org.nodeoslab.emulator.bus;

/**
 * Where a {@link MemoryStorage} lies in one WebAssembly linear memory, as byte addresses in that memory: what compiled
 * code needs to reach guest memory inline (load the TLB entry of the linear page, check its privilege bit, then
 * {@code ram + ((entry & ~0xFFF) ^ linear)}; a write also tests the code-page byte of the physical page).
 *
 * <ul>
 *   <li>{@link #ram}: guest RAM's byte 0; {@link #ramBytes} bytes, little-endian like x86, so a dword is one
 *       {@code i32.load} (unaligned loads are legal in wasm);</li>
 *   <li>{@link #readTlb}, {@link #writeTlb}: {@link MemoryStorage#TLB_ENTRIES} little-endian ints each, indexed by
 *       linear page ({@code cpu.Mmu}'s encoding: {@code linearPage ^ physicalPage} in the high 20 bits, privilege bits
 *       low);</li>
 *   <li>{@link #codePages}: one byte per 4 KiB page of RAM, non-zero when a write there must go through the slow
 *       path (decoded or compiled code depends on the page);</li>
 *   <li>{@link #hops}: {@link #HOP_BYTES} bytes just below RAM, zero for a new machine, that compiled code and its
 *       back end share for going from one compiled region to the next without leaving WebAssembly (emulator/jit-wasm's
 *       {@code HopCells}).</li>
 * </ul>
 *
 * <p>The addresses never change while the machine lives (memory may grow, it never moves).
 */
public final class LinearLayout {
    public final int ram;
    public final int ramBytes;
    public final int readTlb;
    public final int writeTlb;
    public final int codePages;
    /** The chaining block's first byte: {@code ram - HOP_BYTES}. */
    public final int hops;

    /** The bytes of the chaining block below RAM (a storage in linear memory leaves them free and zeroes them). */
    public static final int HOP_BYTES = 128 * 1024;

    public LinearLayout(int ram, int ramBytes, int readTlb, int writeTlb, int codePages) {
        this.ram = ram;
        this.ramBytes = ramBytes;
        this.readTlb = readTlb;
        this.writeTlb = writeTlb;
        this.codePages = codePages;
        this.hops = ram - HOP_BYTES;
    }

    @Override
    public String toString() {
        return "LinearLayout[ram=" + ram + ", ramBytes=" + ramBytes + ", readTlb=" + readTlb + ", writeTlb=" + writeTlb
                + ", codePages=" + codePages + "]";
    }
}
