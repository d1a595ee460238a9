package org.nodeoslab.image.elf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What a 32-bit little-endian ELF file (an i386 executable or shared library) needs from the dynamic loader:
 * its PT_INTERP (e.g. /lib/ld-linux.so.2) and DT_NEEDED sonames (e.g. libnode.so.108). The image builder uses it
 * to keep exactly the libraries Node.js loads and drop the rest of what the Debian packages ship.
 */
public record ElfDependencies(String interpreter, List<String> needed) {

    private static final int PT_LOAD = 1;
    private static final int PT_DYNAMIC = 2;
    private static final int PT_INTERP = 3;
    private static final int DT_NULL = 0;
    private static final int DT_NEEDED = 1;
    private static final int DT_STRTAB = 5;

    /** Whether {@code bytes} start like an ELF file. */
    public static boolean isElf(byte[] bytes) {
        return bytes.length >= 52 && bytes[0] == 0x7f && bytes[1] == 'E' && bytes[2] == 'L' && bytes[3] == 'F';
    }

    /** Reads the dependencies; {@code name} is for error messages. A static executable has none. */
    public static ElfDependencies read(byte[] bytes, String name) {
        if (!isElf(bytes)) {
            throw new IllegalArgumentException(name + " is not an ELF file");
        }
        if (bytes[4] != 1 || bytes[5] != 1) {
            throw new IllegalArgumentException(name + " is not 32-bit little-endian ELF (class " + bytes[4]
                    + ", data " + bytes[5] + ")");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int phoff = b.getInt(28);
        int phentsize = b.getShort(42) & 0xffff;
        int phnum = b.getShort(44) & 0xffff;
        String interpreter = null;
        int dynamicOffset = -1;
        int dynamicSize = 0;
        List<int[]> loads = new ArrayList<>(); // {vaddr, offset, filesz}
        for (int i = 0; i < phnum; i++) {
            int ph = phoff + i * phentsize;
            int type = b.getInt(ph);
            int offset = b.getInt(ph + 4);
            int vaddr = b.getInt(ph + 8);
            int filesz = b.getInt(ph + 16);
            switch (type) {
                case PT_LOAD -> loads.add(new int[]{vaddr, offset, filesz});
                case PT_DYNAMIC -> {
                    dynamicOffset = offset;
                    dynamicSize = filesz;
                }
                case PT_INTERP -> interpreter = cString(bytes, offset);
                default -> { }
            }
        }
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
            int strtab = fileOffset(loads, strtabAddress, name);
            for (int offset : neededOffsets) {
                needed.add(cString(bytes, strtab + offset));
            }
        }
        return new ElfDependencies(interpreter, needed);
    }

    /** DT_STRTAB holds a virtual address: find the loaded segment that maps it to a file offset. */
    private static int fileOffset(List<int[]> loads, int address, String name) {
        for (int[] load : loads) {
            if (Integer.compareUnsigned(address, load[0]) >= 0
                    && Integer.compareUnsigned(address - load[0], load[2]) < 0) {
                return load[1] + (address - load[0]);
            }
        }
        throw new IllegalArgumentException(name + ": DT_STRTAB address 0x" + Integer.toHexString(address)
                + " is in no loaded segment");
    }

    private static String cString(byte[] bytes, int offset) {
        int end = offset;
        while (end < bytes.length && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, offset, end - offset, StandardCharsets.US_ASCII);
    }
}
