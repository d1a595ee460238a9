package org.nodeoslab.emulator.cpu;

import org.junit.jupiter.api.AfterAll;
import org.nodeoslab.emulator.jit.wasm.ChicoryWasmLoader;

/** Faults and interrupts raised from wasm code that reaches guest memory inline, regions split at random. */
class WasmMemoryInlineExceptionsAndInterruptsTest extends ExceptionsAndInterruptsCompiledTest {
    static {
        WasmBackEnd.use(ChicoryWasmLoader.INLINE_MEMORY);
    }

    /** The test classes after this one run their machines on Java arrays and modules that call helpers again. */
    @AfterAll
    static void memoryThroughHelpersAgain() {
        WasmBackEnd.use();
    }
}
