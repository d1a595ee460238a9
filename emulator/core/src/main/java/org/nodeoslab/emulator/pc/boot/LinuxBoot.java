package org.nodeoslab.emulator.pc.boot;

import org.nodeoslab.emulator.bus.PhysicalMemory;
import org.nodeoslab.emulator.cpu.Cpu;

/**
 * Boots a bzImage the way a 32-bit boot loader does (boot protocol, "32-bit boot protocol"): the protected-mode
 * kernel at 1 MiB, boot_params (the "zero page") with the setup header, e820 map, command line and initrd, a flat
 * GDT, and the CPU in 32-bit protected mode at the kernel's entry with ESI pointing at boot_params.
 *
 * <p>Low memory layout it uses: GDT at {@link #GDT_ADDRESS}, boot_params at {@link #BOOT_PARAMS_ADDRESS}, the
 * command line at {@link #CMDLINE_ADDRESS}; the initrd goes at the top of RAM (below initrd_addr_max), above the
 * memory the kernel needs to decompress itself.
 */
public final class LinuxBoot {
    public static final int GDT_ADDRESS = 0x5000;
    public static final int BOOT_PARAMS_ADDRESS = 0x7000;
    public static final int CMDLINE_ADDRESS = 0x20000;
    public static final int KERNEL_ADDRESS = 0x100000;
    /** End of conventional memory: the EBDA and the ISA hole (640 KiB - 1 MiB) are reserved above it. */
    static final int LOW_MEMORY_END = 0x9FC00;
    /** Linux i386 keeps the initrd in its direct mapping, which ends near 896 MiB. */
    private static final int LOWMEM_LIMIT = 0x37FFFFFF;
    private static final int BOOT_CS = 0x10, BOOT_DS = 0x18;

    // boot_params offsets (arch/x86/include/uapi/asm/bootparam.h).
    private static final int BP_EXT_RAMDISK_IMAGE = 0x0C0, BP_EXT_RAMDISK_SIZE = 0x0C4, BP_EXT_CMD_LINE_PTR = 0x0C8,
            BP_E820_ENTRIES = 0x1E8, BP_E820_TABLE = 0x2D0;
    // setup header offsets (in boot_params, same as in the file).
    private static final int HDR_TYPE_OF_LOADER = 0x210, HDR_LOADFLAGS = 0x211, HDR_CODE32_START = 0x214,
            HDR_RAMDISK_IMAGE = 0x218, HDR_RAMDISK_SIZE = 0x21C, HDR_HEAP_END_PTR = 0x224,
            HDR_CMD_LINE_PTR = 0x228;
    private static final int LOADFLAG_CAN_USE_HEAP = 0x80, LOADFLAG_KEEP_SEGMENTS = 0x40, LOADFLAG_KASLR = 0x02;

    private LinuxBoot() {
    }

    /** Where things went, for logging and tests. */
    public static final class Placement {
        public final int initrdAddress;
        public final int initrdSize;
        public final int kernelEnd;

        Placement(int initrdAddress, int initrdSize, int kernelEnd) {
            this.initrdAddress = initrdAddress;
            this.initrdSize = initrdSize;
            this.kernelEnd = kernelEnd;
        }
    }

    /**
     * Loads kernel, initrd (may be null) and command line into memory and sets up the CPU to enter the kernel.
     * The CPU must be freshly reset.
     */
    public static Placement load(Cpu cpu, BzImage kernel, byte[] initrd, String initrdName, String cmdline)
            throws BootImageException {
        return load(cpu, kernel, null, initrd, initrdName, cmdline);
    }

    /**
     * Like {@link #load}, but with the kernel already unpacked on the host ({@code vmlinux}, from the bzImage's
     * payload): its segments go to their physical addresses and the CPU starts at its entry point, as the
     * bzImage's decompressor would leave it.
     */
    public static Placement loadUnpacked(Cpu cpu, BzImage kernel, Vmlinux vmlinux, byte[] initrd, String initrdName,
            String cmdline) throws BootImageException {
        return load(cpu, kernel, vmlinux, initrd, initrdName, cmdline);
    }

    private static Placement load(Cpu cpu, BzImage kernel, Vmlinux vmlinux, byte[] initrd, String initrdName,
            String cmdline) throws BootImageException {
        PhysicalMemory memory = cpu.memory;
        int ram = memory.size();
        int kernelEnd = decompressionEnd(kernel);
        if (Integer.compareUnsigned(kernelEnd, ram) > 0) {
            throw new BootImageException(kernel.name() + ": needs " + (kernelEnd >>> 20) + " MiB to decompress, "
                    + "more than the " + (ram >>> 20) + " MiB of RAM");
        }
        byte[] cmd = cmdline.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        if (cmd.length > kernel.cmdlineSize) {
            throw new BootImageException("kernel command line is " + cmd.length + " bytes; " + kernel.name()
                    + " accepts at most " + kernel.cmdlineSize);
        }
        int initrdAddress = 0;
        int initrdSize = 0;
        if (initrd != null) {
            initrdSize = initrd.length;
            int top = Math.min(ram - 1, Math.min(kernel.initrdAddrMax, LOWMEM_LIMIT));
            initrdAddress = (top + 1 - initrdSize) & ~0xFFF;
            if (initrdSize > top || initrdAddress < kernelEnd) {
                throw new BootImageException(initrdName + ": " + initrdSize + " bytes do not fit between the kernel"
                        + " (up to 0x" + Integer.toHexString(kernelEnd) + ") and the top of " + (ram >>> 20)
                        + " MiB of RAM");
            }
            memory.load(initrdAddress, initrd, 0, initrdSize);
        }
        int entry = KERNEL_ADDRESS;
        if (vmlinux == null) {
            memory.load(KERNEL_ADDRESS, kernel.bytes(), kernel.kernelOffset(), kernel.kernelSize());
        } else {
            vmlinux.load(memory);
            entry = vmlinux.entry;
        }
        writeCmdline(memory, cmd);
        writeBootParams(memory, kernel, initrdAddress, initrdSize);
        writeBiosDataArea(memory);
        writeGdt(memory);
        enterProtectedMode(cpu, entry);
        return new Placement(initrdAddress, initrdSize, kernelEnd);
    }

    /** End of the memory the kernel decompresses into: its run address (1 MiB or pref_address) plus init_size. */
    static int decompressionEnd(BzImage kernel) {
        int runAddress = KERNEL_ADDRESS;
        if (kernel.relocatable) {
            // The decompressor aligns its load address up to kernel_alignment and never goes below its link
            // address (pref_address, LOAD_PHYSICAL_ADDR).
            int align = kernel.kernelAlignment == 0 ? 1 : kernel.kernelAlignment;
            runAddress = (KERNEL_ADDRESS + align - 1) & -align;
            if (Integer.compareUnsigned(runAddress, kernel.prefAddress) < 0) {
                runAddress = kernel.prefAddress;
            }
        } else if (kernel.prefAddress != 0) {
            runAddress = kernel.prefAddress;
        }
        int end = runAddress + kernel.initSize;
        return Integer.compareUnsigned(end, KERNEL_ADDRESS + kernel.kernelSize()) < 0
                ? KERNEL_ADDRESS + kernel.kernelSize() : end;
    }

    private static void writeCmdline(PhysicalMemory memory, byte[] cmd) {
        memory.load(CMDLINE_ADDRESS, cmd, 0, cmd.length);
        memory.write8(CMDLINE_ADDRESS + cmd.length, 0);
    }

    private static void writeBootParams(PhysicalMemory memory, BzImage kernel, int initrdAddress, int initrdSize) {
        int bp = BOOT_PARAMS_ADDRESS;
        for (int i = 0; i < 4096; i++) {
            memory.write8(bp + i, 0);
        }
        memory.load(bp + BzImage.HEADER_OFFSET, kernel.bytes(), BzImage.HEADER_OFFSET, kernel.headerLength());
        memory.write8(bp + HDR_TYPE_OF_LOADER, 0xFF); // an undefined boot loader
        int loadflags = memory.read8(bp + HDR_LOADFLAGS);
        // KASLR_FLAG is the decompressor's report that it randomized the kernel; nothing did yet.
        loadflags = (loadflags | LOADFLAG_CAN_USE_HEAP) & ~(LOADFLAG_KEEP_SEGMENTS | LOADFLAG_KASLR);
        memory.write8(bp + HDR_LOADFLAGS, loadflags);
        memory.write32(bp + HDR_CODE32_START, KERNEL_ADDRESS);
        // The real-mode heap only matters to the 16-bit setup code, which this entry skips; a sane value anyway.
        memory.write16(bp + HDR_HEAP_END_PTR, 0xFE00);
        memory.write32(bp + HDR_CMD_LINE_PTR, CMDLINE_ADDRESS);
        memory.write32(bp + BP_EXT_CMD_LINE_PTR, 0);
        memory.write32(bp + HDR_RAMDISK_IMAGE, initrdAddress);
        memory.write32(bp + HDR_RAMDISK_SIZE, initrdSize);
        memory.write32(bp + BP_EXT_RAMDISK_IMAGE, 0);
        memory.write32(bp + BP_EXT_RAMDISK_SIZE, 0);
        int[][] e820 = E820.map(memory.size());
        memory.write8(bp + BP_E820_ENTRIES, e820.length);
        for (int i = 0; i < e820.length; i++) {
            int entry = bp + BP_E820_TABLE + i * 20;
            memory.write32(entry, e820[i][0]);
            memory.write32(entry + 4, 0);
            memory.write32(entry + 8, e820[i][1]);
            memory.write32(entry + 12, 0);
            memory.write32(entry + 16, e820[i][2]);
        }
    }

    /** What Linux reads from the BIOS data area: base memory size (KiB) and the EBDA segment. */
    private static void writeBiosDataArea(PhysicalMemory memory) {
        memory.write16(0x40E, LOW_MEMORY_END >> 4);
        memory.write16(0x413, LOW_MEMORY_END >> 10);
    }

    /** Null, null, then flat 4 GiB code (0x10) and data (0x18) descriptors, as the boot protocol requires. */
    private static void writeGdt(PhysicalMemory memory) {
        int g = GDT_ADDRESS;
        for (int i = 0; i < 16; i++) {
            memory.write8(g + i, 0);
        }
        memory.write32(g + BOOT_CS, 0x0000FFFF);
        memory.write32(g + BOOT_CS + 4, 0x00CF9A00);
        memory.write32(g + BOOT_DS, 0x0000FFFF);
        memory.write32(g + BOOT_DS + 4, 0x00CF9200);
    }

    private static void enterProtectedMode(Cpu cpu, int entry) {
        cpu.gdtrBase = GDT_ADDRESS;
        cpu.gdtrLimit = 0x1F;
        cpu.idtrBase = 0;
        cpu.idtrLimit = 0;
        cpu.cr0 |= Cpu.CR0_PE;
        for (int s = 0; s < 6; s++) {
            boolean code = s == Cpu.CS;
            cpu.segSelector[s] = code ? BOOT_CS : BOOT_DS;
            cpu.segBase[s] = 0;
            cpu.segLimit[s] = 0xFFFFFFFF;
            // Descriptor high dword bits 8..23 as the CPU caches them: type, S, DPL 0, P; D/B and G.
            cpu.segAccess[s] = code ? 0xC09B00 : 0xC09300;
        }
        cpu.cpl = 0;
        cpu.memory.setA20(true);
        cpu.setEflags(2); // interrupts off
        for (int r = 0; r < 8; r++) {
            cpu.reg[r] = 0;
        }
        cpu.reg[Cpu.ESI] = BOOT_PARAMS_ADDRESS;
        cpu.eip = entry;
        cpu.modeChanged();
    }
}
