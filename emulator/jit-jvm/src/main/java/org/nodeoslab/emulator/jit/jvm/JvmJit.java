package org.nodeoslab.emulator.jit.jvm;

import org.nodeoslab.emulator.cpu.jit.Jit;
import org.nodeoslab.emulator.cpu.jit.JitConfig;

/** Installs the JVM back end for the CPUs made after it, as the {@code nodeos.jit*} system properties say. */
public final class JvmJit {
    private static JvmRegionCompiler compiler;

    private JvmJit() {
    }

    /** Reads {@link JitConfig#fromSystemProperties()} and installs the back end (also when off: then unused). */
    public static synchronized JitConfig installFromSystemProperties() {
        JitConfig config = JitConfig.fromSystemProperties();
        install(config);
        return config;
    }

    public static synchronized void install(JitConfig config) {
        if (compiler == null) {
            compiler = new JvmRegionCompiler();
        }
        if (config.mode != JitConfig.Mode.OFF) {
            HotSpotTiers.install();
        }
        Jit.install(compiler, config);
    }

    /**
     * The core's CPU bench loops with the JIT as the {@code nodeos.jit*} properties say: {@code java
     * -Dnodeos.jit=on -cp CLASSPATH org.nodeoslab.emulator.jit.jvm.JvmJit [seconds]}.
     */
    public static void main(String[] args) {
        System.out.println(installFromSystemProperties());
        org.nodeoslab.emulator.bench.CpuBench.main(args);
    }

    /** Which of HotSpot's compilers compile region classes (for a bench's figures). */
    public static String hotSpotTiers() {
        return HotSpotTiers.describe();
    }

    /** The installed compiler (for its figures), or null. */
    public static synchronized JvmRegionCompiler compiler() {
        return compiler;
    }
}
