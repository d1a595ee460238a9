package org.nodeoslab.emulator.cli.lockstep;

import java.util.ArrayList;
import java.util.List;

/** The options of {@code nodeos-emu lockstep}, parsed and checked. */
final class LockstepOptions {
    static final String USAGE = String.join("\n",
            "usage: nodeos-emu lockstep --kernel FILE [--initrd FILE] [--append CMDLINE] [--memory MiB]",
            "                           [--sync-at ADDRESS[,HITS]] [--steps N] [--strict-flags] [--qemu-cpu MODEL]",
            "                           [--timeout SECONDS] [--check-memory N]",
            "       nodeos-emu lockstep --bios FILE [--memory MiB] [--steps N] ...",
            "",
            "Runs qemu-system-i386 (frozen, gdbstub on a local port) up to the sync point, copies its whole state",
            "(RAM, registers, segment caches, control registers) into our PC, then steps both one instruction at a",
            "time and stops at the first instruction after which EIP, the general registers, EFLAGS, the segment",
            "selectors or CR0/2/3/4 differ, printing the instruction bytes, both register sets and the instructions",
            "before it. IN/RDTSC/CPUID/RDMSR results are QEMU's (copied into ours); interrupts stay off on both",
            "sides while stepping. Fast-forward: --sync-at a later EIP (with a hit count) reaches instructions",
            "millions into the boot at QEMU's full speed. With compiled code, asked for (nodeos-emu --jit on|force lockstep ...;",
            "without --jit it steps one by one although the JIT is on by default elsewhere),",
            "our PC runs each compiled region whole and QEMU steps as many instructions before they are compared",
            "(regions holding IN, RDTSC, CPUID, RDMSR, REP strings, HLT or SYSENTER are stepped one by one).",
            "",
            "  --kernel FILE          bzImage, booted by QEMU's -kernel (SeaBIOS linuxboot, then the 16-bit setup)",
            "  --initrd FILE          initramfs",
            "  --append CMDLINE       kernel command line (default: console=ttyS0); add nokaslr for a kernel with",
            "                         KASLR (Debian's): otherwise QEMU's run puts it at a random address",
            "  --bios FILE            instead of a kernel: a BIOS image (up to 64 KiB at the top of the first MiB);",
            "                         the sync point is then the reset vector",
            "  --memory MiB           RAM in MiB (default 256)",
            "  --sync-at ADDR[,HITS]  where both machines start: the HITS-th time QEMU reaches linear address ADDR",
            "                         (default 0x100000,1: the kernel's 32-bit entry, where our loader starts too)",
            "  --steps N              stop after N instructions in lockstep (default 1000000)",
            "  --strict-flags         stop at a difference in EFLAGS alone or in memory (default: note it, take",
            "                         QEMU's value and go on: undefined flags, RF in fault frames and descriptor",
            "                         accessed bits legitimately differ)",
            "  --timeout SECONDS      how long QEMU may take to reach the sync point (default 600)",
            "  --check-memory N       also compare all RAM every N instructions (about 1 s each): finds a store",
            "                         that went wrong while the registers still agree",
            "  --qemu-cpu MODEL       QEMU's -cpu (default " + QemuMachine.DEFAULT_CPU + ")",
            "",
            "Exit status: 0 no divergence, 4 divergence found, 1 bad options, 3 QEMU or I/O error.");

    String kernel;
    String initrd;
    String append = "console=ttyS0";
    String bios;
    int memoryMiB = 256;
    Integer syncAddress;
    int syncHits = 1;
    long steps = 1_000_000;
    boolean strictFlags;
    int timeoutSeconds = 600;
    long memoryCheck;
    String qemuCpu = QemuMachine.DEFAULT_CPU;
    boolean help;

    static LockstepOptions parse(String[] args) throws IllegalArgumentException {
        LockstepOptions o = new LockstepOptions();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--help": case "-h": o.help = true; break;
                case "--kernel": o.kernel = value(args, ++i, a); break;
                case "--initrd": o.initrd = value(args, ++i, a); break;
                case "--append": o.append = value(args, ++i, a); break;
                case "--bios": o.bios = value(args, ++i, a); break;
                case "--memory": o.memoryMiB = (int) number(value(args, ++i, a), a, 16, 2040); break;
                case "--steps": o.steps = number(value(args, ++i, a), a, 1, Long.MAX_VALUE); break;
                case "--strict-flags": o.strictFlags = true; break;
                case "--check-memory": o.memoryCheck = number(value(args, ++i, a), a, 1, Long.MAX_VALUE); break;
                case "--timeout": o.timeoutSeconds = (int) number(value(args, ++i, a), a, 1, 86_400); break;
                case "--qemu-cpu": o.qemuCpu = value(args, ++i, a); break;
                case "--sync-at": {
                    String[] parts = value(args, ++i, a).split(",");
                    o.syncAddress = (int) number(parts[0], a, 0, 0xFFFFFFFFL);
                    o.syncHits = parts.length > 1 ? (int) number(parts[1], a, 1, Integer.MAX_VALUE) : 1;
                    break;
                }
                default:
                    throw new IllegalArgumentException("unknown option '" + a + "' (see nodeos-emu lockstep --help)");
            }
        }
        if (!o.help && (o.kernel == null) == (o.bios == null)) {
            throw new IllegalArgumentException("give --kernel FILE or --bios FILE (one of them)");
        }
        if (o.syncAddress == null && o.kernel != null) {
            o.syncAddress = 0x100000;
        }
        return o;
    }

    /** QEMU's command-line arguments for what is booted. */
    List<String> qemuBoot() {
        List<String> boot = new ArrayList<>();
        if (bios != null) {
            boot.addAll(List.of("-bios", bios));
        } else {
            boot.addAll(List.of("-kernel", kernel, "-append", append));
            if (initrd != null) {
                boot.addAll(List.of("-initrd", initrd));
            }
        }
        return boot;
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    /** A decimal or 0x-hexadecimal number within [min, max]. */
    static long number(String text, String option, long min, long max) {
        String t = text.trim().replace("_", "");
        long v;
        try {
            v = t.startsWith("0x") || t.startsWith("0X") ? Long.parseLong(t.substring(2), 16) : Long.parseLong(t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + ": '" + text + "' is not a number");
        }
        if (v < min || v > max) {
            throw new IllegalArgumentException(option + ": " + text + " is outside " + min + " to " + max);
        }
        return v;
    }
}
