package org.nodeoslab.emulator.cpu.system;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nodeoslab.emulator.bus.MmioDevice;
import org.nodeoslab.emulator.cpu.Cpu;
import org.nodeoslab.emulator.cpu.CpuFault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.nodeoslab.emulator.cpu.system.TestMachine.assertFault;

/** 32-bit paging with 4 KiB and 4 MiB pages: translation, A/D bits, protection, #PF codes and CR2, the TLB. */
class PagingTest extends ProtectedModeFixture {
    static final int PD = 0x10000, PT = 0x11000;
    static final int P = 1, RW = 2, US = 4, A = 0x20, D = 0x40, PS = 0x80, G = 0x100;

    @BeforeEach
    void setUp() {
        // Identity-map the first 4 MiB (supervisor, writable) so that tables and stacks stay reachable.
        m.write32(PD, PT | P | RW);
        for (int i = 0; i < 1024; i++) {
            m.write32(PT + i * 4, i << 12 | P | RW);
        }
        cpu.sys.writeCr(3, PD);
        cpu.sys.writeCr(0, cpu.cr0 | Cpu.CR0_PG);
    }

    /** Maps linear page 0x400000 + n*0x1000 through a second page table. */
    void map(int linear, int entry) {
        int pdIndex = linear >>> 22;
        int table = 0x12000 + (pdIndex - 1) * 0x1000;
        if ((m.read32(PD + pdIndex * 4) & P) == 0) {
            m.write32(PD + pdIndex * 4, table | P | RW | US);
        }
        m.write32(table + ((linear >>> 12) & 0x3FF) * 4, entry);
    }

    int pte(int linear) {
        int table = m.read32(PD + (linear >>> 22) * 4) & 0xFFFFF000;
        return m.read32(table + ((linear >>> 12) & 0x3FF) * 4);
    }

    @Test
    void translatesThroughDirectoryAndTableAndSetsAccessedAndDirty() {
        map(0x400000, 0x200000 | P | RW | US);
        m.write32(0x200010, 0xCAFEBABE);
        assertEquals(0xCAFEBABE, cpu.mmu.read32(0x400010));
        assertEquals(A, pte(0x400000) & (A | D), "a read sets A only");
        assertEquals(A, m.read32(PD + 4) & A, "the directory entry is marked accessed too");
        cpu.mmu.write16(0x400020, 0x1234);
        assertEquals(0x1234, m.memory.read16(0x200020));
        assertEquals(A | D, pte(0x400000) & (A | D), "a write sets D");
    }

    @Test
    void notPresentPageFaultsWithCodeAndCr2() {
        assertFault(CpuFault.PF, 0, () -> cpu.mmu.read8(0x401234));
        assertEquals(0x401234, cpu.cr2);
        assertFault(CpuFault.PF, 2, () -> cpu.mmu.write32(0x402000, 1));
        assertEquals(0x402000, cpu.cr2);
        m.enterUserMode(0, 0x1000);
        assertFault(CpuFault.PF, 6, () -> cpu.mmu.write8(0x403005, 1));
        assertEquals(0x403005, cpu.cr2);
    }

    @Test
    void userAccessToSupervisorPageIsAProtectionFault() {
        map(0x400000, 0x200000 | P | RW);
        assertEquals(0, cpu.mmu.read32(0x400000), "the kernel may read it");
        m.enterUserMode(0, 0x1000);
        assertFault(CpuFault.PF, 5, () -> cpu.mmu.read32(0x400000));
        assertFault(CpuFault.PF, 7, () -> cpu.mmu.write32(0x400000, 0));
        assertEquals(0x400000, cpu.cr2);
        assertEquals(0, cpu.mmu.readSupervisor32(0x400000), "implicit supervisor accesses are allowed at CPL 3");
    }

    @Test
    void userBitMustBeSetAtBothLevels() {
        m.write32(PD + 4, 0x12000 | P | RW); // directory entry: supervisor only
        m.write32(0x12000, 0x200000 | P | RW | US);
        m.enterUserMode(0, 0x1000);
        assertFault(CpuFault.PF, 5, () -> cpu.mmu.read8(0x400000));
    }

    @Test
    void readOnlyPagesAndCr0WriteProtect() {
        map(0x400000, 0x200000 | P | US);
        m.enterUserMode(0, 0x1000);
        assertEquals(0, cpu.mmu.read8(0x400000), "user may read");
        assertFault(CpuFault.PF, 7, () -> cpu.mmu.write8(0x400000, 1));
        m.loadCode(TestMachine.KERNEL_CS);
        cpu.mmu.write8(0x400000, 0x55);
        assertEquals(0x55, m.memory.read8(0x200000), "without CR0.WP the kernel writes to read-only pages");
        cpu.sys.writeCr(0, cpu.cr0 | Cpu.CR0_WP);
        assertFault(CpuFault.PF, 3, () -> cpu.mmu.write8(0x400000, 1));
        assertEquals(0x55, m.memory.read8(0x200000));
    }

    @Test
    void writeAfterCachedReadStillChecksAndSetsDirty() {
        map(0x400000, 0x200000 | P | US);
        m.enterUserMode(0, 0x1000);
        cpu.mmu.read32(0x400000);
        assertFault(CpuFault.PF, 7, () -> cpu.mmu.write32(0x400000, 1));
        assertEquals(0, pte(0x400000) & D);
        map(0x401000, 0x201000 | P | RW | US);
        cpu.mmu.read32(0x401000);
        assertEquals(0, pte(0x401000) & D, "reading leaves D clear");
        cpu.mmu.write32(0x401000, 7);
        assertEquals(D, pte(0x401000) & D, "the first write after a cached read still sets D");
    }

    @Test
    void pageCrossingWriteChecksBothPagesBeforeWriting() {
        map(0x400000, 0x200000 | P | RW | US);
        map(0x401000, 0x201000 | P | US);
        cpu.sys.writeCr(0, cpu.cr0 | Cpu.CR0_WP);
        m.memory.write32(0x200FFC, 0x11111111);
        assertFault(CpuFault.PF, 3, () -> cpu.mmu.write32(0x400FFE, 0xAABBCCDD));
        assertEquals(0x401000, cpu.cr2, "CR2 names the first byte in the faulting page");
        assertEquals(0x11111111, m.memory.read32(0x200FFC), "nothing was written to the first page");
        map(0x401000, 0x201000 | P | RW | US);
        cpu.mmu.invlpg(0x401000);
        cpu.mmu.write32(0x400FFE, 0xAABBCCDD);
        assertEquals(0xCCDD, m.memory.read16(0x200FFE));
        assertEquals(0xAABB, m.memory.read16(0x201000));
        assertEquals(0xAABBCCDD, cpu.mmu.read32(0x400FFE));
    }

    @Test
    void pageCrossingReadFaultsOnTheSecondPage() {
        map(0x400000, 0x200000 | P | RW);
        assertFault(CpuFault.PF, 0, () -> cpu.mmu.read16(0x400FFF));
        assertEquals(0x401000, cpu.cr2);
    }

    @Test
    void fourMegabytePagesWithPse() {
        m.write32(PD + 2 * 4, 0x800000 | P | RW | PS);
        m.memory.write32(0x800000 + 0x123456, 0x600DF00D);
        assertFault(CpuFault.PF, 0, () -> cpu.mmu.read32(0x800000 + 0x123456)); // PS ignored without PSE: no PT
        // Without CR4.PSE the entry points at a page table at 0x800000 whose entry is 0: not present.
        cpu.sys.writeCr(4, cpu.cr4 | Cpu.CR4_PSE);
        assertEquals(0x600DF00D, cpu.mmu.read32(0x800000 + 0x123456));
        cpu.mmu.write8(0x800000 + 0x3FFFFF, 1);
        assertEquals(A | D, m.read32(PD + 8) & (A | D), "A and D land in the directory entry of a large page");
    }

    @Test
    void tlbKeepsStaleTranslationsUntilFlushed() {
        map(0x400000, 0x200000 | P | RW);
        m.memory.write32(0x200000, 1);
        m.memory.write32(0x300000, 2);
        assertEquals(1, cpu.mmu.read32(0x400000));
        map(0x400000, 0x300000 | P | RW);
        assertEquals(1, cpu.mmu.read32(0x400000), "a cached translation survives a page-table change");
        cpu.mmu.invlpg(0x400000);
        assertEquals(2, cpu.mmu.read32(0x400000), "INVLPG drops it");
        map(0x400000, 0x200000 | P | RW);
        cpu.sys.writeCr(3, PD);
        assertEquals(1, cpu.mmu.read32(0x400000), "a CR3 write drops it");
    }

    @Test
    void globalPagesSurviveCr3WritesButNotPgeToggles() {
        cpu.sys.writeCr(4, cpu.cr4 | Cpu.CR4_PGE);
        map(0x400000, 0x200000 | P | RW | G);
        map(0x401000, 0x201000 | P | RW);
        m.memory.write32(0x200000, 1);
        m.memory.write32(0x201000, 1);
        m.memory.write32(0x300000, 2);
        m.memory.write32(0x301000, 2);
        cpu.mmu.read32(0x400000);
        cpu.mmu.read32(0x401000);
        map(0x400000, 0x300000 | P | RW | G);
        map(0x401000, 0x301000 | P | RW);
        cpu.sys.writeCr(3, PD);
        assertEquals(1, cpu.mmu.read32(0x400000), "global: still the old translation");
        assertEquals(2, cpu.mmu.read32(0x401000), "not global: reloaded");
        cpu.sys.writeCr(4, cpu.cr4 & ~Cpu.CR4_PGE);
        assertEquals(2, cpu.mmu.read32(0x400000), "clearing CR4.PGE flushes global entries");
    }

    @Test
    void globalPageIsDroppedByInvlpgAndByPagingOff() {
        cpu.sys.writeCr(4, cpu.cr4 | Cpu.CR4_PGE);
        map(0x400000, 0x200000 | P | RW | G);
        m.memory.write32(0x200000, 1);
        m.memory.write32(0x300000, 2);
        cpu.mmu.read32(0x400000);
        map(0x400000, 0x300000 | P | RW | G);
        cpu.mmu.invlpg(0x400000);
        assertEquals(2, cpu.mmu.read32(0x400000));
        cpu.sys.writeCr(0, cpu.cr0 & ~Cpu.CR0_PG);
        assertEquals(0, cpu.mmu.read32(0x400000), "paging off: linear = physical (0x400000 holds 0)");
    }

    @Test
    void resetForgetsPagedTranslations() {
        map(0x400000, 0x200000 | P | RW);
        m.memory.write32(0x200000, 1);
        m.memory.write32(0x400000, 2);
        assertEquals(1, cpu.mmu.read32(0x400000));
        cpu.reset();
        assertEquals(2, cpu.mmu.read32(0x400000), "after RESET paging is off: linear = physical");
    }

    @Test
    void cr0WpChangeFlushesSupervisorWriteEntries() {
        map(0x400000, 0x200000 | P);
        cpu.mmu.write8(0x400000, 1);
        cpu.sys.writeCr(0, cpu.cr0 | Cpu.CR0_WP);
        assertFault(CpuFault.PF, 3, () -> cpu.mmu.write8(0x400000, 2));
    }

    @Test
    void manyPagesOverflowTheTrackingAndStillFlush() {
        // 70000 distinct pages (more than the tracked list holds) through 69 PSE mappings of one 4 MiB page.
        cpu.sys.writeCr(4, cpu.cr4 | Cpu.CR4_PSE | Cpu.CR4_PGE);
        for (int i = 0; i < 69; i++) {
            m.write32(PD + (16 + i) * 4, 0x400000 | P | RW | PS);
        }
        m.write32(PD + 100 * 4, 0x800000 | P | RW | PS | G);
        cpu.mmu.read8(100 << 22);
        for (int page = 0; page < 70000; page++) {
            cpu.mmu.read8(0x4000000 + page * 0x1000);
        }
        m.write32(PD + 16 * 4, 0);
        m.write32(PD + 84 * 4, 0);
        m.write32(PD + 100 * 4, 0);
        cpu.sys.writeCr(3, PD);
        assertFault(CpuFault.PF, 0, () -> cpu.mmu.read8(0x4000000));
        assertFault(CpuFault.PF, 0, () -> cpu.mmu.read8(84 << 22 | 0x123000));
        assertEquals(0, cpu.mmu.read8(100 << 22), "the global page survives the scan");
        cpu.sys.writeCr(4, cpu.cr4 & ~Cpu.CR4_PGE);
        assertFault(CpuFault.PF, 0, () -> cpu.mmu.read8(100 << 22));
    }

    @Test
    void mmioPagesGoToTheDevice() {
        int[] last = new int[2];
        m.memory.mapMmio(0xFEC00000, 0x1000, new MmioDevice() {
            @Override
            public int read32(int offset) {
                return 0x1000 + offset;
            }

            @Override
            public void write32(int offset, int value) {
                last[0] = offset;
                last[1] = value;
            }
        });
        map(0x400000, 0xFEC00000 | P | RW);
        assertEquals(0x1010, cpu.mmu.read32(0x400010));
        cpu.mmu.write32(0x400020, 99);
        assertEquals(0x20, last[0]);
        assertEquals(99, last[1]);
        assertEquals(0x1020, cpu.mmu.read32(0x400020), "every access reaches the device, none is cached");
    }

    @Test
    void checkWriteFaultsWithoutWriting() {
        map(0x400000, 0x200000 | P | RW | US);
        map(0x401000, 0x201000 | P | US);
        m.enterUserMode(0, 0x1000);
        cpu.mmu.checkWrite(0x400000, 0x1000);
        assertFault(CpuFault.PF, 7, () -> cpu.mmu.checkWrite(0x400F00, 0x200));
        assertEquals(0x401000, cpu.cr2 & ~0xFFF);
    }
}
