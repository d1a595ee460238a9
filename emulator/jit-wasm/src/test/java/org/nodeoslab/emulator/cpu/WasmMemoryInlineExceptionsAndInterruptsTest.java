package org.nodeoslab.emulator.cpu;

import org.nodeoslab.emulator.jit.wasm.ChicoryWasmLoader;

/** Faults and interrupts raised from wasm code that reaches guest memory inline, regions split at random. */
class WasmMemoryInlineExceptionsAndInterruptsTest extends ExceptionsAndInterruptsCompiledTest {
    static {
        WasmBackEnd.use(ChicoryWasmLoader.INLINE_MEMORY);
    }
}
