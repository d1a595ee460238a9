package org.nodeoslab.emulator.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.nodeoslab.image.TestAssets;
import org.nodeoslab.image.TestInitramfs;
import org.nodeoslab.image.data.DataTable;

/**
 * {@code nodeos-emu bench}: boots the busybox test system (Debian's kernel) to its shell prompt on our PC and
 * under QEMU (TCG) in one run, one after the other so they do not share the host's cores, and reports
 * boot-to-prompt time and guest MIPS for both and their ratio. QEMU does not count guest instructions; its MIPS
 * is our instruction count to the same prompt divided by QEMU's time (same kernel, same path to the prompt).
 * CPU time (this thread's; QEMU's process) is reported beside wall time: on a shared machine it is the fairer
 * comparison.
 */
final class BenchCommand {
    private static final int MEMORY_MIB = 256;

    private BenchCommand() {
    }

    /** One boot's figures. */
    record Result(String who, double seconds, double cpuSeconds, long instructions) {
        double mips() {
            return instructions / seconds / 1e6;
        }

        double mipsPerCpuSecond() {
            return instructions / cpuSeconds / 1e6;
        }
    }

    static int run(String[] args, PrintStream err) {
        boolean withQemu = true;
        boolean unpack = false;
        boolean nodeos = false;
        Path dataOut = null;
        Duration timeout = Duration.ofMinutes(15);
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--no-qemu":
                    withQemu = false;
                    break;
                case "--unpack-kernel":
                    unpack = true;
                    break;
                case "--nodeos":
                    nodeos = true;
                    break;
                case "--data-out":
                    if (i + 1 >= args.length) {
                        err.println("nodeos-emu bench: --data-out needs a folder (e.g. thesis/data)");
                        return 1;
                    }
                    dataOut = Path.of(args[++i]);
                    break;
                case "--timeout":
                    if (i + 1 >= args.length) {
                        err.println("nodeos-emu bench: --timeout needs a number of seconds");
                        return 1;
                    }
                    timeout = Duration.ofSeconds(Long.parseLong(args[++i]));
                    break;
                default:
                    err.println("usage: nodeos-emu bench [--no-qemu] [--unpack-kernel] [--timeout SECONDS] "
                            + "[--data-out DIR] [--nodeos]\n"
                            + "Boots the busybox test system to its prompt here and under qemu-system-i386; "
                            + "prints boot time, MIPS and the ratio;\n"
                            + "--data-out also writes them to DIR/emulator-bench.csv and .md (the book's data);\n"
                            + "--nodeos instead boots the NodeOS image here and runs node -e twice (the Node.js "
                            + "workload, MIPS per CPU second), then the same under QEMU (not with --no-qemu).");
                    return args[i].equals("--help") ? 0 : 1;
            }
        }
        try {
            if (nodeos) {
                NodeOsBench.run(timeout, withQemu, err);
                return 0;
            }
            TestAssets.Boot boot = TestAssets.busyboxBoot();
            err.println("bench: " + boot.description());
            List<Result> results = new ArrayList<>();
            long processCpu = JitSwitch.processCpuNanos();
            Result ours = bootOurs(boot, timeout, unpack);
            results.add(ours);
            err.println(line(ours));
            err.println(JitSwitch.describe(JitSwitch.processCpuNanos() - processCpu, lastJitFigures));
            if (withQemu) {
                Result qemu = bootQemu(boot, timeout, ours.instructions());
                results.add(qemu);
                err.println(line(qemu));
                err.printf("bench: ours/QEMU boot-time ratio %.2f wall, %.2f CPU time (target for later: within 1.5)%n",
                        ours.seconds() / qemu.seconds(), ours.cpuSeconds() / qemu.cpuSeconds());
            }
            if (dataOut != null) {
                err.println("bench: wrote " + table(results).writeTo(dataOut));
            }
            return 0;
        } catch (Guest.GuestException | MachineLoader.LoadException | IOException e) {
            err.println("bench: " + e.getMessage());
            return 1;
        }
    }

    /** What the JIT did in the last {@link #bootOurs} (empty when it was off). */
    private static String lastJitFigures = "";

    static Result bootOurs(TestAssets.Boot boot, Duration timeout, boolean unpack)
            throws MachineLoader.LoadException, Guest.GuestException {
        long start = System.nanoTime();
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long cpuStart = threads.getCurrentThreadCpuTime();
        try (EmulatedGuest guest = EmulatedGuest.boot(boot.bzImage(), boot.initramfs(), boot.cmdline(), MEMORY_MIB,
                unpack)) {
            guest.waitFor(TestInitramfs.PROMPT, timeout);
            lastJitFigures = JitSwitch.cpuFigures(guest.pc.cpu);
            return new Result(unpack ? "ours (kernel unpacked on the host)" : "ours",
                    (System.nanoTime() - start) / 1e9, (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9,
                    guest.instructions());
        }
    }

    static Result bootQemu(TestAssets.Boot boot, Duration timeout, long instructions)
            throws IOException, Guest.GuestException {
        long start = System.nanoTime();
        try (QemuGuest guest = QemuGuest.boot(boot.bzImage(), boot.initramfs(), boot.cmdline(), MEMORY_MIB)) {
            guest.waitFor(TestInitramfs.PROMPT, timeout);
            return new Result("qemu", (System.nanoTime() - start) / 1e9, guest.cpuSeconds(), instructions);
        }
    }

    /** The book's table: one row per machine, the figures of {@link #line}, plainly formatted. */
    static DataTable table(List<Result> results) {
        DataTable t = new DataTable("emulator-bench", "emulator/nodeos-emu bench --data-out thesis/data",
                List.of("machine", "boot_seconds", "cpu_seconds", "guest_instructions", "mips",
                        "mips_per_cpu_second", "cpu_time_vs_ours"));
        double oursCpu = results.get(0).cpuSeconds();
        for (Result r : results) {
            t.row(r.who(), fixed(2, r.seconds()), fixed(2, r.cpuSeconds()), r.instructions(), fixed(1, r.mips()),
                    fixed(1, r.mipsPerCpuSecond()), fixed(3, r.cpuSeconds() / oursCpu));
        }
        return t;
    }

    private static String fixed(int decimals, double value) {
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }

    private static String line(Result r) {
        return String.format("bench: %s: boot to prompt %.2f s (%.2f s of CPU), %,d guest instructions, %.1f MIPS,"
                        + " %.1f MIPS per CPU second%s", r.who(), r.seconds(), r.cpuSeconds(), r.instructions(), r.mips(),
                r.mipsPerCpuSecond(), r.who().equals("qemu") ? " (estimated, see --help)" : "");
    }
}
