package org.nodeoslab.emulator.cpu;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.nodeoslab.emulator.jit.wasm.ChicoryWasmLoader;

/** The same programs with modules whose run takes the registers (a loader that passes them). */
class WasmRegistersInCodeMatchesInterpreterTest extends WasmCodeMatchesInterpreterTest {
    private static int loadedBefore;

    @BeforeAll
    static void registersIn() {
        loadedBefore = ChicoryWasmLoader.REGISTERS_IN.loaded();
        WasmBackEnd.use(ChicoryWasmLoader.REGISTERS_IN);
    }

    @AfterAll
    static void registersLoadedByHelpersAgain() {
        WasmBackEnd.use(); // the other test classes run on the loader that does not pass them
        assertTrue(ChicoryWasmLoader.REGISTERS_IN.loaded() > loadedBefore + 100, "the modules took the registers");
    }
}
