package org.nodeoslab.emulator.cli;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

import org.nodeoslab.emulator.cpu.jit.InterpretProfile;
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

    /** The options and the system properties they set ({@code --jit on} = {@code -Dnodeos.jit=on}). */
    private static final String[][] OPTIONS = {
        {"--jit", "nodeos.jit"}, {"--jit-threshold", "nodeos.jit.threshold"}, {"--jit-split", "nodeos.jit.split"},
        {"--jit-max", "nodeos.jit.max"}, {"--jit-entry-threshold", "nodeos.jit.entry-threshold"},
        {"--jit-background", "nodeos.jit.background"},
        {"--jit-profile", "nodeos.jit.profile"}};

    /**
     * Takes {@code --jit MODE}, {@code --jit-threshold N}, {@code --jit-split SEED}, {@code --jit-max N} (or
     * {@code --option=value}; {@code --jit-profile N}: a bench lists the N forms regions interpreted most) out of
     * {@code args} and installs the JIT as they and the properties say; returns the
     * other arguments. A bad value is an IllegalArgumentException naming it.
     */
    static String[] apply(String[] args) {
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String property = null;
            String value = null;
            for (String[] option : OPTIONS) {
                if (args[i].equals(option[0]) && i + 1 < args.length) {
                    property = option[1];
                    value = args[++i];
                } else if (args[i].startsWith(option[0] + "=")) {
                    property = option[1];
                    value = args[i].substring(option[0].length() + 1);
                }
            }
            if (property == null) {
                rest.add(args[i]);
            } else {
                System.setProperty(property, value);
            }
        }
        JvmJit.installFromSystemProperties();
        if (profileTop() > 0) {
            InterpretProfile.start();
        }
        return rest.toArray(new String[0]);
    }

    /** CPU time of the whole JVM (every thread: the emulator, HotSpot's compilers, GC), in nanoseconds. */
    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** One line about the JIT for a bench: its mode, what it compiled, the process CPU time of the run. */
    static String describe(long processCpuNanos, String cpuFigures) {
        JitConfig config = org.nodeoslab.emulator.cpu.jit.Jit.config();
        JvmRegionCompiler compiler = JvmJit.compiler();
        String compiled = compiler == null || config.mode == JitConfig.Mode.OFF ? ""
                : String.format(", %,d regions compiled (%,d KiB of class files, HotSpot %s; %.2f s CPU on the"
                        + " background compiler thread)", compiler.classCount(), compiler.classBytes() >> 10,
                        JvmJit.hotSpotTiers(), compiler.backgroundCpuNanos() / 1e9);
        return String.format("bench: %s%s%s; process CPU %.2f s (all JVM threads: HotSpot's compilers, GC); JVM code"
                + " cache %,d KiB, metaspace %,d KiB", config, compiled, cpuFigures, processCpuNanos / 1e9,
                poolsUsed("CodeHeap") >> 10, poolsUsed("Metaspace") >> 10);
    }

    /** What one CPU's compiled code did: regions, and the share of instructions they retired. */
    static String cpuFigures(org.nodeoslab.emulator.cpu.Cpu cpu) {
        org.nodeoslab.emulator.cpu.JitBridge jit = cpu.compiledCode();
        if (jit == null) {
            return "";
        }
        return String.format("; %,d regions compiled (%,d in the background, %,d of those stale), %,d live, %.1f%%"
                        + " of the instructions ran compiled, %,d regions entered chained (since start)",
                jit.cache().compiledCount(), jit.cache().backgroundCount(), jit.cache().staleCount(),
                jit.cache().liveCount(),
                100.0 * jit.compiledInstructions() / Math.max(1, cpu.instructionCount), jit.chainedRegions())
                + InterpretProfile.topAndReset(profileTop(), jit.compiledInstructions());
    }

    /** How many forms {@code --jit-profile} lists (0: not profiling). */
    private static int profileTop() {
        String v = System.getProperty("nodeos.jit.profile");
        try {
            return v == null ? 0 : Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--jit-profile / nodeos.jit.profile: not a number: '" + v + "'");
        }
    }

    /** Bytes used in the JVM's memory pools whose name contains {@code name} (code heaps, metaspace). */
    private static long poolsUsed(String name) {
        long used = 0;
        for (java.lang.management.MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getName().contains(name)) {
                used += pool.getUsage().getUsed();
            }
        }
        return used;
    }
}
