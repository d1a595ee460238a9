package org.nodeoslab.emulator.jit.wasm;

import org.nodeoslab.emulator.cpu.jit.Jit;
import org.nodeoslab.emulator.cpu.jit.JitConfig;

/** Installs the WebAssembly back end over a loader for the CPUs made after it. */
public final class WasmJit {
    private static WasmRegionCompiler compiler;

    private WasmJit() {
    }

    /** Installs a compiler over {@code loader} (a new one when the loader changes) with {@code config}. */
    public static WasmRegionCompiler install(WasmLoader loader, JitConfig config) {
        if (compiler == null || compiler.loader() != loader) {
            compiler = new WasmRegionCompiler(loader);
        }
        Jit.install(compiler, config);
        return compiler;
    }

    /** Regions waiting for their module go to the loader now (see {@link WasmRegionCompiler#flush}). */
    public static void flush() {
        if (compiler != null) {
            compiler.flush();
        }
    }

    /** The end of a time slice of the machine (see {@link WasmRegionCompiler#endOfSlice}). */
    public static void endOfSlice(int slices) {
        if (compiler != null) {
            compiler.endOfSlice(slices);
        }
    }

    /** The installed compiler (for its figures), or null. */
    public static WasmRegionCompiler compiler() {
        return compiler;
    }
}
