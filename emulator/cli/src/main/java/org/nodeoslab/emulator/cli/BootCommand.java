package org.nodeoslab.emulator.cli;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;

import org.nodeoslab.emulator.pc.CpuStateDump;
import org.nodeoslab.emulator.pc.Pc;
import org.nodeoslab.emulator.pc.PcConfig;

/** {@code nodeos-emu boot}: runs the PC with COM1 on standard input and output until the guest or the user ends it. */
final class BootCommand {
    static final int EXIT_OK = 0, EXIT_USAGE = 1, EXIT_TRIPLE_FAULT = 2, EXIT_EMULATOR_ERROR = 3;
    /** Cycles per loop turn: between turns the loop reads input, flushes output and checks for signals. */
    private static final int TURN = 2_000_000;

    private final BootOptions options;
    private final PrintStream err;
    private final OutputStream out;
    private volatile boolean saveRequested;
    private volatile boolean quitRequested;

    private BootCommand(BootOptions options, OutputStream stdout, PrintStream stderr) {
        this.options = options;
        this.out = new BufferedOutputStream(stdout, 1 << 14);
        this.err = stderr;
    }

    static int run(String[] args, InputStream stdin, OutputStream stdout, PrintStream stderr) {
        BootOptions options;
        try {
            options = BootOptions.parse(args);
        } catch (BootOptions.UsageException e) {
            stderr.println("nodeos-emu boot: " + e.getMessage());
            return EXIT_USAGE;
        }
        if (options.help) {
            stderr.println(BootOptions.USAGE);
            return EXIT_OK;
        }
        return new BootCommand(options, stdout, stderr).run(stdin);
    }

    private int run(InputStream stdin) {
        Pc pc;
        try {
            if (options.stateIn != null) {
                pc = MachineLoader.restore(Path.of(options.stateIn), options.virtualClock);
            } else {
                PcConfig config = options.virtualClock ? PcConfig.virtual(options.memoryBytes)
                        : PcConfig.real(options.memoryBytes);
                pc = MachineLoader.boot(config, Path.of(options.kernel),
                        options.initrd == null ? null : Path.of(options.initrd), options.append, options.unpackKernel);
            }
        } catch (MachineLoader.LoadException e) {
            err.println("nodeos-emu boot: " + e.getMessage());
            return EXIT_USAGE;
        }
        pc.io.setUnknownPortListener((port, write, value) -> {
            if (System.getenv("NODEOS_EMU_LOG_PORTS") != null) {
                err.println("nodeos-emu: unknown I/O port 0x" + Integer.toHexString(port)
                        + (write ? " written 0x" + Integer.toHexString(value) : " read"));
            }
        });
        pc.com1.setSink(b -> {
            try {
                out.write(b);
            } catch (IOException e) {
                quitRequested = true; // stdout closed: nobody is listening any more
            }
        });
        installSignalHandlers();
        TerminalMode terminal = new TerminalMode();
        terminal.enterRaw();
        try {
            return loop(pc, new ConsoleInput(stdin));
        } finally {
            flush();
            terminal.restore();
        }
    }

    private int loop(Pc pc, ConsoleInput input) {
        EscapeKeys keys = new EscapeKeys();
        ByteArrayOutputStream toGuest = new ByteArrayOutputStream();
        long startNanos = System.nanoTime();
        long startInstructions = pc.cpu.instructionCount;
        long guestStartNanos = pc.clock.nanos();
        long idleNanos = 0;
        int exit;
        try {
            while (true) {
                byte[] chunk = input.poll(0);
                if (chunk != null && handleInput(pc, keys, chunk, toGuest)) {
                    exit = quit("quit (Ctrl-A X)");
                    break;
                }
                if (saveRequested) {
                    saveRequested = false;
                    save(pc);
                }
                if (quitRequested) {
                    exit = quit("quit");
                    break;
                }
                long idleBefore = pc.idleCycles();
                Pc.Stop stop = pc.run(TURN);
                flush();
                if (stop == Pc.Stop.BUDGET) {
                    if (pc.idleCycles() != idleBefore) {
                        // An idle guest on the virtual clock would race through its timer ticks and burn a host
                        // core: let it wait until its clock is no longer ahead of the wall clock (or input comes).
                        long ahead = pc.clock.nanos() - guestStartNanos - (System.nanoTime() - startNanos);
                        if (ahead > 1_000_000L) {
                            long before = System.nanoTime();
                            chunk = input.poll(Math.min(ahead, 50_000_000L));
                            idleNanos += System.nanoTime() - before;
                            if (chunk != null && handleInput(pc, keys, chunk, toGuest)) {
                                exit = quit("quit (Ctrl-A X)");
                                break;
                            }
                        }
                    }
                    continue;
                }
                if (stop == Pc.Stop.IDLE) {
                    flush();
                    long wait = waitNanos(pc);
                    long before = System.nanoTime();
                    chunk = input.poll(wait);
                    idleNanos += System.nanoTime() - before;
                    if (chunk != null && handleInput(pc, keys, chunk, toGuest)) {
                        exit = quit("quit (Ctrl-A X)");
                        break;
                    }
                    continue;
                }
                flush();
                if (stop == Pc.Stop.POWER_OFF) {
                    err.println("\r\nnodeos-emu: the guest powered off");
                    exit = EXIT_OK;
                } else if (stop == Pc.Stop.RESET) {
                    err.println("\r\nnodeos-emu: the guest reset the machine; stopping (as qemu -no-reboot)");
                    exit = EXIT_OK;
                } else {
                    err.println("\r\nnodeos-emu: triple fault (the CPU shut down)\n" + CpuStateDump.describe(pc.cpu));
                    exit = EXIT_TRIPLE_FAULT;
                }
                break;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exit = quit("interrupted");
        } catch (RuntimeException e) {
            flush();
            err.println("\r\nnodeos-emu: emulator error: " + e);
            for (StackTraceElement frame : e.getStackTrace()) {
                err.println("\tat " + frame);
            }
            err.println(CpuStateDump.describe(pc.cpu));
            exit = EXIT_EMULATOR_ERROR;
        }
        if (options.stats) {
            printStats(pc, startNanos, startInstructions, idleNanos);
        }
        return exit;
    }

    /** How long an idle guest may sleep: until its next timer (paced clock), or until input comes (virtual clock). */
    private static long waitNanos(Pc pc) {
        long next = pc.nextEventNanos();
        if (pc.clock.isVirtual() || next == Long.MAX_VALUE) {
            return 50_000_000L; // wake now and then to notice signals
        }
        return Math.max(1, Math.min(50_000_000L, next - pc.clock.nanos()));
    }

    /** Feeds console input to the guest; true if the user asked to quit. */
    private boolean handleInput(Pc pc, EscapeKeys keys, byte[] chunk, ByteArrayOutputStream toGuest) {
        toGuest.reset();
        EscapeKeys.Action action = keys.filter(chunk, chunk.length, toGuest);
        if (toGuest.size() > 0) {
            byte[] bytes = toGuest.toByteArray();
            pc.com1.receive(bytes, 0, bytes.length);
        }
        if (action == EscapeKeys.Action.SAVE) {
            save(pc);
        }
        return action == EscapeKeys.Action.QUIT;
    }

    private void save(Pc pc) {
        flush();
        if (options.stateOut == null) {
            err.println("\r\nnodeos-emu: no --state-out FILE given: state not saved\r");
            return;
        }
        try {
            MachineLoader.save(pc, Path.of(options.stateOut));
            err.println("\r\nnodeos-emu: state saved to " + options.stateOut + "\r");
        } catch (IOException e) {
            err.println("\r\nnodeos-emu: cannot save state to " + options.stateOut + ": " + e.getMessage() + "\r");
        }
    }

    private int quit(String why) {
        flush();
        err.println("\r\nnodeos-emu: " + why);
        return EXIT_OK;
    }

    private void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            quitRequested = true;
        }
    }

    /** SIGUSR1 saves the state and goes on; SIGTERM saves it (with --state-out) and quits. */
    @SuppressWarnings("sunapi")
    private void installSignalHandlers() {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("USR1"), s -> saveRequested = true);
            if (options.stateOut != null) {
                sun.misc.Signal.handle(new sun.misc.Signal("TERM"), s -> {
                    saveRequested = true;
                    quitRequested = true;
                });
            }
        } catch (IllegalArgumentException unsupported) {
            // A platform without these signals: Ctrl-A S still saves.
        }
    }

    private void printStats(Pc pc, long startNanos, long startInstructions, long idleNanos) {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        double busy = Math.max(1e-9, seconds - idleNanos / 1e9);
        long instructions = pc.cpu.instructionCount - startInstructions;
        err.printf("nodeos-emu: run time %.2f s (%.2f s running, %.2f s idle), guest instructions %,d, %.1f MIPS,"
                        + " guest time %.2f s (%s clock)%n", seconds, busy, seconds - busy, instructions,
                instructions / busy / 1e6, pc.clock.nanos() / 1e9, pc.clock.isVirtual() ? "virtual" : "real");
    }
}
