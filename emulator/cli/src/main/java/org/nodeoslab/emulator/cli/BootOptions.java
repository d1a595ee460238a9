package org.nodeoslab.emulator.cli;

/** The options of {@code nodeos-emu boot}, parsed and checked. */
final class BootOptions {
    String kernel;
    String initrd;
    String append = "console=ttyS0";
    int memoryBytes = 256 << 20;
    boolean virtualClock = true;
    String stateIn;
    String stateOut;
    boolean stats;
    boolean unpackKernel;
    boolean help;

    static final String USAGE = String.join("\n",
            "usage: nodeos-emu boot --kernel FILE [--initrd FILE] [--append CMDLINE] [--memory SIZE]",
            "                       [--clock virtual|real] [--state-in FILE] [--state-out FILE] [--stats]",
            "                       [--unpack-kernel]",
            "",
            "Boots a Linux bzImage on the emulated PC (no BIOS: the kernel is entered in 32-bit protected mode,",
            "as qemu -kernel does) with COM1 (ttyS0) on standard input and output: raw mode on a terminal, plain",
            "bytes on pipes. Pass console=ttyS0 in --append to see the kernel's messages.",
            "",
            "  --kernel FILE      the bzImage to boot",
            "  --initrd FILE      an initramfs (cpio, gzip or xz) placed at the top of RAM",
            "  --append CMDLINE   kernel command line (default: console=ttyS0)",
            "  --memory SIZE      RAM, e.g. 256M or 1G (default 256M; 16M to 2040M)",
            "  --clock virtual    time from the instruction count (default): the same run gives the same output",
            "  --clock real       an idle guest waits for its timers in the host's time (time still counts instructions)",
            "  --state-in FILE    start from a saved machine state instead of booting (--kernel not needed)",
            "  --state-out FILE   where Ctrl-A S, SIGUSR1 (save and go on) and SIGTERM (save and quit) save",
            "  --stats            print run time, guest instructions and MIPS on stderr at exit",
            "  --unpack-kernel    decompress the kernel on the host and start in it, skipping the guest's own",
            "                     decompressor (about 2.3 billion instructions for Debian's xz kernel)",
            "",
            "Keys: Ctrl-A X quits, Ctrl-A S saves the state to --state-out, Ctrl-A Ctrl-A sends Ctrl-A.",
            "Exit status: 0 when the guest powers off or you quit; 2 on a triple fault; 3 on an emulator error;",
            "1 on bad options or files.");

    static BootOptions parse(String[] args) throws UsageException {
        BootOptions o = new BootOptions();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--help":
                case "-h":
                    o.help = true;
                    break;
                case "--stats":
                    o.stats = true;
                    break;
                case "--unpack-kernel":
                    o.unpackKernel = true;
                    break;
                case "--kernel":
                    o.kernel = value(args, ++i, a);
                    break;
                case "--initrd":
                    o.initrd = value(args, ++i, a);
                    break;
                case "--append":
                    o.append = value(args, ++i, a);
                    break;
                case "--memory":
                    o.memoryBytes = parseSize(value(args, ++i, a));
                    break;
                case "--clock": {
                    String c = value(args, ++i, a);
                    if (!c.equals("virtual") && !c.equals("real")) {
                        throw new UsageException("--clock takes virtual or real, not '" + c + "'");
                    }
                    o.virtualClock = c.equals("virtual");
                    break;
                }
                case "--state-in":
                    o.stateIn = value(args, ++i, a);
                    break;
                case "--state-out":
                    o.stateOut = value(args, ++i, a);
                    break;
                default:
                    throw new UsageException("unknown option '" + a + "' (see nodeos-emu boot --help)");
            }
        }
        if (!o.help && o.kernel == null && o.stateIn == null) {
            throw new UsageException("--kernel FILE (or --state-in FILE) is required (see nodeos-emu boot --help)");
        }
        return o;
    }

    private static String value(String[] args, int i, String option) throws UsageException {
        if (i >= args.length) {
            throw new UsageException(option + " needs a value");
        }
        return args[i];
    }

    static int parseSize(String text) throws UsageException {
        String t = text.trim().toUpperCase();
        long factor = 1 << 20;
        if (t.endsWith("M") || t.endsWith("G")) {
            factor = t.endsWith("G") ? 1L << 30 : 1L << 20;
            t = t.substring(0, t.length() - 1);
        }
        long bytes;
        try {
            bytes = Long.parseLong(t) * factor;
        } catch (NumberFormatException e) {
            throw new UsageException("--memory: '" + text + "' is not a size like 256M or 1G");
        }
        if (bytes < (16 << 20) || bytes > (2040L << 20) || bytes % (1 << 20) != 0) {
            throw new UsageException("--memory: " + text + " is outside 16M to 2040M (whole MiB)");
        }
        return (int) bytes;
    }

    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }
}
