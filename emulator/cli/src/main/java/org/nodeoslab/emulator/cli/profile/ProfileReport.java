package org.nodeoslab.emulator.cli.profile;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.nodeoslab.image.data.DataTable;

/**
 * What {@code nodeos-emu profile} found: guest instructions by privilege level, by address space, and, in the
 * address space that ran the most user-mode instructions (the command's process), by mapping and, in the libraries
 * given, by exported function. Printed, and written as the book's table.
 */
final class ProfileReport {
    private static final int FUNCTIONS = 25;
    private static final int FUNCTIONS_IN_TABLE = 12;

    /** One line of the profile: what kind of place, which one, how many guest instructions ran there. */
    record Part(String kind, String name, long instructions) {
    }

    private final long sampled;
    private final long instructions;
    private final int every;
    private final List<Part> modes = new ArrayList<>();
    private final List<Part> spaces = new ArrayList<>();
    private final List<Part> mappings = new ArrayList<>();
    private final Map<String, List<Part>> functions = new HashMap<>();

    /** {@code libraries}: by file name, the libraries whose user-mode samples are broken down by function. */
    ProfileReport(Map<GuestProfileCommand.Sample, Long> samples, ProcessMaps maps, Map<String, ElfSymbols> libraries,
            int every, long instructions) {
        this.every = every;
        this.instructions = instructions;
        Map<String, Long> byMode = new HashMap<>();
        Map<Integer, Long> bySpace = new HashMap<>();
        Map<Integer, Long> userBySpace = new HashMap<>();
        long total = 0;
        for (Map.Entry<GuestProfileCommand.Sample, Long> e : samples.entrySet()) {
            GuestProfileCommand.Sample s = e.getKey();
            total += e.getValue();
            byMode.merge(s.cpl() == 0 ? "kernel mode" : "user mode", e.getValue(), Long::sum);
            bySpace.merge(s.cr3(), e.getValue(), Long::sum);
            if (s.cpl() != 0) {
                userBySpace.merge(s.cr3(), e.getValue(), Long::sum);
            }
        }
        this.sampled = total;
        int command = userBySpace.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey)
                .orElse(0);
        sorted(byMode, "mode", k -> k, modes);
        sorted(bySpace, "address space", cr3 -> String.format("CR3 %08x%s", cr3,
                cr3 == command ? " (the command's process)" : ""), spaces);
        Map<String, Long> byMapping = new HashMap<>();
        Map<String, Map<String, Long>> byFunction = new HashMap<>();
        for (Map.Entry<GuestProfileCommand.Sample, Long> e : samples.entrySet()) {
            GuestProfileCommand.Sample s = e.getKey();
            if (s.cr3() != command || s.cpl() == 0) {
                continue;
            }
            ProcessMaps.Place place = maps.placeOf(s.eip());
            String name = place != null ? place.name() : "[not executable when the map was read]";
            byMapping.merge(name, e.getValue(), Long::sum);
            ElfSymbols symbols = place != null ? libraries.get(name) : null;
            if (symbols != null) {
                byFunction.computeIfAbsent(name, k -> new HashMap<>())
                        .merge(symbols.nameAtFileOffset(place.fileOffset()), e.getValue(), Long::sum);
            }
        }
        if (!maps.isEmpty()) {
            sorted(byMapping, "mapping", k -> k, mappings);
            byFunction.forEach((library, counts) ->
                    sorted(counts, "function in " + library, k -> k, functions.computeIfAbsent(library,
                            k -> new ArrayList<>())));
        }
    }

    private static <K> void sorted(Map<K, Long> counts, String kind, java.util.function.Function<K, String> name,
            List<Part> into) {
        counts.entrySet().stream()
                .sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
                .forEach(e -> into.add(new Part(kind, name.apply(e.getKey()), e.getValue())));
    }

    void print(PrintStream out) {
        out.printf("profile: %,d guest instructions from the keystroke to the next prompt, sampled every %,d%n",
                instructions, every);
        print(out, "by privilege level", modes, Integer.MAX_VALUE);
        print(out, "by address space", spaces, 6);
        if (mappings.isEmpty()) {
            out.println("profile: the command left no memory map: its user mode is not broken down");
            return;
        }
        print(out, "the command's user mode by mapping", mappings, Integer.MAX_VALUE);
        functions.forEach((library, parts) -> print(out, "in " + library + ", by exported function", parts,
                FUNCTIONS));
    }

    private void print(PrintStream out, String title, List<Part> parts, int limit) {
        out.println("profile: " + title + " (share of all instructions)");
        parts.stream().limit(limit).forEach(p -> out.printf(Locale.ROOT, "profile:   %5.1f%% (%,d)  %s%n",
                percent(p), p.instructions(), p.name()));
    }

    /** The book's table: every part above (the busiest functions only), with its share of all instructions. */
    DataTable table(String command) {
        DataTable t = new DataTable("guest-profile", "emulator/nodeos-emu profile --data-out thesis/data",
                List.of("command", "kind", "name", "guest_instructions", "percent"));
        List<Part> rows = new ArrayList<>(modes);
        rows.addAll(spaces.subList(0, Math.min(3, spaces.size())));
        rows.addAll(mappings);
        functions.values().forEach(parts -> rows.addAll(parts.subList(0, Math.min(FUNCTIONS_IN_TABLE,
                parts.size()))));
        for (Part p : rows) {
            t.row(command, p.kind(), p.name(), p.instructions(), String.format(Locale.ROOT, "%.1f", percent(p)));
        }
        return t;
    }

    private double percent(Part p) {
        return sampled == 0 ? 0 : 100.0 * p.instructions() / sampled;
    }
}
