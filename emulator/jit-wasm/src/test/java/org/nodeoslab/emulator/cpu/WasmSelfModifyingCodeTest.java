package org.nodeoslab.emulator.cpu;

/** The self-modifying-code cases with every region compiled to wasm. */
class WasmSelfModifyingCodeTest extends SelfModifyingCodeCompiledTest {
    static {
        WasmBackEnd.use();
    }
}
