package org.nodeoslab.emulator.web;

import org.nodeoslab.emulator.bus.MemoryStorage;
import org.nodeoslab.emulator.pc.state.ChunkFetcher;
import org.nodeoslab.emulator.pc.state.StateChunkException;
import org.nodeoslab.emulator.web.jit.JitHost;
import org.nodeoslab.emulator.web.jit.JitProbe;
import org.nodeoslab.emulator.web.jit.WebJit;
import org.nodeoslab.emulator.jit.wasm.WasmJit;
import org.teavm.jso.JSExport;
import org.teavm.jso.JSObject;
import org.teavm.jso.core.JSString;
import org.teavm.jso.typedarrays.Int8Array;

/**
 * TeaVM's entry point for the browser build: the static methods here are the WebAssembly module's exports.
 * nodeos-emulator.js wraps them; pages use that module, not these exports directly.
 */
public final class WebEmulator {
    /**
     * Where every machine made here keeps its RAM, TLBs and code-page flags: the module's linear memory. No machine of
     * the browser build uses Java arrays (core's ArrayStorage), so TeaVM sees one storage and calls it directly.
     */
    private static final MemoryStorage.Factory MEMORY = LinearStorage.FACTORY;

    private WebEmulator() {
    }

    /** A bare machine (CPU, RAM, console port 0xE9) with {@code ramMiB} MiB of RAM, in real mode after reset. */
    @JSExport
    public static WebMachine createMachine(int ramMiB) {
        return new WebMachine(new CpuMachine(ramMiB, MEMORY));
    }

    /** The PC with {@code memoryMiB} MiB; the virtual clock makes runs deterministic, the real one is paced to the host. */
    @JSExport
    public static WebMachine createPc(int memoryMiB, boolean virtualClock) {
        return new WebMachine(new PcMachine(memoryMiB, virtualClock, MEMORY));
    }

    /**
     * Allocates the RAM of the next PC of {@code memoryMiB} MiB now (about half a second for 512 MiB in a tab): call
     * it while the state downloads, and the restore that follows does not wait for it.
     */
    @JSExport
    public static void allocateAhead(int memoryMiB) {
        if (memoryMiB > 0 && memoryMiB <= CpuMachine.MAX_RAM_MIB) {
            LinearStorage.allocateAhead(memoryMiB << 20);
        }
    }

    /** A PC continuing from a saved machine state; {@code name} names the state in error messages. */
    @JSExport
    public static WebMachine restorePc(Int8Array state, String name, boolean virtualClock) {
        return new WebMachine(PcMachine.restore(MEMORY, state.copyToJavaArray(), name, virtualClock));
    }

    /**
     * A PC from the first bytes of a state (head and eager RAM chunks); {@code chunks} gives the other chunks when the
     * guest first touches them: their bytes, or a string saying why not (the machine then stops with that error).
     */
    @JSExport
    public static WebMachine restorePcFrom(Int8Array prefix, String name, boolean virtualClock, ChunkSource chunks) {
        return new WebMachine(PcMachine.restore(MEMORY, prefix.copyToJavaArray(), name, virtualClock,
                fetcher(chunks, name)));
    }

    /**
     * A PC from a saved machine (a delta of the base state, or a whole state) on a base state given as its first
     * bytes and {@code chunks} for its other RAM chunks, as for {@link #restorePcFrom}; a delta of another state is
     * refused, naming both.
     */
    @JSExport
    public static WebMachine restorePcOn(Int8Array saved, String name, boolean virtualClock, Int8Array basePrefix,
            String baseName, ChunkSource chunks) {
        return new WebMachine(PcMachine.restoreOn(MEMORY, saved.copyToJavaArray(), name, virtualClock,
                basePrefix.copyToJavaArray(), baseName, fetcher(chunks, baseName)));
    }

    private static ChunkFetcher fetcher(ChunkSource chunks, String name) {
        return chunk -> {
            JSObject bytes = chunks.fetch(chunk);
            if (bytes == null || JSString.isInstance(bytes)) {
                throw new StateChunkException(bytes == null ? name + ": RAM chunk " + chunk + " could not be fetched"
                        : ((JSString) bytes).stringValue());
            }
            return ((Int8Array) bytes).copyToJavaArray();
        };
    }

    /**
     * Checks this browser's path for compiled guest code with a hand-made module (nodeos-jit.js's host): "ok", or
     * which hop failed (loading, the trampoline, a helper's exception reaching Java).
     */
    @JSExport
    public static String jitSelfTest(JitHost host) {
        return JitProbe.check(host);
    }

    /** Nanoseconds per call into compiled code ({@code helper} false) or from it into a Java helper (true). */
    @JSExport
    public static double jitCallNanos(JitHost host, int calls, boolean helper) {
        return JitProbe.callNanos(host, calls, helper);
    }

    /** Whether the JIT's "on" mode compiles modules in the background (default) or at once; before configureJit. */
    @JSExport
    public static void jitCompileInBackground(boolean background) {
        WebJit.compileInBackground(background);
    }

    /**
     * Whether compiled code reads and writes guest memory inline in the emulator's linear memory (default) or through
     * the helpers (to measure one against the other); before configureJit.
     */
    @JSExport
    public static void jitMemoryInline(boolean inline) {
        WebJit.memoryInline(inline);
    }

    /** Live compiled modules at most (0: the browser default), for the machines configured afterwards; before configureJit. */
    @JSExport
    public static void jitMaxModules(int maxModules) {
        WebJit.maxModules(maxModules);
    }

    /** Regions per module when compiling in the background (1 or less: a module each), for the machines made afterwards. */
    @JSExport
    public static void jitBatch(int regions) {
        WebJit.batch(regions);
    }

    /**
     * Whole-page modules for the machines made afterwards: when an entry becomes hot, its page's entries taken at
     * least {@code entries} times are compiled with it into one module (0: the browser's default; -1: off).
     */
    @JSExport
    public static void jitPageEntries(int entries) {
        WebJit.pageEntries(entries);
    }

    /**
     * For the machines made afterwards: the interpreter's unmarked branch targets looked up about one in {@code n}
     * (JitConfig's lookupSampling; 0: the browser's default, 1: every one).
     */
    @JSExport
    public static void jitLookupSampling(int n) {
        WebJit.lookupSampling(n);
    }

    /**
     * Hands the regions waiting to share a module to the browser now (a machine's time slices do so after a few
     * slices, or when it stops to wait).
     */
    @JSExport
    public static void jitFlush() {
        WasmJit.flush();
    }

    /** nodeos-jit.js, when a module compiled in the background is in its table slot: the region may run it. */
    @JSExport
    public static void jitModuleReady(int slot) {
        WebJit.moduleReady(slot);
    }

    /**
     * Compiled guest code for the machines made after this call (see nodeos-emulator.js's configureJit): mode off, on
     * or force, 0 for a default; returns what is in force.
     */
    @JSExport
    public static String configureJit(String mode, int threshold, int entryThreshold, int maxInstructions,
            JitHost host) {
        return WebJit.configure(mode, threshold, entryThreshold, maxInstructions, host);
    }
}
