package org.nodeoslab.emulator.cpu.system;

import org.junit.jupiter.api.Test;
import org.nodeoslab.emulator.cpu.Cpu;
import org.nodeoslab.emulator.cpu.CpuFault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.nodeoslab.emulator.cpu.system.TestMachine.CODE0;
import static org.nodeoslab.emulator.cpu.system.TestMachine.DATA0;
import static org.nodeoslab.emulator.cpu.system.TestMachine.DATA3;
import static org.nodeoslab.emulator.cpu.system.TestMachine.GDT;
import static org.nodeoslab.emulator.cpu.system.TestMachine.KERNEL_DS;
import static org.nodeoslab.emulator.cpu.system.TestMachine.USER_DS;
import static org.nodeoslab.emulator.cpu.system.TestMachine.assertFault;

/** Protected-mode segment register loads: descriptor cache, privilege and type rules, LDT, faults. */
class SegmentLoadTest extends ProtectedModeFixture {
    @Test
    void loadsBaseLimitAndAttributesAndSetsAccessed() {
        m.descriptor(GDT, 9, 0x12345678, 0x00FFF, DATA0 & ~1, 0x4); // byte granular, 32-bit, not yet accessed
        cpu.segments.load(Cpu.FS, 0x48);
        assertEquals(0x48, cpu.segSelector[Cpu.FS]);
        assertEquals(0x12345678, cpu.segBase[Cpu.FS]);
        assertEquals(0xFFF, cpu.segLimit[Cpu.FS]);
        assertEquals(0x409300, cpu.segAccess[Cpu.FS], "type with accessed, S, P and D/B");
        assertEquals(0x93, (m.read32(GDT + 9 * 8 + 4) >>> 8) & 0xFF, "accessed bit written back");
        m.descriptor(GDT, 10, 0, 0xFFFFF, DATA0, 0x8); // page granular
        cpu.segments.load(Cpu.GS, 0x50);
        assertEquals(0xFFFFFFFF, cpu.segLimit[Cpu.GS]);
    }

    @Test
    void nullSelectorMakesDataRegisterUnusableButIsGpForSs() {
        cpu.segments.load(Cpu.DS, 3);
        assertEquals(3, cpu.segSelector[Cpu.DS]);
        assertEquals(0, cpu.segAccess[Cpu.DS] & 0x8000);
        assertFault(CpuFault.GP, 0, () -> cpu.segments.load(Cpu.SS, 0));
    }

    @Test
    void privilegeRulesForDataSegments() {
        m.enterUserMode(0, 0x1000);
        assertFault(CpuFault.GP, KERNEL_DS, () -> cpu.segments.load(Cpu.DS, KERNEL_DS));
        assertFault(CpuFault.GP, KERNEL_DS, () -> cpu.segments.load(Cpu.DS, KERNEL_DS | 3));
        cpu.segments.load(Cpu.DS, USER_DS);
        m.loadCode(TestMachine.KERNEL_CS);
        cpu.segments.load(Cpu.ES, USER_DS); // CPL 0 may load a DPL 3 segment
    }

    @Test
    void typeRules() {
        m.descriptor(GDT, 9, 0, 0xFFFFF, 0x98, 0xC); // execute-only code
        m.descriptor(GDT, 10, 0, 0xFFFFF, CODE0, 0xC); // readable code
        m.descriptor(GDT, 11, 0, 0xFFFFF, 0x90, 0xC); // read-only data
        assertFault(CpuFault.GP, 0x48, () -> cpu.segments.load(Cpu.DS, 0x48));
        cpu.segments.load(Cpu.DS, 0x50);
        assertFault(CpuFault.GP, 0x50, () -> cpu.segments.load(Cpu.SS, 0x50));
        assertFault(CpuFault.GP, 0x58, () -> cpu.segments.load(Cpu.SS, 0x58));
        assertFault(CpuFault.GP, TestMachine.TSS_SEL, () -> cpu.segments.load(Cpu.DS, TestMachine.TSS_SEL));
    }

    @Test
    void stackSegmentNeedsMatchingPrivilege() {
        assertFault(CpuFault.GP, USER_DS & ~3, () -> cpu.segments.load(Cpu.SS, USER_DS));
        assertFault(CpuFault.GP, KERNEL_DS, () -> cpu.segments.load(Cpu.SS, KERNEL_DS | 1));
    }

    @Test
    void notPresentIsNpForDataAndSsForStack() {
        m.descriptor(GDT, 9, 0, 0xFFFFF, DATA0 & ~0x80, 0xC);
        assertFault(CpuFault.NP, 0x48, () -> cpu.segments.load(Cpu.DS, 0x48));
        assertFault(CpuFault.SS, 0x48, () -> cpu.segments.load(Cpu.SS, 0x48));
    }

    @Test
    void selectorBeyondTableLimitIsGp() {
        cpu.gdtrLimit = 0x2F;
        assertFault(CpuFault.GP, 0x30, () -> cpu.segments.load(Cpu.DS, 0x30));
        assertFault(CpuFault.GP, 0x0C, () -> cpu.segments.load(Cpu.DS, 0x0C)); // LDT selector, no LDT loaded
    }

    @Test
    void ldtSelectorsUseTheLdt() {
        m.descriptor(GDT, 7, TestMachine.LDT, 0x17, TestMachine.LDT_TYPE, 0);
        m.descriptor(TestMachine.LDT, 2, 0xABC000, 0xFFFF, DATA3, 0x4);
        cpu.sys.lldt(TestMachine.LDT_SEL);
        assertEquals(TestMachine.LDT, cpu.ldtrBase);
        assertEquals(0x17, cpu.ldtrLimit);
        cpu.segments.load(Cpu.DS, 0x14 | 3);
        assertEquals(0xABC000, cpu.segBase[Cpu.DS]);
        assertFault(CpuFault.GP, 0x1C, () -> cpu.segments.load(Cpu.DS, 0x1C)); // beyond the LDT's limit
        assertFault(CpuFault.GP, USER_DS & ~3, () -> cpu.sys.lldt(USER_DS)); // not an LDT descriptor
    }

    @Test
    void expandDownStackLimits() {
        // Expand-down 32-bit stack with limit 0x7FFF: valid offsets are 0x8000..0xFFFFFFFF.
        m.descriptor(GDT, 9, 0, 0x7FFF, 0x96, 0x4);
        cpu.segments.load(Cpu.SS, 0x48);
        m.interruptGate(0x40, 0, 0x5000);
        cpu.reg[Cpu.ESP] = 0x800C;
        cpu.interrupts.deliver(0x40, false, 0, true, 0); // three dwords down to 0x8000: inside
        assertEquals(0x8000, cpu.reg[Cpu.ESP]);
        assertFault(CpuFault.SS, 0, () -> cpu.interrupts.deliver(0x40, false, 0, true, 0));
    }

    @Test
    void virtual8086AndRealModeLoads() {
        TestMachine real = new TestMachine();
        real.cpu.segments.load(Cpu.DS, 0x1234);
        assertEquals(0x12340, real.cpu.segBase[Cpu.DS]);
        real.cpu.segLimit[Cpu.FS] = 0xFFFFFFFF; // "unreal" limit set up in protected mode
        real.cpu.segments.load(Cpu.FS, 0x10);
        assertEquals(0xFFFFFFFF, real.cpu.segLimit[Cpu.FS], "real mode keeps the cached limit");
        cpu.setEflags(Cpu.FLAG_VM);
        cpu.segments.load(Cpu.FS, 0xB800);
        assertEquals(0xB8000, cpu.segBase[Cpu.FS]);
        assertEquals(0xFFFF, cpu.segLimit[Cpu.FS]);
        assertEquals(0xF300, cpu.segAccess[Cpu.FS]);
    }
}
