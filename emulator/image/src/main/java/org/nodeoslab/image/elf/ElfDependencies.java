package org.nodeoslab.image.elf;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * What a 32-bit little-endian ELF file (an i386 executable or shared library) needs from the dynamic loader:
 * its PT_INTERP (e.g. /lib/ld-linux.so.2) and DT_NEEDED sonames (e.g. libnode.so.108). The image builder uses it
 * to keep exactly the libraries Node.js loads and drop the rest of what the Debian packages ship.
 */
public record ElfDependencies(String interpreter, List<String> needed) {

    private static final int PT_DYNAMIC = 2;
    private static final int PT_INTERP = 3;
    private static final int DT_NULL = 0;
    private static final int DT_NEEDED = 1;
    private static final int DT_STRTAB = 5;

    /** Whether {@code bytes} start like an ELF file. */
    public static boolean isElf(byte[] bytes) {
        return Elf32.isElf(bytes);
    }

    /** Reads the dependencies; {@code name} is for error messages. A static executable has none. */
    public static ElfDependencies read(byte[] bytes, String name) {
        ByteBuffer b = Elf32.open(bytes, name);
        List<Elf32.Segment> interp = Elf32.segments(b, PT_INTERP);
        String interpreter = interp.isEmpty() ? null : Elf32.cString(bytes, interp.get(0).offset());
        List<Elf32.Segment> dynamic = Elf32.segments(b, PT_DYNAMIC);
        int dynamicOffset = dynamic.isEmpty() ? -1 : dynamic.get(0).offset();
        int dynamicSize = dynamic.isEmpty() ? 0 : dynamic.get(0).fileSize();
        List<String> needed = new ArrayList<>();
        if (dynamicOffset < 0) {
            return new ElfDependencies(interpreter, needed);
        }
        int strtabAddress = -1;
        List<Integer> neededOffsets = new ArrayList<>();
        for (int p = dynamicOffset; p + 8 <= dynamicOffset + dynamicSize; p += 8) {
            int tag = b.getInt(p);
            int value = b.getInt(p + 4);
            if (tag == DT_NULL) {
                break;
            }
            if (tag == DT_NEEDED) {
                neededOffsets.add(value);
            } else if (tag == DT_STRTAB) {
                strtabAddress = value;
            }
        }
        if (!neededOffsets.isEmpty()) {
            int strtab = fileOffset(Elf32.loads(b), strtabAddress, name);
            for (int offset : neededOffsets) {
                needed.add(Elf32.cString(bytes, strtab + offset));
            }
        }
        return new ElfDependencies(interpreter, needed);
    }

    /** DT_STRTAB holds a virtual address: find the loaded segment that maps it to a file offset. */
    private static int fileOffset(List<Elf32.Segment> loads, int address, String name) {
        for (Elf32.Segment load : loads) {
            if (load.holdsAddress(address)) {
                return load.offset() + (address - load.address());
            }
        }
        throw new IllegalArgumentException(name + ": DT_STRTAB address 0x" + Integer.toHexString(address)
                + " is in no loaded segment");
    }
}
