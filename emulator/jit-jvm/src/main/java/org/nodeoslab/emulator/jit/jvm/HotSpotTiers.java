package org.nodeoslab.emulator.jit.jvm;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.management.JMException;
import javax.management.ObjectName;

/**
 * Which of HotSpot's compilers compile the generated region classes. By default only C1 does: measured on the
 * busybox boot, C2 spent ~11 s of compiler threads on 246 region methods (47 ms each) for no gain on the emulator's
 * thread (C1 alone: the same thread CPU within the noise, 5 s less process CPU, and new code runs compiled sooner),
 * so region methods are kept off C2 with a compiler directive (HotSpot still compiles a warm one at tier 2 or 3 first,
 * C1 with profiling, and at tier 1, C1 without profiling, once its request for C2 has been refused). The directive is added at run time through the {@code DiagnosticCommand} MBean
 * ({@code jcmd Compiler.directives_add}), so no JVM flag is needed. {@code -Dnodeos.jit.c2=true} leaves HotSpot's
 * tiers alone.
 */
final class HotSpotTiers {
    /** Class-name prefix (internal form) of the region classes kept on C1. */
    static final String LUKEWARM_NAME = RegionClassWriter.NAME;
    /**
     * ASM's classes, which write the region classes on the background thread, are kept on C1 too: C2 spent ~4 s of
     * its thread on them during a busybox boot (Frame.execute, SymbolTable.addConstantMemberReference: up to 1.3 s
     * each) for a thread that uses 0.4 s; that time delayed C2's compiles of the interpreter and, on two cores,
     * took the emulator's thread's core.
     */
    static final String ASM_NAME = "org/objectweb/asm/";
    /**
     * This module's own classes (RegionClassWriter, JvmRegionCompiler: the same background thread) likewise: C2
     * spent ~1.7 s on them per busybox boot (RegionClassWriter.call 0.9 s, writeBack, push) for a thread that uses
     * 0.3 s. (The region classes share the prefix; the pattern matches them too.)
     */
    static final String WRITER_NAME = "org/nodeoslab/emulator/jit/jvm/";

    private static boolean installed;
    private static String outcome = "not installed";

    private HotSpotTiers() {
    }

    /** Adds the directive once per JVM (unless {@code nodeos.jit.c2=true}); never throws. */
    static synchronized void install() {
        if (installed) {
            return;
        }
        installed = true;
        if (Boolean.getBoolean("nodeos.jit.c2")) {
            outcome = "C1 and C2 (nodeos.jit.c2=true)";
            return;
        }
        try {
            Path file = Files.createTempFile("nodeos-jit-directive", ".json");
            try {
                Files.writeString(file, "[ { match: \"" + LUKEWARM_NAME + "*.*\", c2: { Exclude: true } },\n"
                        + "  { match: \"" + ASM_NAME + "*.*\", c2: { Exclude: true } },\n"
                        + "  { match: \"" + WRITER_NAME + "*.*\", c2: { Exclude: true } } ]\n");
                Object answer = ManagementFactory.getPlatformMBeanServer().invoke(
                        new ObjectName("com.sun.management:type=DiagnosticCommand"), "compilerDirectivesAdd",
                        new Object[] {new String[] {file.toString()}}, new String[] {String[].class.getName()});
                outcome = String.valueOf(answer).contains("3 compiler directives added") ? "C1 only"
                        : "C1 and C2 (HotSpot said: " + String.valueOf(answer).trim() + ")";
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException | JMException | RuntimeException e) {
            // Not HotSpot, or no management: the default tiers (slower to warm up, not wrong).
            outcome = "C1 and C2 (no directive: " + e + ")";
        }
    }

    /** Which compilers compile region classes, and when (the launcher's threshold scaling), for the bench's line. */
    static synchronized String describe() {
        return outcome + thresholdScaling();
    }

    /** ", thresholds x0.01" when the JVM was started with a CompileThresholdScaling (emulator/nodeos-emu's). */
    private static String thresholdScaling() {
        try {
            for (String argument : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
                int at = argument.indexOf("CompileThresholdScaling,");
                if (at >= 0 && argument.contains(LUKEWARM_NAME.replace('/', '.'))) {
                    return ", thresholds x" + argument.substring(argument.lastIndexOf(',') + 1);
                }
            }
        } catch (RuntimeException e) {
            // no management: say nothing
        }
        return "";
    }
}
