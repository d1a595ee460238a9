package org.nodeoslab.emulator.cpu.jit;

/**
 * Where a back end plugs in: the JVM tier (emulator/jit-jvm) installs its compiler at start-up; every CPU made
 * afterwards compiles hot code with it, as {@link JitConfig} says. Nothing installed (the browser build today)
 * means the interpreter alone. Core stays free of dependencies: it only knows the {@link RegionCompiler}
 * interface.
 */
public final class Jit {
    // Volatile rather than synchronized: the browser build compiles this class too.
    private static volatile RegionCompiler compiler;
    private static volatile JitConfig config = JitConfig.OFF;

    private Jit() {
    }

    public static void install(RegionCompiler backEnd, JitConfig settings) {
        compiler = backEnd;
        config = settings;
    }

    public static RegionCompiler compiler() {
        return compiler;
    }

    public static JitConfig config() {
        return config;
    }
}
