package org.nodeoslab.emulator.cli.profile;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.nodeoslab.emulator.cli.Guest.GuestException;
import org.nodeoslab.emulator.cli.MachineLoader;
import org.nodeoslab.emulator.cli.session.GuestSession;
import org.nodeoslab.emulator.cli.session.Limits;
import org.nodeoslab.emulator.cli.startup.StartupState;
import org.nodeoslab.emulator.pc.Pc;

/**
 * {@code nodeos-emu profile}: where the guest's own instructions go while it runs one command at nsh's prompt, from
 * the start-up state. Every N instructions it notes the privilege level, the address space (CR3) and EIP; then it
 * prints the kernel's share, the shell's and the command's, and the command's user-mode samples by what is mapped
 * at EIP (the program's last act copies its own {@code /proc/self/maps} to a file, read back after the prompt: the
 * kernel keeps address-space layout randomisation on, so the map must come from the same run). The guest's kernel has no
 * symbols to offer (Debian ships System.map in a -dbg package; /proc/kallsyms shows zeros to nsh's user), so the
 * kernel stays one line. Counts are of guest instructions, the same on every host and with the JIT on or off.
 */
public final class GuestProfileCommand {
    static final String USAGE = "usage: nodeos-emu profile [--every N] [--command JS] [--data-out DIR]\n"
            + "  Restores the start-up state, runs node -e JS at nsh's prompt (default: console.log(6*7)), samples\n"
            + "  the guest every N instructions (default 1000) and prints where its instructions went: kernel or\n"
            + "  user mode, which process, and in the node process which mapping (libnode, V8's generated code, ...).\n"
            + "  --data-out DIR also writes DIR/guest-profile.csv and .md (the book's data).";
    /** The command's last act: its memory map copied to a file (not printed: printing would be measured too). */
    private static final String MAPS_FILE = "/tmp/nodeos-profile-maps";
    private static final String MAPS = ";require('fs').writeFileSync('" + MAPS_FILE
            + "',require('fs').readFileSync('/proc/self/maps'))"; // not copyFileSync: /proc's files say size 0
    /** Node.js itself: broken down by function (its exports; V8's built-in code has no symbol there). */
    private static final String LIBNODE = "usr/lib/i386-linux-gnu/libnode.so.108";
    private static final Limits LIMIT = Limits.of(Duration.ofSeconds(120), Duration.ofMinutes(20));

    private GuestProfileCommand() {
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        int every = 1000;
        String js = "console.log(6*7)";
        Path dataOut = null;
        for (int i = 0; i < args.length; i++) {
            if ((args[i].equals("--every") || args[i].equals("--command") || args[i].equals("--data-out"))
                    && i + 1 < args.length) {
                String value = args[++i];
                if (args[i - 1].equals("--command")) {
                    js = value;
                } else if (args[i - 1].equals("--data-out")) {
                    dataOut = Path.of(value);
                } else {
                    try {
                        every = Integer.parseInt(value);
                    } catch (NumberFormatException e) {
                        every = 0;
                    }
                    if (every < 1 || every > 10_000_000) {
                        err.println("nodeos-emu profile: --every takes 1 to 10000000, not '" + value + "'\n" + USAGE);
                        return 1;
                    }
                }
            } else if (args[i].equals("--help") || args[i].equals("-h")) {
                out.println(USAGE);
                return 0;
            } else {
                err.println("nodeos-emu profile: unknown or incomplete argument '" + args[i] + "'\n" + USAGE);
                return 1;
            }
        }
        if (js.contains("\"")) {
            err.println("nodeos-emu profile: --command must not contain a double quote (it goes inside node -e \"...\")");
            return 1;
        }
        try {
            StartupState.Built state = StartupState.cachedForProjectImage(err::println);
            Sampler sampler;
            String output;
            try (GuestSession session = GuestSession.restore(state.state())) {
                sampler = new Sampler(session.pc());
                session.type("node -e \"" + js + MAPS + "\"\r");
                sampler.runUntilPrompt(session, every, LIMIT);
                output = session.command("cat " + MAPS_FILE, LIMIT);
            }
            Map<String, ElfSymbols> libraries = new HashMap<>();
            byte[] libnode = ImageFiles.read(StartupState.projectImage(err::println), LIBNODE);
            if (libnode != null) {
                try {
                    libraries.put(LIBNODE.substring(LIBNODE.lastIndexOf('/') + 1),
                            ElfSymbols.read(libnode, "/" + LIBNODE + " in the image"));
                } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
                    err.println("nodeos-emu profile: " + (e instanceof IllegalArgumentException ? e.getMessage()
                            : "/" + LIBNODE + " in the image is cut short") + ": its functions stay unnamed");
                }
            }
            ProfileReport report = new ProfileReport(sampler.samples(), ProcessMaps.parse(output), libraries, every,
                    sampler.instructions());
            report.print(out);
            if (dataOut != null) {
                err.println("nodeos-emu profile: wrote " + report.table("node -e \"" + js + "\"").writeTo(dataOut));
            }
            return 0;
        } catch (IOException | MachineLoader.LoadException e) {
            err.println("nodeos-emu profile: " + e.getMessage());
            return 1;
        } catch (GuestException e) {
            err.println("nodeos-emu profile: " + e.getMessage());
            return 3;
        }
    }

    /** One sample: privilege level, address space, instruction pointer. */
    record Sample(int cpl, int cr3, int eip) {
    }

    /** Runs the machine in steps of N instructions, noting where each step ends. */
    static final class Sampler {
        private final Pc pc;
        private final Map<Sample, Long> samples = new HashMap<>();
        private long instructions;

        Sampler(Pc pc) {
            this.pc = pc;
        }

        String runUntilPrompt(GuestSession session, int every, Limits limits) throws GuestException {
            long start = pc.cpu.instructionCount;
            long hostDeadline = System.nanoTime() + limits.host().toNanos();
            long guestDeadline = pc.clock.nanos() + limits.guest().toNanos();
            long before = start;
            for (int step = 0; ; step++) {
                Pc.Stop stop = pc.run(every);
                if (stop != Pc.Stop.BUDGET) {
                    throw new GuestException("the guest stopped (" + stop + ") while profiling", session.console());
                }
                // Weighed by the instructions the step retired: a step that ends halted spent its cycles idle.
                long now = pc.cpu.instructionCount;
                samples.merge(new Sample(pc.cpu.cpl, pc.cpu.cr3, pc.cpu.eip), now - before, Long::sum);
                before = now;
                if (step % 256 == 0) {
                    if (GuestSession.NSH_PROMPT.matcher(session.consoleSinceLastWait()).find()) {
                        instructions = pc.cpu.instructionCount - start;
                        return session.waitFor(GuestSession.NSH_PROMPT, limits);
                    }
                    if (System.nanoTime() > hostDeadline || pc.clock.nanos() > guestDeadline) {
                        throw new GuestException("no prompt after the command within the limits", session.console());
                    }
                }
            }
        }

        Map<Sample, Long> samples() {
            return samples;
        }

        long instructions() {
            return instructions;
        }
    }
}
