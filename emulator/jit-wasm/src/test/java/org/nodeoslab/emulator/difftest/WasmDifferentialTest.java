package org.nodeoslab.emulator.difftest;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.nodeoslab.emulator.bus.PhysicalMemory;
import org.nodeoslab.emulator.cpu.jit.Jit;
import org.nodeoslab.emulator.cpu.jit.JitConfig;
import org.nodeoslab.emulator.jit.wasm.ChicoryMemoryStorage;
import org.nodeoslab.emulator.jit.wasm.ChicoryWasmLoader;
import org.nodeoslab.emulator.jit.wasm.WasmJit;

/**
 * The differential suite against the host CPU with every instruction compiled to wasm on its own (forced mode,
 * one-instruction regions, each a module run by Chicory): no mismatch beyond the interpreter's known ones. Heavy:
 * run with {@code -Djit.proof=true} (see emulator/jit-wasm/README.md).
 */
@EnabledIfSystemProperty(named = "jit.proof", matches = "true")
class WasmDifferentialTest extends DifferentialTest {
    @BeforeAll
    static void compileEverything() {
        // -Djit.wasm.memory=inline: modules reach guest memory inline, the machines' memory in a Chicory memory.
        boolean inline = "inline".equals(System.getProperty("jit.wasm.memory"));
        WasmJit.install(inline ? ChicoryWasmLoader.INLINE_MEMORY : ChicoryWasmLoader.INSTANCE,
                new JitConfig(JitConfig.Mode.FORCE, 1, 0, JitConfig.DEFAULT_MAX_INSTRUCTIONS));
        PhysicalMemory.defaultStorage(inline ? ChicoryMemoryStorage.FACTORY : null);
    }

    @AfterAll
    static void interpreterAgain() {
        long modules = WasmJit.compiler().moduleCount();
        Jit.install(null, JitConfig.OFF);
        PhysicalMemory.defaultStorage(null);
        System.out.println("differential with every instruction compiled to wasm: " + modules + " modules");
        assertTrue(modules > 10_000, "only " + modules + " modules were compiled");
    }

    /** As the interpreter's, with time for a wasm module per case (Chicory parses and interprets each). */
    @Override
    @Test
    @Timeout(value = 3600, unit = TimeUnit.SECONDS)
    void emulatorMatchesHostCpu() throws IOException {
        super.emulatorMatchesHostCpu();
    }
}
