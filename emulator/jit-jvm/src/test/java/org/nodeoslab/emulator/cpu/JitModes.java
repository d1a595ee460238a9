package org.nodeoslab.emulator.cpu;

import org.nodeoslab.emulator.cpu.jit.Jit;
import org.nodeoslab.emulator.cpu.jit.JitConfig;
import org.nodeoslab.emulator.jit.jvm.JvmJit;

/** The JIT settings tests run CPUs under (they apply to CPUs made afterwards). */
final class JitModes {
    static final JitConfig INTERPRETER = JitConfig.OFF;
    /** Every region compiled the first time it is entered. */
    static final JitConfig FORCE = new JitConfig(JitConfig.Mode.FORCE, 1, 0, JitConfig.DEFAULT_MAX_INSTRUCTIONS);
    /** Forced, with regions cut after a random number of instructions. */
    static final JitConfig SPLIT = new JitConfig(JitConfig.Mode.FORCE, 1, 12345, JitConfig.DEFAULT_MAX_INSTRUCTIONS);
    /** Hot pages compiled after a few entries (code runs interpreted first, then compiled). */
    static final JitConfig HOT = new JitConfig(JitConfig.Mode.ON, 3, 0, JitConfig.DEFAULT_MAX_INSTRUCTIONS);

    private JitModes() {
    }

    static void use(JitConfig config) {
        JvmJit.install(config);
    }

    static void reset() {
        Jit.install(null, JitConfig.OFF);
    }

    /** Regions compiled by this CPU so far (0 when it runs without the JIT). */
    static long compiled(Cpu cpu) {
        return cpu.exec.jit == null ? 0 : cpu.exec.jit.cache().compiledCount();
    }
}
