package org.nodeoslab.emulator.pc.boot;

import org.nodeoslab.emulator.bus.PhysicalMemory;

/**
 * An uncompressed i386 vmlinux (ELF32): what a bzImage's decompressor unpacks and jumps into. Loading it
 * directly does on the host what the decompressor would do in the guest (copy each PT_LOAD segment to its
 * physical address, enter at the physical entry point with ESI = boot_params), skipping billions of guest
 * instructions of decompression. Relocation is not needed because the segments go to the addresses the
 * kernel was linked for.
 */
public final class Vmlinux {
    private static final int PT_LOAD = 1;

    private final byte[] elf;
    private final String name;
    public final int entry;

    public Vmlinux(byte[] elf, String name) throws BootImageException {
        this.elf = elf;
        this.name = name;
        if (elf.length < 52 || elf[0] != 0x7F || elf[1] != 'E' || elf[2] != 'L' || elf[3] != 'F') {
            throw new BootImageException(name + ": the unpacked kernel is not an ELF file");
        }
        if (elf[4] != 1 || elf[5] != 1 || u16(18) != 3) {
            throw new BootImageException(name + ": the unpacked kernel is not a 32-bit little-endian i386 ELF");
        }
        entry = u32(24);
    }

    /** Copies the loadable segments to their physical addresses (zeroing what lies past the file data). */
    public int load(PhysicalMemory memory) throws BootImageException {
        int phoff = u32(28);
        int phentsize = u16(42);
        int phnum = u16(44);
        int end = 0;
        for (int i = 0; i < phnum; i++) {
            int ph = phoff + i * phentsize;
            if (ph < 0 || ph + 32 > elf.length) {
                throw new BootImageException(name + ": program header " + i + " is outside the file");
            }
            if (u32(ph) != PT_LOAD) {
                continue;
            }
            int offset = u32(ph + 4);
            int paddr = u32(ph + 12);
            int fileSize = u32(ph + 16);
            int memSize = u32(ph + 20);
            if (offset < 0 || fileSize < 0 || offset + fileSize > elf.length) {
                throw new BootImageException(name + ": segment " + i + " is outside the file");
            }
            if (Integer.compareUnsigned(paddr + memSize, memory.size()) > 0) {
                throw new BootImageException(name + ": segment " + i + " at 0x" + Integer.toHexString(paddr)
                        + " does not fit in " + (memory.size() >>> 20) + " MiB of RAM");
            }
            memory.load(paddr, elf, offset, fileSize);
            for (int a = paddr + fileSize; a < paddr + memSize; a++) {
                memory.write8(a, 0);
            }
            end = Math.max(end, paddr + memSize);
        }
        return end;
    }

    private int u16(int offset) {
        return (elf[offset] & 0xFF) | (elf[offset + 1] & 0xFF) << 8;
    }

    private int u32(int offset) {
        return u16(offset) | u16(offset + 2) << 16;
    }
}
