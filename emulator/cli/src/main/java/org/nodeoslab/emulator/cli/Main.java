package org.nodeoslab.emulator.cli;

import java.util.Arrays;

/**
 * {@code nodeos-emu}: the emulator's command line. Subcommands: {@code shell} (Debian's kernel and busybox, fetched
 * and booted), {@code boot} (run the PC headless, COM1 on the
 * terminal), {@code image} (build the NodeOS image: the image module's command), {@code startup-state} (the image booted
 * to nsh's prompt and saved, cached), {@code bench} (boot the test
 * kernel here and under QEMU, compare).
 */
public final class Main {
    private static final String USAGE = String.join("\n",
            "usage: nodeos-emu shell                       Debian's kernel + busybox to a shell here (fetched once)",
            "       nodeos-emu boot --kernel FILE [--initrd FILE] [--append CMDLINE] ...   run the PC (boot --help)",
            "       nodeos-emu image --out DIR ...                                          build the NodeOS image",
            "       nodeos-emu startup-state [--image DIR] [--out FILE]   the saved machine at nsh's prompt (cached)",
            "       nodeos-emu bench [--no-qemu] [--unpack-kernel] [--data-out DIR]   boot the busybox system here and in QEMU",
            "       nodeos-emu bench --nodeos                     the Node.js workload: NodeOS boot, node -e, MIPS",
            "       nodeos-emu lockstep --kernel FILE ...     step beside QEMU to the first difference (lockstep --help)",
            "       nodeos-emu profile [--every N] [--command JS]   where node -e's guest instructions go (profile --help)",
            "Any command: --jit off|on|force [--jit-threshold N] [--jit-entry-threshold N] [--jit-split SEED]",
            "             [--jit-max N] [--jit-background true|false]   compiled guest code (default on; --jit off",
            "             is the interpreter alone; the same as -Dnodeos.jit=..., see emulator/jit-jvm/README.md)");

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        try {
            args = JitSwitch.apply(args);
        } catch (IllegalArgumentException e) {
            System.err.println("nodeos-emu: " + e.getMessage());
            return 1;
        }
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
            System.err.println(USAGE);
            return args.length == 0 ? 1 : 0;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        switch (args[0]) {
            case "shell":
                return ShellCommand.run(rest, System.in, System.out, System.err);
            case "boot":
                return BootCommand.run(rest, System.in, System.out, System.err);
            case "image":
                return org.nodeoslab.image.ImageCommand.run(rest);
            case "startup-state":
                return org.nodeoslab.emulator.cli.startup.StartupStateCommand.run(rest, System.out, System.err);
            case "bench":
                return BenchCommand.run(rest, System.err);
            case "profile":
                return org.nodeoslab.emulator.cli.profile.GuestProfileCommand.run(rest, System.out, System.err);
            case "lockstep":
                return org.nodeoslab.emulator.cli.lockstep.LockstepCommand.run(rest, System.out, System.err);
            default:
                System.err.println("nodeos-emu: unknown command '" + args[0] + "'\n" + USAGE);
                return 1;
        }
    }
}
