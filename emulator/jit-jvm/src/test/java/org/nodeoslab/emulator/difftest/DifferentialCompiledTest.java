package org.nodeoslab.emulator.difftest;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.nodeoslab.emulator.cpu.jit.Jit;
import org.nodeoslab.emulator.cpu.jit.JitConfig;
import org.nodeoslab.emulator.jit.jvm.JvmJit;

/**
 * The differential suite against the host CPU with every instruction compiled on its own (the suite steps one
 * instruction at a time, so forced mode compiles one-instruction regions): no mismatch beyond the interpreter's
 * known ones. Heavy: run with {@code -Djit.proof=true} (see emulator/jit-jvm/README.md).
 */
@EnabledIfSystemProperty(named = "jit.proof", matches = "true")
class DifferentialCompiledTest extends DifferentialTest {
    @BeforeAll
    static void compileEverything() {
        JvmJit.install(new JitConfig(JitConfig.Mode.FORCE, 1, 0, JitConfig.DEFAULT_MAX_INSTRUCTIONS));
    }

    @AfterAll
    static void interpreterAgain() {
        long classes = JvmJit.compiler().classCount();
        Jit.install(null, JitConfig.OFF);
        System.out.println("differential with every instruction compiled: " + classes + " regions compiled");
        // Not a vacuous pass: the instructions under test really ran compiled (one region per form and input).
        assertTrue(classes > 10_000, "only " + classes + " regions were compiled");
    }
}
