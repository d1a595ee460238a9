package org.nodeoslab.emulator.cpu;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Faults and interrupts raised from compiled code, with regions split at random boundaries. */
class ExceptionsAndInterruptsCompiledTest extends ExceptionsAndInterruptsTest {
    @BeforeAll
    static void compileEverything() {
        JitModes.use(JitModes.SPLIT);
    }

    @AfterAll
    static void interpreterAgain() {
        JitModes.reset();
    }
}
