package org.nodeoslab.emulator.cpu;

import java.util.function.Consumer;

import org.nodeoslab.emulator.cpu.jit.Jit;
import org.nodeoslab.emulator.cpu.jit.JitConfig;
import org.nodeoslab.emulator.jit.jvm.JvmJit;

/**
 * The JIT settings tests run CPUs under (they apply to CPUs made afterwards), on the JVM back end unless a test of
 * another back end (emulator/jit-wasm, through this module's test-jar) installs its own with {@link #backEnd}.
 */
final class JitModes {
    static final JitConfig INTERPRETER = JitConfig.OFF;
    /** Every region compiled the first time it is entered. */
    static final JitConfig FORCE = new JitConfig(JitConfig.Mode.FORCE, 1, 0, JitConfig.DEFAULT_MAX_INSTRUCTIONS);
    /** Forced, with regions cut after a random number of instructions. */
    static final JitConfig SPLIT = new JitConfig(JitConfig.Mode.FORCE, 1, 12345, JitConfig.DEFAULT_MAX_INSTRUCTIONS);
    /** Hot pages compiled after a few entries (code runs interpreted first, then compiled). */
    static final JitConfig HOT = new JitConfig(JitConfig.Mode.ON, 3, 0, JitConfig.DEFAULT_MAX_INSTRUCTIONS);
    /** Hot pages, compiled on the back end's thread while the interpreter goes on. */
    static final JitConfig BACKGROUND = HOT.withBackground(true);
    /** Hot pages, the interpreter's branch targets not marked as compiled entries looked up about one in 4. */
    static final JitConfig SAMPLED = HOT.withLookupSampling(4);

    private static Consumer<JitConfig> backEnd = JvmJit::install;

    private JitModes() {
    }

    /** The back end {@link #use} installs from now on. */
    static void backEnd(Consumer<JitConfig> installer) {
        backEnd = installer;
    }

    static void use(JitConfig config) {
        backEnd.accept(config);
    }

    static void reset() {
        Jit.install(null, JitConfig.OFF);
    }

    /** Regions compiled by this CPU so far (0 when it runs without the JIT). */
    static long compiled(Cpu cpu) {
        return cpu.exec.jit == null ? 0 : cpu.exec.jit.cache().compiledCount();
    }
}
