package org.nodeoslab.emulator.cpu;

/** Faults and interrupts raised from wasm code, regions split at random. */
class WasmExceptionsAndInterruptsTest extends ExceptionsAndInterruptsCompiledTest {
    static {
        WasmBackEnd.use();
    }
}
