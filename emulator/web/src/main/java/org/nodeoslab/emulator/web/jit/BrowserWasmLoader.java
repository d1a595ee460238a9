package org.nodeoslab.emulator.web.jit;

import org.nodeoslab.emulator.bus.LinearLayout;
import org.nodeoslab.emulator.jit.wasm.WasmLoader;
import org.teavm.jso.typedarrays.Int32Array;
import org.teavm.jso.typedarrays.Int8Array;

/**
 * jit-wasm's loader in the browser: a module's bytes go to nodeos-jit.js, which compiles them with the
 * {@link JitExports} as imports and puts its {@code run} in a table slot, the handle, called through the
 * {@link Trampoline} with the guest registers as arguments ({@link #passesRegisters}: the module loads none through
 * a helper on entry) and, when the emulator's memory is the modules' too ({@link #inlinesMemory}), where guest memory
 * lies in it, which they then read and write inline. In the background (the JIT's "on" mode): the slot comes back at once and the module is
 * compiled off the worker's thread ({@code WebAssembly.compile}) while the interpreter goes on running its region;
 * until nodeos-jit.js says it is ready ({@link #compiled}, between two time slices of the machine) run answers "not
 * ready". At once (forced mode, the probe): compiled and instantiated synchronously, ready on return. A module the
 * browser refuses answers -1 at once, or stays "not ready" when refused in the background (its region stays with
 * the interpreter; the host logs the first refusal).
 */
final class BrowserWasmLoader implements WasmLoader {
    /**
     * Live modules at most; the code cache evicts the least recently entered region beyond this. v86 keeps 900
     * because a 2018 Chromium crashed above that (crbug v8:8427); Chromium 156 (2026-12) held 12,000 small modules
     * (3 KB each, instantiated, each run in one shared table, all called) in one worker with no crash and no slow-down
     * (0.25-0.45 ms per compile and instance throughout), at about 28 KB of browser memory per module. 2048 keeps a
     * whole boot's code (about 950 modules at the default thresholds) and a few node starts' live, for about 60 MB.
     */
    static final int MAX_MODULES = 2048;

    private final JitHost host;
    private boolean background;
    private boolean memoryInline = true;
    private int maxModules = MAX_MODULES;
    /** Per table slot: its module is compiled and in the table (a run cannot trap on an empty slot). */
    private boolean[] ready = new boolean[256];

    BrowserWasmLoader(JitHost host) {
        this.host = host;
    }

    JitHost host() {
        return host;
    }

    /** Compile in the background (true) or at once (false) from now on. */
    void background(boolean inBackground) {
        this.background = inBackground;
    }

    @Override
    public int load(byte[] module) {
        Int8Array bytes = Int8Array.copyFromJavaArray(module);
        int slot = background ? host.loadInBackground(bytes) : host.load(bytes);
        if (slot >= 0) {
            readyFor(slot, !background);
        }
        return slot;
    }

    /**
     * Regions per module when compiling in the background (configureJit's {@code batch}; 1 by default: a module each).
     * The browser compiles and instantiates one module of 8 functions for less than 8 modules (wasm-modules.mjs: 0.9 s
     * of browser CPU for 2000 functions as 250 modules, 1.1-1.9 s as 2000), but `node -e` after a restore took more
     * browser CPU so (batches of up to 8, handed over within 4 time slices: 2.4 regions a module; runs 1/2/3 13.1/11.9/
     * 10.7 and 12.2/11.6/9.4 s against 10.6/10.2/10.1 and 10.1/9.3/9.6 s a module each, same compiled shares), so it
     * stays an option (whole-page compiles will need modules of several functions).
     */
    private int batch = 1;

    void batch(int regions) {
        this.batch = regions;
    }

    @Override
    public int batch() {
        return background ? batch : 1;
    }

    @Override
    public int reserve() {
        int slot = host.reserve();
        if (slot >= 0) {
            readyFor(slot, false);
        }
        return slot;
    }

    @Override
    public void loadBatch(byte[] module, int[] handles, int count) {
        host.loadBatchInBackground(Int8Array.copyFromJavaArray(module),
                Int32Array.copyFromJavaArray(java.util.Arrays.copyOf(handles, count)));
    }

    private void readyFor(int slot, boolean isReady) {
        if (slot >= ready.length) {
            ready = java.util.Arrays.copyOf(ready, Math.max(slot + 1, ready.length * 2));
        }
        ready[slot] = isReady;
    }

    /** nodeos-jit.js: the module of {@code slot} is in the table now. */
    void compiled(int slot) {
        if (slot >= 0 && slot < ready.length) {
            ready[slot] = true;
        }
    }

    @Override
    public int run(int handle, int entryEip, int budget) {
        return ready[handle] ? Trampoline.run(handle, entryEip, budget) : -1;
    }

    @Override
    public boolean passesRegisters() {
        return true;
    }

    /** Modules compiled from now on read and write guest memory inline (when the host has the memory) or not. */
    void memoryInline(boolean inline) {
        this.memoryInline = inline;
    }

    @Override
    public boolean inlinesMemory() {
        return memoryInline && host.hasMemory();
    }

    /**
     * Modules that reach memory inline import the table too (nodeos-jit.js gives them the trampoline's): a module's
     * exit to a static target then calls the next region's run itself (jit-wasm's hops).
     */
    @Override
    public boolean hopsInWasm() {
        return inlinesMemory();
    }

    @Override
    public int run(int handle, int entryEip, int budget, int[] reg, int access, int fsBase, int gsBase,
            LinearLayout layout) {
        if (!ready[handle]) {
            return -1;
        }
        return layout == null
                ? Trampoline.run(handle, entryEip, budget, reg[0], reg[1], reg[2], reg[3], reg[4], reg[5], reg[6],
                        reg[7], 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
                : Trampoline.run(handle, entryEip, budget, reg[0], reg[1], reg[2], reg[3], reg[4], reg[5], reg[6],
                        reg[7], access, fsBase, gsBase, layout.ram, layout.readTlb, layout.writeTlb,
                        layout.codePages, 0, 0, 0, 0);
    }

    @Override
    public int run(int handle, int entryEip, int budget, int[] reg) {
        if (!ready[handle]) {
            return -1;
        }
        return Trampoline.run(handle, entryEip, budget, reg[0], reg[1], reg[2], reg[3], reg[4], reg[5], reg[6],
                reg[7]);
    }

    @Override
    public void release(int handle) {
        ready[handle] = false;
        host.release(handle);
    }

    /** Live modules at most for the code caches made from now on (a machine reads it when it is made). */
    void maxModules(int max) {
        this.maxModules = max;
    }

    @Override
    public int maxModules() {
        return maxModules;
    }
}
