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
}
