package org.nodeoslab.emulator.cli;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

import org.nodeoslab.emulator.cpu.jit.JitConfig;
import org.nodeoslab.emulator.jit.jvm.JvmJit;
import org.nodeoslab.emulator.jit.jvm.JvmRegionCompiler;

/**
 * The command line's switch for compiled guest code: {@code --jit off|on|force} anywhere among the arguments (or
 * the {@code nodeos.jit} system property) installs the JVM back end for the machines made afterwards, and the
 * figures a bench prints about it.
 */
final class JitSwitch {
    private JitSwitch() {
    }

    /** Takes {@code --jit MODE} / {@code --jit=MODE} out of {@code args}, applies it; the other arguments. */
    static String[] apply(String[] args) {
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--jit") && i + 1 < args.length) {
                System.setProperty("nodeos.jit", JitConfig.parseMode(args[++i]).name().toLowerCase());
            } else if (args[i].startsWith("--jit=")) {
                System.setProperty("nodeos.jit", JitConfig.parseMode(args[i].substring(6)).name().toLowerCase());
            } else {
                rest.add(args[i]);
            }
        }
        JvmJit.installFromSystemProperties();
        return rest.toArray(new String[0]);
    }

    /** CPU time of the whole JVM (every thread: the emulator, HotSpot's compilers, GC), in nanoseconds. */
    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** One line about the JIT for a bench: its mode, what it compiled, the process CPU time of the run. */
    static String describe(long processCpuNanos) {
        JitConfig config = org.nodeoslab.emulator.cpu.jit.Jit.config();
        JvmRegionCompiler compiler = JvmJit.compiler();
        String compiled = compiler == null || config.mode == JitConfig.Mode.OFF ? ""
                : String.format(", %,d regions compiled (%,d KiB of class files)", compiler.classCount(),
                        compiler.classBytes() >> 10);
        return String.format("bench: %s%s; process CPU %.2f s (all JVM threads: HotSpot's compilers, GC)",
                config, compiled, processCpuNanos / 1e9);
    }
}
