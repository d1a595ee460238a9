package org.nodeoslab.emulator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.nodeoslab.emulator.cpu.jit.Jit;
import org.nodeoslab.emulator.cpu.jit.JitConfig;
import org.nodeoslab.emulator.jit.jvm.JvmJit;
import org.nodeoslab.emulator.pc.CpuStateDump;
import org.nodeoslab.image.TestAssets;
import org.nodeoslab.image.TestInitramfs;

/**
 * Compiled guest code changes nothing a guest can see: Debian's kernel and busybox boot to the shell with the
 * interpreter alone and with the JIT (hot pages with the default thresholds and with low ones, and every region forced), and the console bytes, the instruction
 * count and the CPU state at the prompt are identical; then the compiled machine answers commands. The JIT keeps
 * the interpreter's instruction count exactly (regions run within the run loop's budget), so the virtual clock,
 * and with it every interrupt, falls on the same instruction. Heavy (four boots): {@code -Djit.proof=true}.
 */
@EnabledIfSystemProperty(named = "jit.proof", matches = "true")
class CompiledBootTest {
    private static final Duration BOOT_TIMEOUT = Duration.ofMinutes(20);

    @AfterAll
    static void interpreterAgain() {
        Jit.install(null, JitConfig.OFF);
    }

    private static EmulatedGuest bootToPrompt(JitConfig config) throws Exception {
        JvmJit.install(config);
        TestAssets.Boot boot = TestAssets.busyboxBoot();
        EmulatedGuest guest = EmulatedGuest.boot(boot.bzImage(), boot.initramfs(), boot.cmdline(), 256);
        guest.waitFor(TestInitramfs.PROMPT, BOOT_TIMEOUT);
        return guest;
    }

    @Test
    void bootsToTheSameBytesInstructionsAndStateWithCompiledCode() throws Exception {
        EmulatedGuest interpreted = bootToPrompt(JitConfig.OFF);
        for (JitConfig config : new JitConfig[] {
            JitConfig.defaults(JitConfig.Mode.ON),
            new JitConfig(JitConfig.Mode.ON, 200, 0, JitConfig.DEFAULT_MAX_INSTRUCTIONS),
            new JitConfig(JitConfig.Mode.FORCE, 1, 0, JitConfig.DEFAULT_MAX_INSTRUCTIONS)}) {
            try (EmulatedGuest compiled = bootToPrompt(config)) {
                assertTrue(compiled.pc.cpu.instructionCount > 0);
                assertEquals(interpreted.console(), compiled.console(), config.toString());
                assertEquals(interpreted.instructions(), compiled.instructions(), config.toString());
                assertEquals(CpuStateDump.describe(interpreted.pc.cpu), CpuStateDump.describe(compiled.pc.cpu),
                        config.toString());
                compiled.send("uname -a; cat /proc/cpuinfo | head -3; echo $((6*7))\n");
                String out = compiled.waitFor(TestInitramfs.PROMPT, Duration.ofMinutes(2));
                assertTrue(out.contains("42") && out.contains(" i686 "), out);
                assertFalse(compiled.console().contains("Oops") || compiled.console().contains("BUG:"));
            }
        }
        interpreted.close();
    }
}
