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
     * whose run is {@code (entryEip, budget, eax..edi, access, fsBase, gsBase, ram, readTlb, writeTlb, codePages)}:
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
     * The code cache no longer needs the module of {@code handle} (its slot may be reused; a module still compiling
     * in the background is dropped when it is ready). Called once per handle, never for one that {@link #load}
     * refused.
     */
    default void release(int handle) {
    }

    /**
     * Modules this engine can hold at once: the code cache keeps no more live regions than this (it drops the least
     * recently entered). No limit by default.
     */
    default int maxModules() {
        return Integer.MAX_VALUE;
    }
}
