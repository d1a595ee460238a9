package org.nodeoslab.emulator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.nodeoslab.emulator.bus.PhysicalMemory;
import org.nodeoslab.emulator.cpu.JitBridge;
import org.nodeoslab.emulator.cpu.jit.Jit;
import org.nodeoslab.emulator.cpu.jit.JitConfig;
import org.nodeoslab.emulator.jit.wasm.ChicoryMemoryStorage;
import org.nodeoslab.emulator.jit.wasm.ChicoryWasmLoader;
import org.nodeoslab.emulator.jit.wasm.WasmImports;
import org.nodeoslab.emulator.jit.wasm.WasmJit;
import org.nodeoslab.emulator.jit.wasm.WasmRegionCompiler;
import org.nodeoslab.emulator.pc.CpuStateDump;
import org.nodeoslab.image.TestAssets;
import org.nodeoslab.image.TestInitramfs;

/**
 * Debian's kernel and busybox boot to the shell with hot code compiled to WebAssembly (run by Chicory, compiled by
 * it to JVM bytecode) exactly as with the interpreter alone: the same console bytes after the same number of
 * instructions, the same CPU state at the prompt; then the machine answers a command. Prints what was compiled
 * and the helper calls per compiled instruction (what a browser pays ~2 ns each for). Heavy: {@code
 * -Djit.proof=true}.
 */
@EnabledIfSystemProperty(named = "jit.proof", matches = "true")
class WasmBootTest {
    private static final Duration BOOT_TIMEOUT = Duration.ofMinutes(30);
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    @AfterAll
    static void interpreterAgain() {
        Jit.install(null, JitConfig.OFF);
        PhysicalMemory.defaultStorage(null);
    }

    private static EmulatedGuest bootToPrompt() throws Exception {
        TestAssets.Boot boot = TestAssets.busyboxBoot();
        EmulatedGuest guest = EmulatedGuest.boot(boot.bzImage(), boot.initramfs(), boot.cmdline(), 256);
        guest.waitFor(TestInitramfs.PROMPT, BOOT_TIMEOUT);
        return guest;
    }

    @Test
    void bootsToTheSameBytesInstructionsAndStateWithCodeCompiledToWasm() throws Exception {
        Jit.install(null, JitConfig.OFF);
        long t0 = THREADS.getCurrentThreadCpuTime();
        EmulatedGuest interpreted = bootToPrompt();
        long interpretedNanos = THREADS.getCurrentThreadCpuTime() - t0;

        JitConfig config = JitConfig.defaults(JitConfig.Mode.ON);
        // Registers loaded by helpers; -Djit.wasm.registers=in: passed into run; -Djit.wasm.memory=inline: passed in
        // and guest memory read and written inline, the machine's memory in a Chicory memory (as the browser's).
        boolean inline = "inline".equals(System.getProperty("jit.wasm.memory"));
        ChicoryWasmLoader loader = inline ? ChicoryWasmLoader.COMPILED_INLINE_MEMORY
                : "in".equals(System.getProperty("jit.wasm.registers")) ? ChicoryWasmLoader.COMPILED_REGISTERS_IN
                : ChicoryWasmLoader.COMPILED;
        WasmRegionCompiler compiler = WasmJit.install(loader, config);
        PhysicalMemory.defaultStorage(inline ? ChicoryMemoryStorage.FACTORY : null);
        long[] callsBefore = loader.calls();
        long t1 = THREADS.getCurrentThreadCpuTime();
        try (EmulatedGuest compiled = bootToPrompt()) {
            PhysicalMemory.defaultStorage(null);
            long compiledNanos = THREADS.getCurrentThreadCpuTime() - t1;
            assertEquals(interpreted.console(), compiled.console());
            assertEquals(interpreted.instructions(), compiled.instructions());
            assertEquals(CpuStateDump.describe(interpreted.pc.cpu), CpuStateDump.describe(compiled.pc.cpu));

            JitBridge jit = compiled.pc.cpu.compiledCode();
            long ran = jit.compiledInstructions();
            long[] calls = loader.calls();
            long total = 0;
            StringBuilder byHelper = new StringBuilder();
            for (int i = 0; i < calls.length; i++) {
                long n = calls[i] - callsBefore[i];
                total += n;
                if (n * 100 >= ran) { // the helpers called at least once per 100 compiled instructions
                    byHelper.append(String.format(" %s %.3f", WasmImports.get(i).method, (double) n / ran));
                }
            }
            System.out.printf("wasm boot (%s%s): %d instructions, %d compiled (%.1f%%, %d region entries chained) by "
                    + "%d modules of %d bytes "
                    + "(%.0f per module); helper calls per compiled instruction %.3f:%s; emulator thread CPU "
                    + "%.1f s (interpreter %.1f s; Chicory's modules are JVM classes here, not a browser's)%n",
                    config, inline ? ", memory inline" : loader.passesRegisters() ? ", registers passed in" : "",
                    compiled.instructions(), ran,
                    100.0 * ran / compiled.instructions(), jit.chainedRegions(),
                    compiler.moduleCount(), compiler.moduleBytes(),
                    (double) compiler.moduleBytes() / Math.max(1, compiler.moduleCount()), (double) total / ran,
                    byHelper, compiledNanos / 1e9, interpretedNanos / 1e9);
            assertTrue(ran > compiled.instructions() / 10, "only " + ran + " instructions ran compiled");

            compiled.send("uname -a; echo $((6*7))\n");
            String out = compiled.waitFor(TestInitramfs.PROMPT, Duration.ofMinutes(5));
            assertTrue(out.contains("42") && out.contains(" i686 "), out);
            assertFalse(compiled.console().contains("Oops") || compiled.console().contains("BUG:"));
        }
        interpreted.close();
    }
}
