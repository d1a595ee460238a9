package org.nodeoslab.emulator.cpu.system;

import org.junit.jupiter.api.BeforeEach;
import org.nodeoslab.emulator.cpu.Cpu;

/** Base of the system tests: a fresh {@link TestMachine} in flat 32-bit protected mode at CPL 0. */
abstract class ProtectedModeFixture {
    TestMachine m;
    Cpu cpu;

    @BeforeEach
    void enterProtectedMode() {
        m = new TestMachine();
        m.protectedMode();
        cpu = m.cpu;
    }
}
