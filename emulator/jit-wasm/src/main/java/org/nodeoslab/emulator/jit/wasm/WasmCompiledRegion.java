package org.nodeoslab.emulator.jit.wasm;

import org.nodeoslab.emulator.cpu.Cpu;
import org.nodeoslab.emulator.cpu.JitBridge;
import org.nodeoslab.emulator.cpu.jit.CompiledRegion;

/** A region compiled to a wasm module: runs it through its loader with the helpers acting on the calling CPU. */
final class WasmCompiledRegion extends CompiledRegion {
    private final WasmLoader loader;
    final int handle;
    /** Bytes of the module (for the compiler's figures and the golden tests). */
    final int moduleBytes;

    /** The module pushes and pops itself, as on a 32-bit stack. */
    private final boolean usesStack;

    /** Its run takes the registers (the loader passes them). */
    private final boolean registersIn;
    /** Its run takes the registers and what it needs to reach guest memory inline. */
    private final boolean inlineMemory;
    /**
     * The access word ({@link WasmHelpers#access}) of the last run, whether the module may not run because the
     * stack is 16-bit ({@link #usesStack} on SP, not ESP: the interpreter runs it), and the CPU's segments generation
     * both hold for (SS's size changes only with it): computing them reads a dozen arrays and calls into the bridge,
     * and a region runs many times between two segment loads.
     */
    private int access, accessGeneration = -1;
    private boolean stackBlocked;

    /** Its module hops ({@link HopCells}). */
    private final boolean hops;
    /**
     * The CPU in whose chaining block a cell names it (null: none yet), for {@link #released}; and the Java runs
     * before its cell is checked again (another region's key may have taken it since: the cells are direct-mapped).
     */
    private JitBridge filledIn;
    private int cellCheckCountdown;
    private static final int CELL_CHECK_INTERVAL = 64;

    WasmCompiledRegion(WasmLoader loader, int handle, int moduleBytes, boolean usesStack, boolean registersIn,
            boolean inlineMemory, boolean hops) {
        this.loader = loader;
        this.hops = hops;
        this.registersIn = registersIn;
        this.inlineMemory = inlineMemory;
        this.handle = handle;
        this.moduleBytes = moduleBytes;
        this.usesStack = usesStack;
    }

    /**
     * The region the chain ran after this one last time (null at first): taken again without the code cache's
     * look-up when the next EIP leads to its entry ({@link JitBridge#nextKnown}); a region mostly leaves to the
     * same successor (on the boot's first 60 s in the browser, 344M of the 357M module runs were chained).
     */
    private CompiledRegion successor;

    /**
     * Runs this region's module, then, while the region left through a jump, call, return or its end to another
     * compiled region ({@link JitBridge#nextKnown}), that one's: the run loop sees one entry for the chain. The
     * helpers are pointed at the CPU once for the whole chain, and the loop itself enters each module (every call
     * between here and the module costs: TeaVM inlines little, and this runs once per region entered).
     */
    @Override
    public int run(JitBridge cpu, int entryEip, int budget) {
        JitBridge previous = WasmHelpers.enter(cpu);
        // Hops need the machine's memory in linear memory (its chaining block); the JVM's arrays have none.
        boolean chainingBlock = cpu.layout != null;
        try {
            WasmCompiledRegion r = this;
            int eip = entryEip;
            int retired = 0;
            while (true) {
                int generation = cpu.segmentsGeneration(); // (a region runs on one CPU: its code cache's)
                if (generation != r.accessGeneration) {
                    r.access = r.inlineMemory ? WasmHelpers.access(cpu) : 0;
                    r.stackBlocked = r.usesStack && !cpu.stack32();
                    r.accessGeneration = generation;
                }
                if (r.stackBlocked) {
                    return retired; // a 16-bit stack: the run loop and the interpreter go on from here
                }
                int left = budget - retired;
                boolean hopping = r.hops && chainingBlock;
                if (hopping) {
                    HopCells.start(cpu, r);
                }
                cpu.runningKeyAt(hopping ? HopCells.RUNNING : -1); // (a write into code asks which region runs)
                int more = r.inlineMemory
                        ? r.loader.run(r.handle, eip, left, cpu.reg, r.access, cpu.segBase[Cpu.FS],
                                cpu.segBase[Cpu.GS], cpu.layout)
                        : r.registersIn ? r.loader.run(r.handle, eip, left, cpu.reg) : r.loader.run(r.handle, eip, left);
                if (more <= 0) {
                    return retired; // not ready yet (nothing ran): the run loop and the interpreter go on from here
                }
                retired += more;
                if (hopping) {
                    r = afterHops(cpu, r);
                    if (r == null) {
                        return retired;
                    }
                }
                CompiledRegion next;
                while (true) {
                    next = cpu.nextKnown(r, r.successor, retired, budget);
                    if (next == null) {
                        return retired;
                    }
                    if (next != r.successor) {
                        r.successor = next;
                    }
                    if (next instanceof WasmCompiledRegion) {
                        break;
                    }
                    // Another back end's region (not in a browser): it runs and chains on its own.
                    more = next.run(cpu, cpu.eip(), budget - retired);
                    if (more == 0) {
                        return retired;
                    }
                    retired += more;
                }
                r = (WasmCompiledRegion) next;
                eip = cpu.eip();
            }
        } finally {
            cpu.runningKeyAt(-1);
            WasmHelpers.leave(previous);
        }
    }

    /**
     * After {@code r}'s module ran: its cell names it (it is ready and stands), and if the module went on into other
     * regions itself the CPU counts them and the last one is where the chain goes on from (returned; null if the
     * code cache no longer holds it: dropped while it ran).
     */
    private static WasmCompiledRegion afterHops(JitBridge cpu, WasmCompiledRegion r) {
        if (--r.cellCheckCountdown < 0 && !r.isDropped()) {
            r.cellCheckCountdown = HopCells.fill(cpu, r) ? CELL_CHECK_INTERVAL : 0;
            r.filledIn = cpu;
        }
        int hops = cpu.hopWord(HopCells.DONE);
        if (hops == 0) {
            return r;
        }
        CompiledRegion last = cpu.cache().live(cpu.hopWord(HopCells.RUNNING));
        if (!(last instanceof WasmCompiledRegion)) {
            return null; // dropped while it ran: the run loop goes on
        }
        cpu.chainedInside(hops, last);
        return (WasmCompiledRegion) last;
    }

    /** Dropped by the code cache: the loader may free the module (it is never run again). */
    @Override
    protected void released() {
        if (filledIn != null) {
            HopCells.forget(filledIn, this);
        }
        loader.release(handle);
    }
}
