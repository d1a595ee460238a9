package org.nodeoslab.emulator.cpu;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The self-modifying-code cases with whole pages compiled into one module each: a write into any region of a page
 * drops the page's code (each region's may go on into the others), and one into the running page stops it.
 */
class WasmPageModulesSelfModifyingCodeTest extends SelfModifyingCodeCompiledTest {
    /** After the superclass's (which runs before this class is initialized): its mode again, on page modules. */
    @BeforeAll
    static void pages() {
        WasmBackEnd.usePages();
        JitModes.use(JitModes.FORCE);
    }

    @AfterAll
    static void regionsAloneAgain() {
        WasmBackEnd.use();
    }
}
