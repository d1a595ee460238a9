package org.nodeoslab.emulator.cli.profile;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

import org.nodeoslab.image.elf.Elf32;

/**
 * The function symbols a 32-bit ELF shared library exports ({@code .dynsym}), for naming an address in it. Debian
 * strips the full symbol table, so code a library does not export (V8's built-in code, static functions) has no
 * name here: such an address is reported as lying past the nearest export.
 */
final class ElfSymbols {
    private static final int SHT_DYNSYM = 11;
    private static final int STT_FUNC = 2;

    private final int[] starts;
    private final int[] sizes;
    private final String[] names;
    private final List<Elf32.Segment> segments;

    private ElfSymbols(int[] starts, int[] sizes, String[] names, List<Elf32.Segment> segments) {
        this.starts = starts;
        this.sizes = sizes;
        this.names = names;
        this.segments = segments;
    }

    /**
     * Reads {@code elf}'s exported functions; throws IllegalArgumentException, naming it {@code name}, if it is no
     * 32-bit little-endian ELF file or has no {@code .dynsym}.
     */
    static ElfSymbols read(byte[] elf, String name) {
        ByteBuffer b = Elf32.open(elf, name);
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
            return fromTable(b, elf, symOffset, symSize / 16, strOffset, Elf32.loads(b));
        }
        throw new IllegalArgumentException(name + " has no .dynsym section");
    }

    private static ElfSymbols fromTable(ByteBuffer b, byte[] elf, int table, int count, int strOffset,
            List<Elf32.Segment> segments) {
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
            names[k] = Elf32.cString(elf, strOffset + b.getInt(sym));
        }
        return new ElfSymbols(starts, sizes, names, segments);
    }

    /** The function holding the byte at {@code fileOffset} of the file, as {@link #nameOf} names it. */
    String nameAtFileOffset(int fileOffset) {
        for (Elf32.Segment s : segments) {
            if (s.holdsOffset(fileOffset)) {
                return nameOf(s.address() + fileOffset - s.offset());
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
