package org.nodeoslab.emulator.cli.profile;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The function symbols a 32-bit ELF shared library exports ({@code .dynsym}), for naming an address in it. Debian
 * strips the full symbol table, so code a library does not export (V8's built-in code, static functions) has no
 * name here: such an address is reported as lying past the nearest export.
 */
final class ElfSymbols {
    private static final int SHT_DYNSYM = 11;
    private static final int STT_FUNC = 2;

    private static final int PT_LOAD = 1;

    private final int[] starts;
    private final int[] sizes;
    private final String[] names;
    /** Per loadable segment: file offset, address, size in the file. */
    private final int[][] segments;

    private ElfSymbols(int[] starts, int[] sizes, String[] names, int[][] segments) {
        this.starts = starts;
        this.sizes = sizes;
        this.names = names;
        this.segments = segments;
    }

    /** Reads {@code elf}'s exported functions; throws IllegalArgumentException if it is no 32-bit little-endian ELF. */
    static ElfSymbols read(byte[] elf) {
        ByteBuffer b = ByteBuffer.wrap(elf).order(ByteOrder.LITTLE_ENDIAN);
        if (elf.length < 52 || b.getInt(0) != 0x464C457F || elf[4] != 1 || elf[5] != 1) {
            throw new IllegalArgumentException("not a 32-bit little-endian ELF file");
        }
        int shoff = b.getInt(32);
        int shentsize = b.getShort(46) & 0xFFFF;
        int shnum = b.getShort(48) & 0xFFFF;
        for (int i = 0; i < shnum; i++) {
            int sh = shoff + i * shentsize;
            if (b.getInt(sh + 4) != SHT_DYNSYM) {
                continue;
            }
            int symOffset = b.getInt(sh + 16);
            int symSize = b.getInt(sh + 20);
            int strings = shoff + b.getInt(sh + 24) * shentsize; // sh_link: the string table's section
            int strOffset = b.getInt(strings + 16);
            return fromTable(b, elf, symOffset, symSize / 16, strOffset, segments(b));
        }
        throw new IllegalArgumentException("no .dynsym section");
    }

    private static int[][] segments(ByteBuffer b) {
        int phoff = b.getInt(28);
        int phentsize = b.getShort(42) & 0xFFFF;
        int phnum = b.getShort(44) & 0xFFFF;
        return java.util.stream.IntStream.range(0, phnum).map(i -> phoff + i * phentsize)
                .filter(ph -> b.getInt(ph) == PT_LOAD)
                .mapToObj(ph -> new int[] {b.getInt(ph + 4), b.getInt(ph + 8), b.getInt(ph + 16)})
                .toArray(int[][]::new);
    }

    private static ElfSymbols fromTable(ByteBuffer b, byte[] elf, int table, int count, int strOffset,
            int[][] segments) {
        long[] order = new long[count]; // value << 32 | index, sorted by value
        int functions = 0;
        for (int i = 0; i < count; i++) {
            int sym = table + i * 16;
            int value = b.getInt(sym + 4);
            if ((elf[sym + 12] & 15) == STT_FUNC && value != 0) {
                order[functions++] = (value & 0xFFFF_FFFFL) << 32 | i;
            }
        }
        order = Arrays.copyOf(order, functions);
        Arrays.sort(order);
        int[] starts = new int[functions];
        int[] sizes = new int[functions];
        String[] names = new String[functions];
        for (int k = 0; k < functions; k++) {
            int sym = table + (int) order[k] * 16;
            starts[k] = (int) (order[k] >>> 32);
            sizes[k] = b.getInt(sym + 8);
            int name = strOffset + b.getInt(sym);
            int end = name;
            while (elf[end] != 0) {
                end++;
            }
            names[k] = new String(elf, name, end - name, StandardCharsets.ISO_8859_1);
        }
        return new ElfSymbols(starts, sizes, names, segments);
    }

    /** The function holding the byte at {@code fileOffset} of the file, as {@link #nameOf} names it. */
    String nameAtFileOffset(int fileOffset) {
        for (int[] s : segments) {
            if (Integer.compareUnsigned(fileOffset - s[0], s[2]) < 0) {
                return nameOf(s[1] + fileOffset - s[0]);
            }
        }
        return "(outside the loadable segments)";
    }

    /**
     * The function holding {@code fileAddress} (an address as the library's own headers number it), demangled to its
     * qualified name; past the end of the nearest export, "(not exported, after NAME)".
     */
    String nameOf(int fileAddress) {
        int k = Arrays.binarySearch(starts, fileAddress);
        if (k < 0) {
            k = -k - 2;
        }
        if (k < 0) {
            return "(not exported, before any export)";
        }
        String name = Demangler.qualifiedName(names[k]);
        return Integer.compareUnsigned(fileAddress - starts[k], sizes[k]) < 0 ? name
                : "(not exported, after " + name + ")";
    }
}
