package org.nodeoslab.emulator.cli.lockstep;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.nodeoslab.emulator.cpu.jit.Jit;
import org.nodeoslab.emulator.cpu.jit.JitConfig;
import org.nodeoslab.emulator.jit.jvm.JvmJit;
import org.nodeoslab.emulator.pc.Pc;
import org.nodeoslab.emulator.pc.PcConfig;

/** {@code nodeos-emu lockstep}: our PC beside QEMU, one instruction at a time, to the first difference. */
public final class LockstepCommand {
    public static final int EXIT_AGREE = 0, EXIT_USAGE = 1, EXIT_ERROR = 3, EXIT_DIVERGED = 4;

    private LockstepCommand() {
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        LockstepOptions options;
        try {
            options = LockstepOptions.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("nodeos-emu lockstep: " + e.getMessage());
            return EXIT_USAGE;
        }
        if (options.help) {
            err.println(LockstepOptions.USAGE);
            return EXIT_AGREE;
        }
        for (String file : new String[] {options.kernel, options.initrd, options.bios}) {
            if (file != null && !Files.isReadable(Path.of(file))) {
                err.println("nodeos-emu lockstep: " + file + ": no such file");
                return EXIT_USAGE;
            }
        }
        try {
            Lockstep.Result result = run(options, err);
            out.println(result);
            return result.diverged() ? EXIT_DIVERGED : EXIT_AGREE;
        } catch (IOException | RuntimeException e) {
            err.println("nodeos-emu lockstep: " + e.getMessage());
            return EXIT_ERROR;
        }
    }

    static Lockstep.Result run(LockstepOptions options, PrintStream progress) throws IOException {
        JitConfig jit = Jit.config();
        if (jit.mode == JitConfig.Mode.ON && System.getProperty("nodeos.jit") == null) {
            // Compiled code is on by default, but a lockstep finds the first differing instruction only when it
            // steps one at a time: regions run whole only when asked for (--jit on|force).
            jit = JitConfig.OFF;
            JvmJit.install(jit);
        }
        if (jit.background) {
            // Which regions exist when must not depend on a thread's timing: a divergence must reproduce.
            JvmJit.install(jit.withBackground(false));
        }
        if (jit.mode != JitConfig.Mode.OFF) {
            progress.println("lockstep: " + jit + ": compiled regions run whole and are compared at their ends");
        }
        Path serial = Files.createTempFile("nodeos-lockstep-qemu-serial", ".txt");
        try (QemuMachine qemu = QemuMachine.start(options.qemuBoot(), options.memoryMiB, options.qemuCpu, serial)) {
            if (options.syncAddress != null) {
                progress.println("lockstep: running QEMU to 0x" + Integer.toHexString(options.syncAddress)
                        + (options.syncHits > 1 ? " (hit " + options.syncHits + ")" : ""));
                qemu.runTo(options.syncAddress, options.syncHits, options.timeoutSeconds);
            }
            Pc pc = synchronizedPc(qemu, options.memoryMiB);
            progress.println("lockstep: our PC has QEMU's state at EIP=" + Registers.hex(pc.cpu.eip)
                    + "; stepping both");
            return new Lockstep(pc.cpu, qemu, options.strictFlags, progress).checkMemoryEvery(options.memoryCheck)
                    .run(options.steps);
        } finally {
            Files.deleteIfExists(serial);
        }
    }

    /** A fresh PC of the same RAM size whose memory and CPU state are QEMU's current ones. */
    public static Pc synchronizedPc(QemuMachine qemu, int memoryMiB) throws IOException {
        Pc pc = new Pc(PcConfig.virtual(memoryMiB << 20));
        byte[] ram = new byte[pc.memory.size()];
        qemu.copyPhysicalMemory(ram);
        pc.memory.load(0, ram, 0, ram.length);
        pc.memory.ramReplaced();
        qemu.systemState().applyTo(pc.cpu);
        return pc;
    }
}
