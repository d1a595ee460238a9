package org.nodeoslab.emulator.cpu;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Faults and interrupts raised from page modules (regions going on into each other), regions split at random. */
class WasmPageModulesExceptionsAndInterruptsTest extends ExceptionsAndInterruptsCompiledTest {
    /** After the superclass's (which runs before this class is initialized): its mode again, on page modules. */
    @BeforeAll
    static void pages() {
        WasmBackEnd.usePages();
        JitModes.use(JitModes.SPLIT);
    }

    @AfterAll
    static void regionsAloneAgain() {
        WasmBackEnd.use();
    }
}
