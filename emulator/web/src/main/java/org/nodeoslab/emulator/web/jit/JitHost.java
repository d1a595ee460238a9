package org.nodeoslab.emulator.web.jit;

import org.teavm.jso.JSObject;
import org.teavm.jso.typedarrays.Int32Array;
import org.teavm.jso.typedarrays.Int8Array;

/**
 * nodeos-jit.js's {@code WasmJit.host}: compiles and instantiates a module's bytes with the emulator's exports as its
 * imports and puts its export {@code run} in the table the {@link Trampoline} calls through. Called once per module
 * (a JS call: microseconds, against the compile's tenths of a millisecond); runs never come here.
 */
public interface JitHost extends JSObject {
    /** The table slot now holding the module's {@code run}, or -1 when it cannot be compiled or linked. */
    int load(Int8Array module);

    /**
     * The slot that will hold the module's {@code run} once compiled in the background (the host then calls the
     * emulator's export {@code jitModuleReady(slot)}), or -1 when it cannot even start. A few compile at once, the
     * others wait their turn.
     */
    int loadInBackground(Int8Array module);

    /**
     * A slot for a function that comes later in a {@link #loadBatchInBackground} (it holds nothing until then), or -1
     * when none can be had.
     */
    int reserve();

    /**
     * Compiles {@code module} in the background; once ready, its i-th function (exported as "run", "run1", ...) goes
     * in {@code slots[i]} (each from {@link #reserve}) unless that slot was released meanwhile, and the host calls
     * the emulator's export {@code jitModuleReady(slot)} for each.
     */
    void loadBatchInBackground(Int8Array module, Int32Array slots);

    /** The slot's module is no longer needed (it may be collected, or dropped if still compiling; the slot is reused). */
    void release(int slot);

    /**
     * True if generated modules get the emulator's linear memory as import ("jit", "memory"), so they may reach guest
     * memory inline (where the machine keeps it there).
     */
    boolean hasMemory();

    /** The first load that failed and why ("" if none did): the host logs it once, the Java side reports it. */
    String failure();
}
