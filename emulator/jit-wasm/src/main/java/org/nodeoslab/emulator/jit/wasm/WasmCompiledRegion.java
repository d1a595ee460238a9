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
     * The access word ({@link WasmHelpers#access}) of the last run, and the CPU's segments generation it holds for:
     * computing it reads a dozen arrays, and a region runs many times between two segment loads.
     */
    private int access, accessGeneration = -1;

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
     * helpers are pointed at the CPU once for the whole chain.
     */
    @Override
    public int run(JitBridge cpu, int entryEip, int budget) {
        if (usesStack && !cpu.stack32()) {
            return 0; // a 16-bit stack (SP, not ESP): the interpreter runs it
        }
        JitBridge previous = WasmHelpers.enter(cpu);
        try {
            int retired = runModule(cpu, entryEip, budget);
            if (retired == 0) {
                return 0;
            }
            WasmCompiledRegion from = this;
            CompiledRegion next;
            while ((next = cpu.nextKnown(from.successor, retired, budget)) != null) {
                from.successor = next;
                int more;
                if (next instanceof WasmCompiledRegion) {
                    from = (WasmCompiledRegion) next;
                    more = from.usesStack && !cpu.stack32() ? 0 : from.runModule(cpu, cpu.eip(), budget - retired);
                } else {
                    more = next.run(cpu, cpu.eip(), budget - retired);
                }
                if (more == 0) {
                    break; // not ready yet, or a 16-bit stack: the run loop and the interpreter go on from here
                }
                retired += more;
            }
            return retired;
        } finally {
            WasmHelpers.leave(previous);
        }
    }

    /** Dropped by the code cache: the loader may free the module (it is never run again). */
    @Override
    protected void released() {
        loader.release(handle);
    }

    /** This module alone, the helpers acting on {@code cpu}: the instructions it retired (0: not ready). */
    private int runModule(JitBridge cpu, int entryEip, int budget) {
        int retired;
        if (inlineMemory) {
            int generation = cpu.segmentsGeneration();
            if (generation != accessGeneration) { // (a region runs on one CPU: its code cache's)
                access = WasmHelpers.access(cpu);
                accessGeneration = generation;
            }
            retired = loader.run(handle, entryEip, budget, cpu.reg, access, cpu.segBase[Cpu.FS], cpu.segBase[Cpu.GS],
                    cpu.layout);
        } else {
            retired = registersIn ? loader.run(handle, entryEip, budget, cpu.reg)
                    : loader.run(handle, entryEip, budget);
        }
        return retired < 0 ? 0 : retired;
    }
}
