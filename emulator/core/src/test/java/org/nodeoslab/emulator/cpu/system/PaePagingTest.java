package org.nodeoslab.emulator.cpu.system;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nodeoslab.emulator.cpu.Cpu;
import org.nodeoslab.emulator.cpu.CpuFault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.nodeoslab.emulator.cpu.system.TestMachine.assertFault;

/** PAE paging: PDPTEs loaded with CR3, 64-bit entries, 2 MiB and 4 KiB pages, reserved bits. */
class PaePagingTest extends ProtectedModeFixture {
    static final int PDPT = 0x10000, PD0 = 0x11000, PD1 = 0x12000, PT = 0x13000;
    static final int P = 1, RW = 2, US = 4, A = 0x20, D = 0x40, PS = 0x80;

    @BeforeEach
    void setUp() {
        m.write32(PDPT, PD0 | P);
        m.write32(PDPT + 8, PD1 | P);
        m.write32(PD0, 0 | P | RW | PS); // first 2 MiB identity, large page
        m.write32(PD1 + 8, PT | P | RW | US); // linear 0x40200000.. through a page table
        m.write32(PT + 3 * 8, 0x345000 | P | RW | US);
        cpu.sys.writeCr(4, Cpu.CR4_PAE);
        cpu.sys.writeCr(3, PDPT);
        cpu.sys.writeCr(0, cpu.cr0 | Cpu.CR0_PG);
    }

    @Test
    void translatesThroughThreeLevels() {
        m.memory.write32(0x345678, 0xFEEDBEEF);
        assertEquals(0xFEEDBEEF, cpu.mmu.read32(0x40203678));
        assertEquals(A, m.read32(PT + 24) & (A | D));
        cpu.mmu.write32(0x40203678, 5);
        assertEquals(A | D, m.read32(PT + 24) & (A | D));
        assertEquals(5, m.memory.read32(0x345678));
        m.memory.write32(0x1F0000, 0x77);
        assertEquals(0x77, cpu.mmu.read32(0x1F0000), "the 2 MiB identity page works");
        assertEquals(A, m.read32(PD0) & (A | D));
    }

    @Test
    void pdptesAreLoadedOnCr3WriteNotOnEachWalk() {
        m.write32(PDPT + 8, 0); // remove the second gigabyte from memory only
        m.memory.write32(0x345000, 9);
        assertEquals(9, cpu.mmu.read32(0x40203000), "the PDPTE register still has the old entry");
        cpu.sys.writeCr(3, PDPT);
        assertFault(CpuFault.PF, 0, () -> cpu.mmu.read32(0x40203000));
        assertEquals(0x40203000, cpu.cr2);
    }

    @Test
    void stateRestoreReloadsPdptesAndForgetsTranslations() {
        m.memory.write32(0x345000, 9);
        assertEquals(9, cpu.mmu.read32(0x40203000));
        m.write32(PDPT + 8, 0);
        cpu.mmu.reloadAfterStateRestore();
        assertFault(CpuFault.PF, 0, () -> cpu.mmu.read32(0x40203000));
    }

    @Test
    void reservedBitsInPdpteAreGeneralProtection() {
        m.write32(PDPT + 16, 0x20000 | P | RW); // R/W is reserved in a PAE PDPTE
        assertFault(CpuFault.GP, 0, () -> cpu.sys.writeCr(3, PDPT));
        assertEquals(PDPT, cpu.cr3, "CR3 is left unchanged");
    }

    @Test
    void reservedBitsInEntriesAreReservedBitPageFaults() {
        m.write32(PT + 3 * 8 + 4, 0x80000000); // XD without EFER.NXE
        assertFault(CpuFault.PF, 8 | 1, () -> cpu.mmu.read8(0x40203000));
    }

    @Test
    void userProtectionAndNotPresentCodes() {
        m.enterUserMode(0, 0x1000);
        assertFault(CpuFault.PF, 5, () -> cpu.mmu.read8(0x100));
        assertFault(CpuFault.PF, 6, () -> cpu.mmu.write8(0x40204000, 1));
        assertEquals(0, cpu.mmu.read8(0x40203000));
    }
}
