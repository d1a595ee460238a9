package org.nodeoslab.emulator.jit.wasm;

import org.nodeoslab.emulator.cpu.jit.CompiledRegion;
import org.nodeoslab.emulator.cpu.jit.Region;
import org.nodeoslab.emulator.cpu.jit.RegionCompiler;

/**
 * The WebAssembly back end: each region becomes the bytes of one module ({@link RegionModuleWriter}) that its
 * {@link WasmLoader} instantiates. Counters only (no java.util.concurrent: TeaVM compiles this class).
 */
public final class WasmRegionCompiler implements RegionCompiler {
    private final WasmLoader loader;
    private long modules;
    private long moduleBytes;
    private long refused;

    public WasmRegionCompiler(WasmLoader loader) {
        this.loader = loader;
    }

    /** The module of {@code region} (what {@link #compile} hands a loader that does not pass registers). */
    public static byte[] moduleOf(Region region) {
        return moduleOf(region, false);
    }

    /** The module of {@code region}, its run taking the registers if {@code registersIn}. */
    public static byte[] moduleOf(Region region, boolean registersIn) {
        return moduleOf(region, registersIn, false);
    }

    /** The same, reaching guest memory inline if {@code inlineMemory} (see {@link WasmLoader#inlinesMemory}). */
    public static byte[] moduleOf(Region region, boolean registersIn, boolean inlineMemory) {
        return new RegionModuleWriter(region, registersIn, inlineMemory).write();
    }

    @Override
    public CompiledRegion compile(Region region) {
        boolean registersIn = loader.passesRegisters();
        boolean inlineMemory = registersIn && loader.inlinesMemory();
        byte[] module = moduleOf(region, registersIn, inlineMemory);
        int handle = loader.load(module);
        if (handle < 0) {
            refused++;
            return null;
        }
        modules++;
        moduleBytes += module.length;
        return new WasmCompiledRegion(loader, handle, module.length, RegionModuleWriter.pushesOrPops(region),
                registersIn, inlineMemory);
    }

    /** As many regions as the loader holds modules. */
    @Override
    public int maxLive() {
        return loader.maxModules();
    }

    public WasmLoader loader() {
        return loader;
    }

    /** Modules loaded so far (by every CPU using this compiler). */
    public long moduleCount() {
        return modules;
    }

    /** Bytes of the modules loaded so far. */
    public long moduleBytes() {
        return moduleBytes;
    }

    /** Modules the loader refused. */
    public long refusedCount() {
        return refused;
    }
}
