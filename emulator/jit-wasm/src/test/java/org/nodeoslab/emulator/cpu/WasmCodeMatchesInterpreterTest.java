package org.nodeoslab.emulator.cpu;

/** The random programs, a fault inside a region and a loop stopping at the budget, compiled to wasm (Chicory). */
class WasmCodeMatchesInterpreterTest extends CompiledCodeMatchesInterpreterTest {
    static {
        WasmBackEnd.use();
    }
}
