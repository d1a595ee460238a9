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
 * MIPS per CPU second for each part (the guest runs on this thread, so its CPU time is the emulator's); then, unless
 * told not to, does the same under qemu-system-i386 (TCG) and prints each {@code node -e}'s ratio, ours/QEMU, in CPU
 * time (the boots differ: QEMU runs the kernel's own decompressor, ours starts in the kernel unpacked on the host).
 * QEMU does not count instructions, so its MIPS are ours' count over its time, as for the busybox bench.
 */
final class NodeOsBench {
    /** A fresh prompt: nsh's line editor draws the prompt, then clears the rest of the screen (ESC [ J). */
    private static final String PROMPT = "nodeos:/$ \u001b[J";
    private static final String NODE = "node -e \"console.log(6*7)\"\r";
    private static final int MEMORY_MIB = 512;

    private NodeOsBench() {
    }

    private static final String[] PARTS = {"NodeOS boot to nsh", "node -e \"console.log(6*7)\", run 1",
        "node -e \"console.log(6*7)\", run 2"};

    static void run(Duration timeout, boolean withQemu, PrintStream err)
            throws IOException, MachineLoader.LoadException, Guest.GuestException {
        NodeOsImage.Result image = NodeOsImage.cached(DebianSettings.defaults(), err::println);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double[] oursCpu = new double[PARTS.length];
        long[] oursInstructions = new long[PARTS.length];
        try (EmulatedGuest guest = EmulatedGuest.boot(image.bzImage(), image.initramfs(), NodeOsImage.CMDLINE,
                MEMORY_MIB, true)) {
            long[] cpu = {threads.getCurrentThreadCpuTime(), JitSwitch.processCpuNanos()};
            for (int part = 0; part < PARTS.length; part++) {
                long instructions = guest.instructions();
                runPart(guest, part, timeout);
                oursInstructions[part] = guest.instructions() - instructions;
                oursCpu[part] = report(err, PARTS[part] + (part == 0 ? " (kernel unpacked on the host)" : ""),
                        guest, threads, cpu, instructions);
            }
        }
        if (!withQemu) {
            return;
        }
        try (QemuGuest qemu = QemuGuest.boot(image.bzImage(), image.initramfs(), NodeOsImage.CMDLINE, MEMORY_MIB)) {
            double cpuBefore = qemu.cpuSeconds();
            for (int part = 0; part < PARTS.length; part++) {
                long start = System.nanoTime();
                runPart(qemu, part, timeout);
                double seconds = (System.nanoTime() - start) / 1e9;
                double cpuNow = qemu.cpuSeconds();
                double cpu = cpuNow - cpuBefore;
                cpuBefore = cpuNow;
                if (part == 0) {
                    // Ours started in the kernel unpacked on the host; QEMU runs its decompressor too (about 2.3e9
                    // instructions more), so the boot is shown but not compared.
                    err.printf("bench: qemu: %s: %.2f s (%.2f s of CPU; it also decompresses the kernel: no ratio)%n",
                            PARTS[part], seconds, cpu);
                    continue;
                }
                err.printf("bench: qemu: %s: %.2f s (%.2f s of CPU), %.1f MIPS per CPU second (estimated: our"
                        + " instruction count)%n", PARTS[part], seconds, cpu, oursInstructions[part] / cpu / 1e6);
                err.printf("bench: ours/QEMU %s: %.2f CPU time%n", PARTS[part], oursCpu[part] / cpu);
            }
        }
    }

    /** Part 0 boots to the prompt; the others type node -e and wait for the prompt after its 42. */
    private static void runPart(Guest guest, int part, Duration timeout) throws IOException, Guest.GuestException {
        if (part == 0) {
            guest.waitFor(PROMPT, timeout);
            return;
        }
        guest.send(NODE);
        String out = guest.waitFor(PROMPT, timeout);
        if (!out.contains("42")) {
            throw new IOException("node -e did not print 42:\n" + out);
        }
    }

    /**
     * One part's line (its thread CPU seconds returned): CPU seconds of the emulator's thread (the MIPS are per those) and of the whole process
     * (HotSpot's compilers and the JIT's background thread too); {@code cpu} (thread, process) moves on to now.
     */
    private static double report(PrintStream err, String what, EmulatedGuest guest, ThreadMXBean threads,
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
        return seconds;
    }
}
