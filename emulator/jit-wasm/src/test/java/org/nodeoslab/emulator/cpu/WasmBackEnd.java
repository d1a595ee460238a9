package org.nodeoslab.emulator.cpu;

import org.nodeoslab.emulator.cpu.jit.JitConfig;
import org.nodeoslab.emulator.jit.wasm.ChicoryWasmLoader;
import org.nodeoslab.emulator.jit.wasm.WasmJit;

/** Makes the shared compiled-code tests (emulator/jit-jvm's test-jar) run on the WebAssembly back end. */
final class WasmBackEnd {
    private WasmBackEnd() {
    }

    static void install(JitConfig config) {
        WasmJit.install(ChicoryWasmLoader.INSTANCE, config);
    }

    /** From now on JitModes installs the WebAssembly back end (called from each test class's initializer). */
    static void use() {
        JitModes.backEnd(WasmBackEnd::install);
    }
}
