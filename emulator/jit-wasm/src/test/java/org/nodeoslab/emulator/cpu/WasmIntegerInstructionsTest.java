package org.nodeoslab.emulator.cpu;

/** The integer instruction tests with every region compiled to wasm. */
class WasmIntegerInstructionsTest extends IntegerInstructionsCompiledTest {
    static {
        WasmBackEnd.use();
    }
}
