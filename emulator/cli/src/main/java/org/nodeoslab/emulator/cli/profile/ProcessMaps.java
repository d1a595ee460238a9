package org.nodeoslab.emulator.cli.profile;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A process's memory map as Linux prints it in {@code /proc/PID/maps}, for naming where a user-mode address lies:
 * the file mapped there ({@code libnode.so.108}), or "[anonymous]" for memory mapped without a file, where V8 puts
 * the machine code it generates.
 */
final class ProcessMaps {
    private static final Pattern LINE = Pattern.compile(
            "(?m)^([0-9a-f]{8})-([0-9a-f]{8}) ([r-][w-][x-][ps]) ([0-9a-f]+) [0-9a-f]+:[0-9a-f]+ \\d+ *(\\S*)\\s*$");

    /** Where an address lies: the mapped file's name (or "[anonymous]") and the offset in that file. */
    record Place(String name, int fileOffset) {
    }

    private record Mapping(long start, long end, String name, long fileOffset) {
    }

    private final List<Mapping> mappings;

    private ProcessMaps(List<Mapping> mappings) {
        this.mappings = mappings;
    }

    /** The executable mappings found in {@code text} (other lines, such as a shell's echo, are skipped). */
    static ProcessMaps parse(String text) {
        List<Mapping> found = new ArrayList<>();
        Matcher m = LINE.matcher(text);
        while (m.find()) {
            if (m.group(3).charAt(2) != 'x') {
                continue;
            }
            String path = m.group(5);
            String name = path.isEmpty() ? "[anonymous]" : path.substring(path.lastIndexOf('/') + 1);
            found.add(new Mapping(Long.parseLong(m.group(1), 16), Long.parseLong(m.group(2), 16), name,
                    Long.parseLong(m.group(4), 16)));
        }
        return new ProcessMaps(found);
    }

    boolean isEmpty() {
        return mappings.isEmpty();
    }

    /** The executable mapping holding {@code address}, or null. */
    Place placeOf(int address) {
        long a = address & 0xFFFF_FFFFL;
        for (Mapping m : mappings) {
            if (a >= m.start && a < m.end) {
                return new Place(m.name, (int) (a - m.start + m.fileOffset));
            }
        }
        return null;
    }
}
