package org.nodeoslab.emulator.web.jit;

import org.nodeoslab.emulator.jit.wasm.WasmLoader;
import org.teavm.jso.typedarrays.Int8Array;

/**
 * jit-wasm's loader in the browser: a module's bytes go to nodeos-jit.js (compiled and instantiated at once, with
 * the {@link JitExports} as its imports), and a handle is the table slot of its {@code run}, called through the
 * {@link Trampoline}, with the guest registers as arguments ({@link #passesRegisters}: the module loads none through
 * a helper on entry). A module the browser refuses answers -1 (its region stays with the interpreter; the host logs
 * the first refusal).
 */
final class BrowserWasmLoader implements WasmLoader {
    private final JitHost host;

    BrowserWasmLoader(JitHost host) {
        this.host = host;
    }

    JitHost host() {
        return host;
    }

    @Override
    public int load(byte[] module) {
        return host.load(Int8Array.copyFromJavaArray(module));
    }

    @Override
    public int run(int handle, int entryEip, int budget) {
        return Trampoline.run(handle, entryEip, budget);
    }

    @Override
    public boolean passesRegisters() {
        return true;
    }

    @Override
    public int run(int handle, int entryEip, int budget, int[] reg) {
        return Trampoline.run(handle, entryEip, budget, reg[0], reg[1], reg[2], reg[3], reg[4], reg[5], reg[6],
                reg[7]);
    }

    @Override
    public void release(int handle) {
        host.release(handle);
    }
}
