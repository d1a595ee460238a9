package org.nodeoslab.emulator.pc.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.nodeoslab.emulator.bus.IoBus;
import org.nodeoslab.emulator.bus.PhysicalMemory;
import org.nodeoslab.emulator.cpu.Cpu;

class VmlinuxTest {
    /** An ELF32 i386 with one PT_LOAD segment: 4 file bytes at physical 0x1000000, 16 bytes in memory. */
    private static byte[] elf() {
        byte[] e = new byte[0x100];
        e[0] = 0x7F;
        e[1] = 'E';
        e[2] = 'L';
        e[3] = 'F';
        e[4] = 1; // 32-bit
        e[5] = 1; // little-endian
        put32(e, 16, 2 | 3 << 16); // ET_EXEC, EM_386
        put32(e, 24, 0x1000000); // entry
        put32(e, 28, 52); // phoff
        put32(e, 42, 32 | 1 << 16); // phentsize 32, phnum 1
        int ph = 52;
        put32(e, ph, 1); // PT_LOAD
        put32(e, ph + 4, 0x80); // offset
        put32(e, ph + 8, 0xC1000000); // vaddr
        put32(e, ph + 12, 0x1000000); // paddr
        put32(e, ph + 16, 4); // filesz
        put32(e, ph + 20, 16); // memsz
        put32(e, 0x80, 0xDEADBEEF);
        return e;
    }

    private static void put32(byte[] f, int at, int v) {
        for (int i = 0; i < 4; i++) {
            f[at + i] = (byte) (v >>> (8 * i));
        }
    }

    @Test
    void loadsSegmentsAtTheirPhysicalAddressAndEntersThere() throws Exception {
        Cpu cpu = new Cpu(new PhysicalMemory(64 << 20), new IoBus());
        cpu.memory.write32(0x1000004, 0x12345678); // stale bytes where the segment's BSS goes
        LinuxBoot.loadUnpacked(cpu, new BzImage(LinuxBootTest.fakeBzImage(4096), "bzImage"),
                new Vmlinux(elf(), "bzImage"), null, null, "console=ttyS0");
        assertEquals(0xDEADBEEF, cpu.memory.read32(0x1000000));
        assertEquals(0, cpu.memory.read32(0x1000004), "memory past the file data is zeroed");
        assertEquals(0x1000000, cpu.eip);
        assertEquals(LinuxBoot.BOOT_PARAMS_ADDRESS, cpu.reg[Cpu.ESI]);
        assertEquals(0x53726448, cpu.memory.read32(LinuxBoot.BOOT_PARAMS_ADDRESS + 0x202));
    }

    @Test
    void rejectsWhatIsNotAnI386Elf() {
        byte[] notElf = new byte[64];
        assertEquals("k: the unpacked kernel is not an ELF file",
                assertThrows(BootImageException.class, () -> new Vmlinux(notElf, "k")).getMessage());
        byte[] elf64 = elf();
        elf64[4] = 2;
        assertEquals("k: the unpacked kernel is not a 32-bit little-endian i386 ELF",
                assertThrows(BootImageException.class, () -> new Vmlinux(elf64, "k")).getMessage());
    }
}
