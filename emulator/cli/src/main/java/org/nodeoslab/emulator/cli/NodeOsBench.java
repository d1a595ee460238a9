package org.nodeoslab.emulator.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;

import org.nodeoslab.image.debian.DebianSettings;
import org.nodeoslab.image.nodeos.NodeOsImage;

/**
 * {@code nodeos-emu bench --nodeos}: the Node.js workload. Boots the NodeOS image (built or cached as for
 * {@code image}) on our PC to nsh's prompt, then runs {@code node -e "console.log(6*7)"} twice, and prints guest
 * MIPS per CPU second for each part (the guest runs on this thread, so its CPU time is the emulator's).
 */
final class NodeOsBench {
    /** A fresh prompt: nsh's line editor draws the prompt, then clears the rest of the screen (ESC [ J). */
    private static final String PROMPT = "nodeos:/$ \u001b[J";
    private static final String NODE = "node -e \"console.log(6*7)\"\r";
    private static final int MEMORY_MIB = 512;

    private NodeOsBench() {
    }

    static void run(Duration timeout, PrintStream err)
            throws IOException, MachineLoader.LoadException, Guest.GuestException {
        NodeOsImage.Result image = NodeOsImage.cached(DebianSettings.defaults(), err::println);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        try (EmulatedGuest guest = EmulatedGuest.boot(image.bzImage(), image.initramfs(), NodeOsImage.CMDLINE,
                MEMORY_MIB, true)) {
            long[] cpu = {threads.getCurrentThreadCpuTime(), JitSwitch.processCpuNanos()};
            long instructions = guest.instructions();
            guest.waitFor(PROMPT, timeout);
            report(err, "NodeOS boot to nsh (kernel unpacked on the host)", guest, threads, cpu, instructions);
            for (int run = 1; run <= 2; run++) {
                instructions = guest.instructions();
                guest.send(NODE);
                String out = guest.waitFor(PROMPT, timeout);
                if (!out.contains("42")) {
                    throw new IOException("node -e did not print 42:\n" + out);
                }
                report(err, "node -e \"console.log(6*7)\", run " + run, guest, threads, cpu, instructions);
            }
        }
    }

    /**
     * One part's line: CPU seconds of the emulator's thread (the MIPS are per those) and of the whole process
     * (HotSpot's compilers and the JIT's background thread too); {@code cpu} (thread, process) moves on to now.
     */
    private static void report(PrintStream err, String what, EmulatedGuest guest, ThreadMXBean threads,
            long[] cpu, long instructionsStart) {
        long now = threads.getCurrentThreadCpuTime();
        long processNow = JitSwitch.processCpuNanos();
        double seconds = (now - cpu[0]) / 1e9;
        long instructions = guest.instructions() - instructionsStart;
        err.printf("bench: ours: %s: %.2f s of CPU (process %.2f s), %,d guest instructions, %.1f MIPS per CPU"
                + " second%s%n", what, seconds, (processNow - cpu[1]) / 1e9, instructions, instructions / seconds / 1e6,
                JitSwitch.cpuFigures(guest.pc.cpu));
        cpu[0] = now;
        cpu[1] = processNow;
    }
}
