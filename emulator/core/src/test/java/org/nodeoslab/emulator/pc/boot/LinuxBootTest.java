package org.nodeoslab.emulator.pc.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nodeoslab.emulator.bus.IoBus;
import org.nodeoslab.emulator.bus.PhysicalMemory;
import org.nodeoslab.emulator.cpu.Cpu;

class LinuxBootTest {
    /** A bzImage with the header fields of Debian's 6.1 686 kernel and a recognizable protected-mode part. */
    static byte[] fakeBzImage(int protectedModeBytes) {
        int setupSects = 4;
        byte[] f = new byte[(setupSects + 1) * 512 + protectedModeBytes];
        f[0x1F1] = (byte) setupSects;
        put16(f, 0x1FE, 0xAA55);
        f[0x201] = 0x6A; // header ends at 0x26C
        put32(f, 0x202, 0x53726448);
        put16(f, 0x206, 0x020F);
        f[0x211] = 0x01;
        put32(f, 0x214, 0x100000);
        put32(f, 0x22C, 0x7FFFFFFF);
        put32(f, 0x230, 0x1000000);
        f[0x234] = 1;
        put32(f, 0x238, 0x7FF);
        put32(f, 0x258, 0x1000000);
        put32(f, 0x260, 0x100C000);
        for (int i = 0; i < protectedModeBytes; i++) {
            f[(setupSects + 1) * 512 + i] = (byte) (i * 7 + 1);
        }
        return f;
    }

    private static void put16(byte[] f, int at, int v) {
        f[at] = (byte) v;
        f[at + 1] = (byte) (v >> 8);
    }

    private static void put32(byte[] f, int at, int v) {
        put16(f, at, v);
        put16(f, at + 2, v >>> 16);
    }

    private static Cpu cpu(int ramMiB) {
        return new Cpu(new PhysicalMemory(ramMiB << 20), new IoBus());
    }

    @Test
    void loadsKernelInitrdAndBootParamsAndEntersFlatProtectedMode() throws Exception {
        Cpu cpu = cpu(256);
        byte[] kernel = fakeBzImage(8192);
        byte[] initrd = new byte[300_000];
        initrd[0] = 0x1F;
        LinuxBoot.Placement p = LinuxBoot.load(cpu, new BzImage(kernel, "bzImage"), initrd, "initrd",
                "console=ttyS0 cryptomgr.notests");
        PhysicalMemory m = cpu.memory;
        assertEquals(kernel[5 * 512] & 0xFF, m.read8(0x100000), "protected-mode kernel at 1 MiB");
        assertEquals(kernel[5 * 512 + 8191] & 0xFF, m.read8(0x100000 + 8191));

        assertEquals(((256 << 20) - 300_000) & ~0xFFF, p.initrdAddress, "initrd at the top of RAM, page aligned");
        assertTrue(p.initrdAddress >= 0x1000000 + 0x100C000, "above the kernel's decompression area");
        assertEquals(0x1F, m.read8(p.initrdAddress));

        int bp = LinuxBoot.BOOT_PARAMS_ADDRESS;
        assertEquals(0x53726448, m.read32(bp + 0x202), "setup header copied");
        assertEquals(0xFF, m.read8(bp + 0x210), "type_of_loader");
        assertEquals(0x81, m.read8(bp + 0x211), "LOADED_HIGH | CAN_USE_HEAP");
        assertEquals(p.initrdAddress, m.read32(bp + 0x218));
        assertEquals(300_000, m.read32(bp + 0x21C));
        assertEquals(LinuxBoot.CMDLINE_ADDRESS, m.read32(bp + 0x228));
        StringBuilder cmd = new StringBuilder();
        for (int a = LinuxBoot.CMDLINE_ADDRESS; m.read8(a) != 0; a++) {
            cmd.append((char) m.read8(a));
        }
        assertEquals("console=ttyS0 cryptomgr.notests", cmd.toString());

        assertEquals(4, m.read8(bp + 0x1E8), "e820 entries");
        int last = bp + 0x2D0 + 3 * 20;
        assertEquals(0x100000, m.read32(last));
        assertEquals((256 << 20) - 0x100000, m.read32(last + 8));
        assertEquals(1, m.read32(last + 16));
        assertEquals(2, m.read32(bp + 0x2D0 + 20 + 16), "the EBDA is reserved");

        assertEquals(0x100000, cpu.eip);
        assertEquals(bp, cpu.reg[Cpu.ESI]);
        assertEquals(0, cpu.reg[Cpu.EBP] | cpu.reg[Cpu.EDI] | cpu.reg[Cpu.EBX]);
        assertEquals(1, cpu.cr0 & 1, "protected mode");
        assertEquals(0, cpu.getEflags() & Cpu.FLAG_IF, "interrupts off");
        assertEquals(0x10, cpu.segSelector[Cpu.CS]);
        assertEquals(0x18, cpu.segSelector[Cpu.SS]);
        assertEquals(0x18, cpu.segSelector[Cpu.DS]);
        assertEquals(0xFFFFFFFF, cpu.segLimit[Cpu.CS]);
        assertEquals(1, (cpu.segAccess[Cpu.CS] >> 22) & 1, "32-bit code");
        assertEquals(0x00CF9A00, m.read32(cpu.gdtrBase + 0x14), "GDT code descriptor in memory");
    }

    @Test
    void rejectsWhatIsNotABzImage() {
        byte[] elf = new byte[8192];
        elf[0] = 0x7F;
        elf[1] = 'E';
        BootImageException e = assertThrows(BootImageException.class, () -> new BzImage(elf, "vmlinux"));
        assertEquals("vmlinux: not a Linux bzImage (no \"HdrS\" setup header at 0x202)", e.getMessage());

        byte[] old = fakeBzImage(4096);
        old[0x206] = 0x02;
        old[0x207] = 0x02;
        e = assertThrows(BootImageException.class, () -> new BzImage(old, "old"));
        assertEquals("old: boot protocol 2.02 is too old (this loader needs 2.10 or later)", e.getMessage());

        byte[] zImage = fakeBzImage(4096);
        zImage[0x211] = 0;
        assertThrows(BootImageException.class, () -> new BzImage(zImage, "zImage"));
    }

    @Test
    void rejectsKernelOrInitrdTooLargeForRam() throws Exception {
        BzImage kernel = new BzImage(fakeBzImage(4096), "bzImage");
        BootImageException e = assertThrows(BootImageException.class,
                () -> LinuxBoot.load(cpu(16), kernel, null, null, ""));
        assertTrue(e.getMessage().startsWith("bzImage: needs 32 MiB to decompress, more than the 16 MiB of RAM"),
                e.getMessage());
        e = assertThrows(BootImageException.class,
                () -> LinuxBoot.load(cpu(40), kernel, new byte[10 << 20], "big.cpio.gz", ""));
        assertTrue(e.getMessage().startsWith("big.cpio.gz: 10485760 bytes do not fit"), e.getMessage());
    }

    @Test
    void rejectsTooLongCommandLine() throws Exception {
        BzImage kernel = new BzImage(fakeBzImage(4096), "bzImage");
        String tooLong = "x".repeat(0x800);
        BootImageException e = assertThrows(BootImageException.class,
                () -> LinuxBoot.load(cpu(64), kernel, null, null, tooLong));
        assertEquals("kernel command line is 2048 bytes; bzImage accepts at most 2047", e.getMessage());
    }
}
