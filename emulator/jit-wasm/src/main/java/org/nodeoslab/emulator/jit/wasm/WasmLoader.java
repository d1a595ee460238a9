package org.nodeoslab.emulator.jit.wasm;

import org.nodeoslab.emulator.bus.LinearLayout;

/**
 * Where generated modules run: a wasm engine that instantiates a module with {@link WasmImports}' helpers as its
 * {@code "jit"} imports and calls its {@code run} export. On the JVM the tests implement it with Chicory; in the
 * browser emulator/web implements it over the JavaScript engine's WebAssembly.
 */
public interface WasmLoader {
    /**
     * Compiles and instantiates {@code module}; a handle (>= 0) for {@link #run}, or a negative number when the
     * engine refuses it (the region is then left to the interpreter). A loader may compile in the background: its
     * {@code run} then answers "not ready" until the module is.
     */
    int load(byte[] module);

    /**
     * Calls the module's {@code run(entryEip, budget)}: the instructions it retired, or a negative number when
     * nothing ran (the module is not ready yet: the interpreter goes on).
     */
    int run(int handle, int entryEip, int budget);

    /**
     * True if this loader passes the guest registers into run: the compiler then writes each module's run as
     * {@code (i32 entryEip, i32 budget, i32 eax, ecx, edx, ebx, esp, ebp, esi, edi) -> i32} and calls
     * {@link #run(int, int, int, int[])}, and the module reads no register through a helper on entry (about a third
     * of the helper calls of a boot). False by default: run(entryEip, budget), the registers loaded by helpers.
     */
    default boolean passesRegisters() {
        return false;
    }

    /** As {@link #run(int, int, int)}, for a loader that {@link #passesRegisters}: reg holds eax..edi. */
    default int run(int handle, int entryEip, int budget, int[] reg) {
        throw new UnsupportedOperationException("this loader does not pass registers");
    }

    /**
     * True if this loader (which also {@link #passesRegisters}) gives each module the memory that holds the machines'
     * RAM, TLBs and code-page flags, as import {@code "jit" "memory"} ({@link WasmImports#MEMORY}: in the browser,
     * the emulator's own linear memory). The compiler then writes modules that read and write guest memory inline,
     * whose run is {@code (entryEip, budget, eax..edi, access, fsBase, gsBase, ram, readTlb, writeTlb, codePages,
     * carried, pending, pa, pb)} (the last four what a region that hopped there carries, 0 from the loader):
     * the word of {@link WasmHelpers#ACCESS_PRIVILEGE}, the bases of FS and GS and the byte addresses of
     * {@code layout}; the loader is called through {@link #run(int, int, int, int[], int, int, int, LinearLayout)}.
     */
    default boolean inlinesMemory() {
        return false;
    }

    /**
     * As {@link #run(int, int, int, int[])}, for a loader that {@link #inlinesMemory}: {@code layout} is where the
     * running machine's memory lies (null when it is Java arrays: {@code access} is then 0, every access goes through
     * the helpers, and the addresses passed may be anything).
     */
    default int run(int handle, int entryEip, int budget, int[] reg, int access, int fsBase, int gsBase,
            LinearLayout layout) {
        throw new UnsupportedOperationException("this loader does not give modules the machine's memory");
    }

    /**
     * True if this loader (which also {@link #inlinesMemory}) gives each module the table holding every module's run
     * at its handle, as import {@code "jit" "table"} ({@link WasmImports#TABLE}): the compiler then writes modules
     * whose exits to a static target go on into the region there themselves ({@code call_indirect}), when the
     * chaining block's cell for it names a region ({@link HopCells}), without coming back to Java.
     */
    default boolean hopsInWasm() {
        return false;
    }

    /**
     * The code cache no longer needs the module of {@code handle} (its slot may be reused; a module still compiling
     * in the background is dropped when it is ready). Called once per handle, never for one that {@link #load}
     * refused.
     */
    default void release(int handle) {
    }

    /**
     * Functions this loader takes in one module ({@link #loadBatch}): more than 1, and the compiler asks for a handle
     * per region at once ({@link #reserve}) and hands over their functions together, in one module, when it has this
     * many or is told to {@link WasmRegionCompiler#flush} (a browser compiles one module of several functions for
     * less than a module each). 1 (the default): {@link #load}, a module per region.
     */
    default int batch() {
        return 1;
    }

    /**
     * A handle for a region whose function comes later in a {@link #loadBatch} (its run answers "not ready" until
     * then), or a negative number when the engine can take no more.
     */
    default int reserve() {
        return -1;
    }

    /**
     * Compiles and instantiates {@code module}, whose i-th function (exported as {@code run}, {@code run1}, ...) is
     * for {@code handles[i]} (i below {@code count}; each from {@link #reserve}, not released since). A loader that
     * compiles in the background runs each once its module is ready; one the engine refuses stays "not ready".
     */
    default void loadBatch(byte[] module, int[] handles, int count) {
        throw new UnsupportedOperationException("this loader takes a module per region");
    }

    /**
     * Modules this engine can hold at once: the code cache keeps no more live regions than this (it drops the least
     * recently entered). No limit by default.
     */
    default int maxModules() {
        return Integer.MAX_VALUE;
    }
}
