package org.nodeoslab.emulator.cpu;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The self-modifying-code cases with every region compiled: a store into the running region stops it before the
 * next instruction, a store into other compiled code drops that code, through any linear alias and by REP MOVS.
 */
class SelfModifyingCodeCompiledTest extends SelfModifyingCodeTest {
    @BeforeAll
    static void compileEverything() {
        JitModes.use(JitModes.FORCE);
    }

    @AfterAll
    static void interpreterAgain() {
        JitModes.reset();
    }
}
