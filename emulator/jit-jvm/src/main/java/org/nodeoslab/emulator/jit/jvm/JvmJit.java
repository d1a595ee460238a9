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
        Jit.install(compiler, config);
    }

    /** The installed compiler (for its figures), or null. */
    public static synchronized JvmRegionCompiler compiler() {
        return compiler;
    }
}
