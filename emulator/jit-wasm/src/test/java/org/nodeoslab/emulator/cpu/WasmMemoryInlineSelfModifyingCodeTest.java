package org.nodeoslab.emulator.cpu;

import org.junit.jupiter.api.AfterAll;
import org.nodeoslab.emulator.jit.wasm.ChicoryWasmLoader;

/**
 * The self-modifying-code cases with every region compiled to modules that write guest memory inline: a write into
 * a page holding code goes through the helper, so it still stops or drops the code it hits.
 */
class WasmMemoryInlineSelfModifyingCodeTest extends SelfModifyingCodeCompiledTest {
    static {
        WasmBackEnd.use(ChicoryWasmLoader.INLINE_MEMORY);
    }

    /** The test classes after this one run their machines on Java arrays and modules that call helpers again. */
    @AfterAll
    static void memoryThroughHelpersAgain() {
        WasmBackEnd.use();
    }
}
