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

    WasmCompiledRegion(WasmLoader loader, int handle, int moduleBytes, boolean usesStack, boolean registersIn,
            boolean inlineMemory) {
        this.loader = loader;
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
                int more = r.inlineMemory
                        ? r.loader.run(r.handle, eip, left, cpu.reg, r.access, cpu.segBase[Cpu.FS],
                                cpu.segBase[Cpu.GS], cpu.layout)
                        : r.registersIn ? r.loader.run(r.handle, eip, left, cpu.reg) : r.loader.run(r.handle, eip, left);
                if (more <= 0) {
                    return retired; // not ready yet (nothing ran): the run loop and the interpreter go on from here
                }
                retired += more;
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
            WasmHelpers.leave(previous);
        }
    }

    /** Dropped by the code cache: the loader may free the module (it is never run again). */
    @Override
    protected void released() {
        loader.release(handle);
    }
}
