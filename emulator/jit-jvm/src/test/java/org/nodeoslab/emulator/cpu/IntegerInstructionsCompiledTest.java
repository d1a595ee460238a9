package org.nodeoslab.emulator.cpu;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The integer instruction tests with every region compiled. */
class IntegerInstructionsCompiledTest extends IntegerInstructionsTest {
    @BeforeAll
    static void compileEverything() {
        JitModes.use(JitModes.FORCE);
    }

    @AfterAll
    static void interpreterAgain() {
        JitModes.reset();
    }
}
