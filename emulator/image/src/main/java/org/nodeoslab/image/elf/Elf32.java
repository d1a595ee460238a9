package org.nodeoslab.image.elf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The parts of a 32-bit little-endian ELF file (i386) that its readers share: the header check, the loadable
 * segments that map file offsets to addresses, and NUL-terminated strings. {@link ElfDependencies} and the guest
 * profiler's symbol reader build on it.
 */
public final class Elf32 {
    private static final int PT_LOAD = 1;

    /** A loadable segment: where it starts in the file, the address it is loaded at, its size in the file. */
    public record Segment(int offset, int address, int fileSize) {
        /** Whether the file offset {@code at} lies in this segment's bytes. */
        public boolean holdsOffset(int at) {
            return Integer.compareUnsigned(at - offset, fileSize) < 0;
        }

        /** Whether the address {@code at} lies in this segment's bytes. */
        public boolean holdsAddress(int at) {
            return Integer.compareUnsigned(at - address, fileSize) < 0;
        }
    }

    private Elf32() {
    }

    /** Whether {@code bytes} start like an ELF file. */
    public static boolean isElf(byte[] bytes) {
        return bytes.length >= 52 && bytes[0] == 0x7f && bytes[1] == 'E' && bytes[2] == 'L' && bytes[3] == 'F';
    }

    /**
     * {@code bytes} as a little-endian buffer, once checked to be a 32-bit little-endian ELF file; {@code name} is for
     * the error message (IllegalArgumentException).
     */
    public static ByteBuffer open(byte[] bytes, String name) {
        if (!isElf(bytes)) {
            throw new IllegalArgumentException(name + " is not an ELF file");
        }
        if (bytes[4] != 1 || bytes[5] != 1) {
            throw new IllegalArgumentException(name + " is not 32-bit little-endian ELF (class " + bytes[4]
                    + ", data " + bytes[5] + ")");
        }
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** The program headers of type {@code type}, as segments (offset, address, size in the file). */
    public static List<Segment> segments(ByteBuffer b, int type) {
        int phoff = b.getInt(28);
        int phentsize = b.getShort(42) & 0xffff;
        int phnum = b.getShort(44) & 0xffff;
        List<Segment> found = new ArrayList<>();
        for (int i = 0; i < phnum; i++) {
            int ph = phoff + i * phentsize;
            if (b.getInt(ph) == type) {
                found.add(new Segment(b.getInt(ph + 4), b.getInt(ph + 8), b.getInt(ph + 16)));
            }
        }
        return found;
    }

    /** The loadable segments. */
    public static List<Segment> loads(ByteBuffer b) {
        return segments(b, PT_LOAD);
    }

    /** The NUL-terminated string at {@code offset}. */
    public static String cString(byte[] bytes, int offset) {
        int end = offset;
        while (end < bytes.length && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, offset, end - offset, StandardCharsets.ISO_8859_1);
    }
}
