package org.nodeoslab.emulator.cpu;

import org.nodeoslab.emulator.bus.PhysicalMemory;
import org.nodeoslab.emulator.jit.wasm.ChicoryMemoryStorage;
import org.nodeoslab.emulator.jit.wasm.ChicoryWasmLoader;
import org.nodeoslab.emulator.jit.wasm.WasmJit;

/** Makes the shared compiled-code tests (emulator/jit-jvm's test-jar) run on the WebAssembly back end. */
final class WasmBackEnd {
    private WasmBackEnd() {
    }

    /** From now on JitModes installs the WebAssembly back end (called from each test class's initializer). */
    static void use() {
        use(ChicoryWasmLoader.INSTANCE);
    }

    /**
     * The same, over {@code loader}; a loader whose modules reach guest memory inline gets machines whose memory is
     * in a Chicory memory ({@link ChicoryMemoryStorage}, for the interpreter's runs too), the others Java arrays.
     */
    static void use(ChicoryWasmLoader loader) {
        PhysicalMemory.defaultStorage(loader.inlinesMemory() ? ChicoryMemoryStorage.FACTORY : null);
        JitModes.backEnd(config -> WasmJit.install(loader, config));
    }

    /**
     * The back end with memory inline compiling whole pages (every entry of a page compiled before goes into the
     * module of the next one, which replaces the page's code): {@code JitConfig.withPages(1)} on every mode.
     */
    static void usePages() {
        PhysicalMemory.defaultStorage(ChicoryMemoryStorage.FACTORY);
        JitModes.backEnd(config -> WasmJit.install(ChicoryWasmLoader.INLINE_MEMORY, config.withPages(1)));
    }
}
