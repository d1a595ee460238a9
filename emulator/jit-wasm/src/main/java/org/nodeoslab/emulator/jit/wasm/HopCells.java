package org.nodeoslab.emulator.jit.wasm;

import org.nodeoslab.emulator.bus.LinearLayout;
import org.nodeoslab.emulator.cpu.JitBridge;

/**
 * The chaining block below a machine's RAM ({@link LinearLayout#hops}) as modules and {@link WasmCompiledRegion}
 * share it, so that a module's exit to a static target goes on into the region compiled there with a
 * {@code call_indirect} on the loader's table, without coming back to Java (see {@link RegionModuleWriter}'s hops):
 *
 * <ul>
 *   <li>{@link #LIMIT}: the regions the chain may still enter (Java sets it before each run from
 *       {@link JitBridge#chainsLeft}; an interpreted instruction that goes on zeroes it, since it may end the block or
 *       change the mode, the segments or the paging);</li>
 *   <li>{@link #DONE}: the regions entered inside wasm since Java set it (the module adds one per hop);</li>
 *   <li>{@link #RUNNING}: the key of the region running (Java's before a run, the module's at a hop): what a write
 *       into code asks to stop the right region, and where Java goes on after hops (the code cache's table holds a
 *       region a cell names: {@code CodeCache.live});</li>
 *   <li>{@link #COUNT} cells, direct-mapped on the entry's key ({@link #cell}): key (physical address and mode, 0 for
 *       none), table slot and instruction count of a live region whose module is ready. Java fills the cell of each
 *       region it runs and clears it when the code cache drops the region, so a cell's key matching the target is
 *       all a module checks about the region (the key says the target is its entry; the slot is still its
 *       module's).</li>
 * </ul>
 */
final class HopCells {
    static final int LIMIT = 0, DONE = 4, RUNNING = 8;
    /** Where the cells start, each's bytes (1 << CELL_SHIFT), and COUNT's bits. */
    static final int CELLS = 16, CELL_SHIFT = 4, CELL_BYTES = 1 << CELL_SHIFT, COUNT_BITS = 12;
    /** The hash's multiplier (Fibonacci hashing: the key's bits spread into the index's). */
    static final int HASH = 0x9E3779B1;
    static final int COUNT = 1 << COUNT_BITS;
    /** A cell's fields: the entry's key, its module's table slot, its instructions. */
    static final int KEY = 0, SLOT = 4, LENGTH = 8;

    static {
        if (CELLS + COUNT * CELL_BYTES > LinearLayout.HOP_BYTES) {
            throw new ExceptionInInitializerError("the hop cells do not fit the chaining block");
        }
    }

    private HopCells() {
    }

    /** The byte offset in the chaining block of the cell for entry {@code key} (a static target's: a constant). */
    static int cell(int key) {
        return CELLS + ((key * HASH) >>> (32 - COUNT_BITS)) * CELL_BYTES;
    }

    /** Before Java runs {@code r}'s module: the chain's limit, no hop yet, {@code r} running. */
    static void start(JitBridge cpu, WasmCompiledRegion r) {
        cpu.setHopWord(LIMIT, cpu.chainsLeft());
        cpu.setHopWord(DONE, 0);
        cpu.setHopWord(RUNNING, r.key());
    }

    /**
     * {@code r} ran (its module is ready): its cell names it, for the modules whose exits lead to its entry; true if
     * it did already.
     */
    static boolean fill(JitBridge cpu, WasmCompiledRegion r) {
        int key = r.key();
        int at = cell(key);
        if (cpu.hopWord(at + KEY) == key && cpu.hopWord(at + SLOT) == r.handle) {
            return true;
        }
        cpu.setHopWord(at + SLOT, r.handle);
        cpu.setHopWord(at + LENGTH, r.length());
        cpu.setHopWord(at + KEY, key);
        return false;
    }

    /** {@code r} was dropped: its cell, if it still names it, names nothing (its slot may be another's soon). */
    static void forget(JitBridge cpu, WasmCompiledRegion r) {
        int key = r.key();
        int at = cell(key);
        if (cpu.hopWord(at + KEY) == key && cpu.hopWord(at + SLOT) == r.handle) {
            cpu.setHopWord(at + KEY, 0);
        }
    }
}
