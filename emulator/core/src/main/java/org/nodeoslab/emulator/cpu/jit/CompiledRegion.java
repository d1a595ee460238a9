package org.nodeoslab.emulator.cpu.jit;

import org.nodeoslab.emulator.cpu.JitBridge;

/**
 * Compiled code for one {@link Region}. {@link #run} executes its instructions from the entry at EIP
 * {@code entryEip}, leaves EIP and every register, flag and memory byte as the interpreter would after the
 * instructions it retired, and returns how many it retired (a faulting instruction counts, as in the interpreter,
 * and its fault has been delivered). It retires at most {@code budget} (at least the region's length): a region that
 * jumps back to its entry goes round while another turn fits.
 */
public abstract class CompiledRegion {
    /**
     * Set by the code cache: its entry's key (physical address and mode, as {@link Region#key}: what a look-up
     * compares), which region this is, its instruction count and bytes (read on every entry).
     */
    int key;
    Region region;
    int length;
    int bytes;
    /**
     * The physical bytes [spanFrom, spanTo) whose writes must stop it while it runs: its own, or its whole page when
     * it is one of a page module's regions (it may go on into any of the others without leaving: see
     * {@link RegionCompiler#compilePage}).
     */
    int spanFrom, spanTo;
    /** The code cache's clock when it last handed this region out (the least recently used is evicted first). */
    long used;
    /** Its index among the code cache's live regions. */
    int liveIndex;
    /**
     * The entry (key; 0 none: no key is 0) where this region's chaining exits found no code last time, the exits
     * to it left before the next look-up there, and why none ({@link CodeCache#findAfter}).
     */
    int missKey, missCountdown, missReason;
    /** The region a chaining exit of this one took before the one it remembers now ({@link CodeCache#findAfter}). */
    CompiledRegion otherSuccessor;
    /** Set when the code cache dropped this region (its bytes were written, or everything was): never run it again. */
    boolean dropped;

    protected CompiledRegion() {
    }

    public abstract int run(JitBridge cpu, int entryEip, int budget);

    /**
     * As {@link #run}, entered from another compiled region that carries the guest registers (EAX..EDI) and its
     * deferred flags ({@code pending}, 0 for none, on {@code flagA} and {@code flagB}: see
     * {@link JitBridge#materialize}) instead of writing them back first: the CPU's register array and the Alu are
     * behind until this region writes them. A back end that keeps registers in locals overrides it (the JVM's:
     * no write-back and reload at each chained entry); this one writes them and runs.
     */
    public int chained(JitBridge cpu, int entryEip, int budget, int eax, int ecx, int edx, int ebx, int esp,
            int ebp, int esi, int edi, int pending, int flagA, int flagB) {
        cpu.carried(eax, ecx, edx, ebx, esp, ebp, esi, edi, pending, flagA, flagB);
        return run(cpu, entryEip, budget);
    }

    public Region region() {
        return region;
    }

    /** Instructions in the region (a run retires at least this many of its budget). */
    public int length() {
        return length;
    }

    /** The entry's physical address. */
    public int physicalAddress() {
        return key & 0x7FFFFFFF;
    }

    /** The entry's physical address and mode ({@link Region#key}). */
    public int key() {
        return key;
    }

    /** The first physical byte whose write stops it while it runs (see {@link #spanTo}). */
    public int spanFrom() {
        return spanFrom;
    }

    /** The end of the physical bytes whose writes stop it while it runs: its own, or its page's. */
    public int spanTo() {
        return spanTo;
    }

    /** Bytes of guest code from the entry. */
    public int bytes() {
        return bytes;
    }

    /**
     * The code cache has dropped this region (written, evicted, flushed): called once, after which it never runs
     * again. A back end frees what the region holds outside the Java heap (a wasm module's table slot); a region
     * on the stack when it is dropped finishes its current instruction first, so what it runs must stay valid
     * until it returns.
     */
    protected void released() {
    }

    /** True once the code cache has dropped it (a chained jump kept in compiled code must look again). */
    public boolean isDropped() {
        return dropped;
    }
}
