package org.nodeoslab.emulator.cli.profile;

import java.io.PrintStream;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@code nodeos-emu profile} prints: guest instructions by privilege level, by address space, and, in the
 * address space that ran the most user-mode instructions (the command's process), by mapping.
 */
final class ProfileReport {
    private final Map<GuestProfileCommand.Sample, Long> samples;
    private final ProcessMaps maps;
    private final Map<String, ElfSymbols> libraries;
    private final int every;
    private final long instructions;

    /** {@code libraries}: by file name, the libraries whose user-mode samples are broken down by function. */
    ProfileReport(Map<GuestProfileCommand.Sample, Long> samples, ProcessMaps maps, Map<String, ElfSymbols> libraries,
            int every, long instructions) {
        this.samples = samples;
        this.maps = maps;
        this.libraries = libraries;
        this.every = every;
        this.instructions = instructions;
    }

    void print(PrintStream out) {
        long total = 0;
        long kernel = 0;
        Map<Integer, long[]> bySpace = new HashMap<>(); // CR3 -> {kernel, user}
        for (Map.Entry<GuestProfileCommand.Sample, Long> e : samples.entrySet()) {
            GuestProfileCommand.Sample s = e.getKey();
            long n = e.getValue();
            total += n;
            boolean inKernel = s.cpl() == 0;
            if (inKernel) {
                kernel += n;
            }
            bySpace.computeIfAbsent(s.cr3(), k -> new long[2])[inKernel ? 0 : 1] += n;
        }
        int command = 0;
        long commandUser = -1;
        for (Map.Entry<Integer, long[]> e : bySpace.entrySet()) {
            if (e.getValue()[1] > commandUser) {
                commandUser = e.getValue()[1];
                command = e.getKey();
            }
        }
        long all = total;
        out.printf("profile: %,d guest instructions from the keystroke to the next prompt, sampled every %,d%n",
                instructions, every);
        out.printf("profile: kernel mode %s, user mode %s%n", share(kernel, total), share(total - kernel, total));
        out.println("profile: by address space (CR3): kernel mode / user mode");
        int finalCommand = command;
        bySpace.entrySet().stream()
                .sorted((a, b) -> Long.compare(b.getValue()[0] + b.getValue()[1], a.getValue()[0] + a.getValue()[1]))
                .limit(6)
                .forEach(e -> out.printf("profile:   %08x %s / %s%s%n", e.getKey(), share(e.getValue()[0], all),
                        share(e.getValue()[1], all), e.getKey() == finalCommand ? "  (the command's process)" : ""));
        if (maps.isEmpty()) {
            out.println("profile: the command printed no memory map: its user mode is not broken down");
            return;
        }
        Map<String, Long> byMapping = new TreeMap<>();
        Map<String, Map<String, Long>> byFunction = new TreeMap<>();
        for (Map.Entry<GuestProfileCommand.Sample, Long> e : samples.entrySet()) {
            GuestProfileCommand.Sample s = e.getKey();
            if (s.cr3() == command && s.cpl() != 0) {
                ProcessMaps.Place place = maps.placeOf(s.eip());
                String name = place != null ? place.name() : "[not executable when the map was read]";
                byMapping.merge(name, e.getValue(), Long::sum);
                ElfSymbols symbols = place != null ? libraries.get(name) : null;
                if (symbols != null) {
                    byFunction.computeIfAbsent(name, k -> new HashMap<>())
                            .merge(symbols.nameAtFileOffset(place.fileOffset()), e.getValue(), Long::sum);
                }
            }
        }
        out.println("profile: the command's user mode by mapping (share of all instructions)");
        printTop(out, byMapping, all, Integer.MAX_VALUE);
        for (Map.Entry<String, Map<String, Long>> library : byFunction.entrySet()) {
            out.println("profile: in " + library.getKey() + ", by exported function (share of all instructions)");
            printTop(out, library.getValue(), all, 25);
        }
    }

    private static void printTop(PrintStream out, Map<String, Long> counts, long all, int limit) {
        counts.entrySet().stream()
                .sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
                .limit(limit)
                .forEach(e -> out.printf("profile:   %s  %s%n", share(e.getValue(), all), e.getKey()));
    }

    private static String share(long part, long total) {
        return String.format("%5.1f%% (%,d)", total == 0 ? 0 : 100.0 * part / total, part);
    }
}
