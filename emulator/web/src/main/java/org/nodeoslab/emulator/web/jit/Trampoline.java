package org.nodeoslab.emulator.web.jit;

import org.teavm.interop.Import;

/**
 * The call into compiled guest code: a raw wasm import that nodeos-jit.js binds to a tiny module doing
 * {@code call_indirect} on its table, so a run costs a wasm-to-wasm call or two and never a JS frame. Only the
 * browser build has it (on the JVM the method has no body: the JVM back end is used there).
 */
final class Trampoline {
    private Trampoline() {
    }

    /** Runs the module in table slot {@code slot}: its {@code run(entryEip, budget)}, instructions retired. */
    @Import(module = "nodeosJit", name = "run")
    static native int run(int slot, int entryEip, int budget);

    /**
     * Runs a module written for a loader that passes the registers (jit-wasm's {@code passesRegisters}): its
     * {@code run(entryEip, budget, eax, ecx, edx, ebx, esp, ebp, esi, edi)}, through the same table.
     */
    @Import(module = "nodeosJit", name = "runWithRegisters")
    static native int run(int slot, int entryEip, int budget, int eax, int ecx, int edx, int ebx, int esp, int ebp,
            int esi, int edi);

    /**
     * Runs a module that reaches guest memory inline (jit-wasm's {@code inlinesMemory}): its {@code run(entryEip,
     * budget, eax..edi, access, fsBase, gsBase, ram, readTlb, writeTlb, codePages, carried, pending, pa, pb)},
     * through the same table (the last four 0 from Java: what a module that hops to another carries).
     */
    @Import(module = "nodeosJit", name = "runWithMemory")
    static native int run(int slot, int entryEip, int budget, int eax, int ecx, int edx, int ebx, int esp, int ebp,
            int esi, int edi, int access, int fsBase, int gsBase, int ram, int readTlb, int writeTlb, int codePages,
            int carried, int pending, int pa, int pb);
}
