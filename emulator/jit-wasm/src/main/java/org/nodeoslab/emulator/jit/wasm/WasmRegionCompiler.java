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
        return moduleOf(region, registersIn, inlineMemory, false);
    }

    /** The same, its exits to other regions hopping if {@code hops} (see {@link WasmLoader#hopsInWasm}). */
    public static byte[] moduleOf(Region region, boolean registersIn, boolean inlineMemory, boolean hops) {
        return new RegionModuleWriter(region, registersIn, inlineMemory, hops).write();
    }

    @Override
    public CompiledRegion compile(Region region) {
        boolean registersIn = loader.passesRegisters();
        boolean inlineMemory = registersIn && loader.inlinesMemory();
        boolean hops = inlineMemory && loader.hopsInWasm();
        if (loader.batch() > 1) {
            return compileInBatch(region, registersIn, inlineMemory, hops);
        }
        byte[] module = moduleOf(region, registersIn, inlineMemory, hops);
        int handle = loader.load(module);
        if (handle < 0) {
            refused++;
            return null;
        }
        modules++;
        moduleBytes += module.length;
        return new WasmCompiledRegion(loader, handle, module.length, RegionModuleWriter.pushesOrPops(region),
                registersIn, inlineMemory, hops);
    }

    // ---- A page's regions in one module (v86's design) ------------------------------------------------------------

    /**
     * Needs the registers and guest memory passed in (the regions' code goes from one to another in locals; the
     * access word says when it may: {@link WasmHelpers#ACCESS_PAGE}) and a loader of several functions per module.
     */
    @Override
    public boolean compilesPages() {
        return loader.passesRegisters() && loader.inlinesMemory();
    }

    /** One module for {@code regions} ({@link PageModuleWriter}), its i-th run in the i-th region's handle. */
    @Override
    public CompiledRegion[] compilePage(Region[] regions) {
        int n = regions.length;
        int[] handles = new int[n];
        for (int i = 0; i < n; i++) {
            handles[i] = loader.reserve();
            if (handles[i] < 0) {
                for (int j = 0; j < i; j++) {
                    loader.release(handles[j]);
                }
                return null;
            }
        }
        byte[] module = new PageModuleWriter(regions).write();
        loader.loadBatch(module, handles, n);
        CompiledRegion[] codes = new CompiledRegion[n];
        for (int i = 0; i < n; i++) {
            codes[i] = new WasmCompiledRegion(loader, handles[i], module.length / n,
                    RegionModuleWriter.pushesOrPops(regions[i]), true, true, false);
        }
        modules += n;
        pageModules++;
        moduleBytes += module.length;
        return codes;
    }

    private long pageModules;

    /** Modules of a whole page handed to the loader (each region counts in {@link #moduleCount} too). */
    public long pageModuleCount() {
        return pageModules;
    }

    // ---- Several regions per module (a loader whose batch() > 1) ----------------------------------------------

    /** The regions waiting for their module: their functions and handles (all of one kind: {@link #batchKind}). */
    private WasmCode[] batchCode = new WasmCode[0];
    private WasmCompiledRegion[] batchRegions = new WasmCompiledRegion[0];
    private int batched;
    /** What the batch's functions take: 0 entry and budget, 1 and the registers, 2 and the memory access's. */
    private int batchKind;
    private long batchModules;

    /**
     * The region's function goes into the batch, its handle reserved at once (its run answers "not ready" until the
     * batch's module is ready); the batch is handed to the loader when full (or on {@link #flush}).
     */
    private CompiledRegion compileInBatch(Region region, boolean registersIn, boolean inlineMemory, boolean hops) {
        int kind = inlineMemory ? 2 : registersIn ? 1 : 0;
        if (batched > 0 && kind != batchKind) {
            flush();
        }
        int handle = loader.reserve();
        if (handle < 0) {
            refused++;
            return null;
        }
        WasmCode function = new RegionModuleWriter(region, registersIn, inlineMemory, hops).function();
        int size = loader.batch();
        if (batchCode.length != size) {
            flush();
            batchCode = new WasmCode[size];
            batchRegions = new WasmCompiledRegion[size];
        }
        WasmCompiledRegion compiled = new WasmCompiledRegion(loader, handle, function.bytes().size(),
                RegionModuleWriter.pushesOrPops(region), registersIn, inlineMemory, hops);
        batchKind = kind;
        batchCode[batched] = function;
        batchRegions[batched++] = compiled;
        if (batched == size) {
            flush();
        }
        return compiled;
    }

    /**
     * Hands the regions waiting for their module to the loader, in one module (those the code cache dropped
     * meanwhile left out: their handles may be another region's by now).
     */
    public void flush() {
        slicesWaited = 0;
        int count = 0;
        int[] handles = new int[batched];
        for (int i = 0; i < batched; i++) {
            if (!batchRegions[i].isDropped()) {
                batchCode[count] = batchCode[i];
                handles[count++] = batchRegions[i].handle;
            }
            batchRegions[i] = null;
        }
        batched = 0;
        if (count == 0) {
            return;
        }
        byte[] module = WasmModuleWriter.module(batchCode, count, batchKind > 0, batchKind == 2,
                batchKind == 2 && loader.hopsInWasm(),
                RegionModuleWriter.i32Locals(batchKind > 0, batchKind == 2), RegionModuleWriter.i64Locals());
        java.util.Arrays.fill(batchCode, null);
        loader.loadBatch(module, handles, count);
        modules += count;
        batchModules++;
        moduleBytes += module.length;
    }

    /**
     * The end of one of the machine's time slices: the batch goes to the loader once its first region has waited
     * {@code slices} of them (or when full), so a region waits at most that long more for its module than alone.
     */
    public void endOfSlice(int slices) {
        if (batched > 0 && ++slicesWaited >= slices) {
            flush();
        }
    }

    private int slicesWaited;

    /** Modules of several regions handed to the loader (each region counts in {@link #moduleCount} too). */
    public long batchModuleCount() {
        return batchModules;
    }

    /**
     * As many regions as the loader holds modules; twice as many when it takes several regions per module (a module
     * stays while any of its functions may run, so that is about as many modules or fewer).
     */
    @Override
    public int maxLive() {
        int modules = loader.maxModules();
        return loader.batch() > 1 && modules <= Integer.MAX_VALUE / 2 ? 2 * modules : modules;
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
