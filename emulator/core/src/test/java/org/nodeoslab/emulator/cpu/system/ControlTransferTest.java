package org.nodeoslab.emulator.cpu.system;

import org.junit.jupiter.api.Test;
import org.nodeoslab.emulator.cpu.Cpu;
import org.nodeoslab.emulator.cpu.CpuFault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nodeoslab.emulator.cpu.system.TestMachine.GDT;
import static org.nodeoslab.emulator.cpu.system.TestMachine.KERNEL_CS;
import static org.nodeoslab.emulator.cpu.system.TestMachine.KERNEL_DS;
import static org.nodeoslab.emulator.cpu.system.TestMachine.KERNEL_STACK_TOP;
import static org.nodeoslab.emulator.cpu.system.TestMachine.TSS;
import static org.nodeoslab.emulator.cpu.system.TestMachine.TSS2;
import static org.nodeoslab.emulator.cpu.system.TestMachine.TSS2_SEL;
import static org.nodeoslab.emulator.cpu.system.TestMachine.TSS_SEL;
import static org.nodeoslab.emulator.cpu.system.TestMachine.USER_CS;
import static org.nodeoslab.emulator.cpu.system.TestMachine.USER_DS;
import static org.nodeoslab.emulator.cpu.system.TestMachine.assertFault;

/** Far JMP/CALL/RET, call gates with parameter copy, and hardware task switches. */
class ControlTransferTest extends ProtectedModeFixture {
    static final int CALL_GATE = 0x40;

    @Test
    void farCallAndReturnWithinRing() {
        cpu.reg[Cpu.ESP] = 0x8000;
        cpu.control.farCall(KERNEL_CS, 0x6000, true, 0x1234);
        assertEquals(0x6000, cpu.eip);
        assertEquals(0x1234, m.read32(0x8000 - 8));
        assertEquals(KERNEL_CS, m.read32(0x8000 - 4));
        cpu.control.farReturn(true, 8);
        assertEquals(0x1234, cpu.eip);
        assertEquals(0x8000 + 8, cpu.reg[Cpu.ESP], "RETF 8 releases the parameters");
    }

    @Test
    void farJumpChecksPrivilegeAndLimit() {
        m.enterUserMode(0x100, 0x6000);
        assertFault(CpuFault.GP, KERNEL_CS, () -> cpu.control.farJump(KERNEL_CS, 0x10, true));
        m.descriptor(GDT, 9, 0, 0xFFF, 0xFA, 0x4); // ring-3 code, 4 KiB limit
        assertFault(CpuFault.GP, 0, () -> cpu.control.farJump(0x4B, 0x1000, true));
        cpu.control.farJump(0x4B, 0xFFF, true);
        assertEquals(0x4B, cpu.segSelector[Cpu.CS]);
        assertEquals(0xFFF, cpu.eip);
    }

    @Test
    void callGateFromRingThreeCopiesParametersAndRetfReturns() {
        m.gate(GDT, CALL_GATE / 8, 0xC, 3, KERNEL_CS, 0x7000, 2);
        m.enterUserMode(0x300, 0x6000);
        cpu.mmu.write32(0x6000 - 8, 0x11111111); // second parameter pushed last: at the lower address
        cpu.mmu.write32(0x6000 - 4, 0x22222222);
        cpu.reg[Cpu.ESP] = 0x6000 - 8;
        cpu.control.farCall(CALL_GATE | 3, 0xDEAD, true, 0x305);

        assertEquals(0, cpu.cpl);
        assertEquals(0x7000, cpu.eip, "the gate's offset, not the instruction's");
        assertEquals(KERNEL_DS, cpu.segSelector[Cpu.SS]);
        int esp = cpu.reg[Cpu.ESP];
        assertEquals(KERNEL_STACK_TOP - 24, esp);
        assertEquals(0x305, m.read32(esp));
        assertEquals(USER_CS, m.read32(esp + 4));
        assertEquals(0x11111111, m.read32(esp + 8));
        assertEquals(0x22222222, m.read32(esp + 12));
        assertEquals(0x6000 - 8, m.read32(esp + 16));
        assertEquals(USER_DS, m.read32(esp + 20));

        cpu.control.farReturn(true, 8);
        assertEquals(3, cpu.cpl);
        assertEquals(USER_CS, cpu.segSelector[Cpu.CS]);
        assertEquals(0x305, cpu.eip);
        assertEquals(0x6000, cpu.reg[Cpu.ESP], "the caller's parameters are released too");
    }

    @Test
    void callGateWithTooPrivilegedDplIsGp() {
        m.gate(GDT, CALL_GATE / 8, 0xC, 0, KERNEL_CS, 0x7000, 0);
        m.enterUserMode(0x300, 0x6000);
        assertFault(CpuFault.GP, CALL_GATE, () -> cpu.control.farCall(CALL_GATE | 3, 0, true, 0x305));
        assertEquals(3, cpu.cpl);
        assertEquals(0x6000, cpu.reg[Cpu.ESP]);
    }

    @Test
    void retfToInnerRingIsGp() {
        m.enterUserMode(0x300, 0x6000);
        cpu.mmu.write32(0x6000, 0x10);
        cpu.mmu.write32(0x6004, KERNEL_CS);
        assertFault(CpuFault.GP, KERNEL_CS, () -> cpu.control.farReturn(true, 0));
    }

    /** A second 32-bit TSS whose task starts at {@code eip} in ring 0 on its own stack. */
    void secondTask(int eip) {
        m.descriptor(GDT, TSS2_SEL / 8, TSS2, 0x67, TestMachine.TSS32, 0);
        m.write32(TSS2 + 0x1C, cpu.cr3);
        m.write32(TSS2 + 0x20, eip);
        m.write32(TSS2 + 0x24, 2);
        m.write32(TSS2 + 0x28, 0xAAAA); // EAX
        m.write32(TSS2 + 0x38, 0xA000); // ESP
        m.write32(TSS2 + 0x48, KERNEL_DS);
        m.write32(TSS2 + 0x4C, KERNEL_CS);
        m.write32(TSS2 + 0x50, KERNEL_DS);
        m.write32(TSS2 + 0x54, KERNEL_DS);
    }

    int busyBit(int selector) {
        return (m.read32(GDT + selector + 4) >>> 9) & 1;
    }

    @Test
    void jumpToTssSwitchesTasks() {
        secondTask(0x7700);
        cpu.reg[Cpu.EAX] = 0x5555;
        cpu.eip = 0x1111;
        cpu.control.farJump(TSS2_SEL, 0, true);
        assertEquals(0x7700, cpu.eip);
        assertEquals(0xAAAA, cpu.reg[Cpu.EAX]);
        assertEquals(0xA000, cpu.reg[Cpu.ESP]);
        assertEquals(TSS2_SEL, cpu.trSelector);
        assertEquals(0x5555, m.read32(TSS + 0x28), "the old task's EAX is saved in its TSS");
        assertEquals(0x1111, m.read32(TSS + 0x20), "and its EIP");
        assertEquals(0, busyBit(TSS_SEL), "JMP clears the old task's busy bit");
        assertEquals(1, busyBit(TSS2_SEL));
        assertTrue((cpu.cr0 & Cpu.CR0_TS) != 0, "a task switch sets CR0.TS");
        assertEquals(0, cpu.getEflags() & Cpu.FLAG_NT);
    }

    @Test
    void busyTssCannotBeEnteredAgain() {
        assertFault(CpuFault.GP, TSS_SEL, () -> cpu.control.farJump(TSS_SEL, 0, true));
    }

    @Test
    void doubleFaultThroughTaskGateAndIretBack() {
        // As Linux i386 does: #DF goes through a task gate to a TSS with its own stack.
        secondTask(0x7800);
        m.gate(TestMachine.IDT, CpuFault.DF, 0x5, 0, TSS2_SEL, 0, 0);
        cpu.reg[Cpu.ESP] = 0x8000;
        cpu.reg[Cpu.EBX] = 0xB0B;
        cpu.eip = 0x4321;
        cpu.interrupts.deliverFault(CpuFault.withCode(CpuFault.GP, 0)); // no #GP gate: #GP -> #DF

        assertFalse(cpu.shutdown);
        assertEquals(TSS2_SEL, cpu.trSelector);
        assertEquals(0x7800, cpu.eip);
        assertEquals(0xA000 - 4, cpu.reg[Cpu.ESP], "the error code is pushed on the new task's stack");
        assertEquals(0, m.read32(0xA000 - 4));
        assertTrue((cpu.getEflags() & Cpu.FLAG_NT) != 0, "nested task");
        assertEquals(TSS_SEL, m.read32(TSS2) & 0xFFFF, "back link");
        assertEquals(1, busyBit(TSS_SEL), "the interrupted task stays busy");

        cpu.interrupts.iret(true);
        assertEquals(TSS_SEL, cpu.trSelector);
        assertEquals(0x4321, cpu.eip);
        assertEquals(0xB0B, cpu.reg[Cpu.EBX]);
        assertEquals(0x8000, cpu.reg[Cpu.ESP]);
        assertEquals(0, busyBit(TSS2_SEL), "IRET frees the nested task");
        assertEquals(0, cpu.getEflags() & Cpu.FLAG_NT);
    }

    @Test
    void callToTssThenIretReturns() {
        secondTask(0x7900);
        cpu.eip = 0x2222;
        cpu.control.farCall(TSS2_SEL, 0, true, 0x2229);
        assertEquals(0x7900, cpu.eip);
        assertTrue((cpu.getEflags() & Cpu.FLAG_NT) != 0);
        cpu.eip = 0x7905;
        cpu.interrupts.iret(true);
        assertEquals(0x2229, cpu.eip);
        assertEquals(0x7905, m.read32(TSS2 + 0x20), "IRET saved the nested task's EIP for next time");
    }

    @Test
    void realModeFarTransfers() {
        TestMachine real = new TestMachine();
        Cpu c = real.cpu;
        c.reg[Cpu.ESP] = 0x1000;
        c.control.farCall(0x2000, 0x0010, false, 0x0005);
        assertEquals(0x20000, c.segBase[Cpu.CS]);
        assertEquals(0x10, c.eip);
        assertEquals(0x0FFC, c.reg[Cpu.ESP]);
        c.control.farReturn(false, 2);
        assertEquals(0, c.segSelector[Cpu.CS]);
        assertEquals(5, c.eip);
        assertEquals(0x1002, c.reg[Cpu.ESP]);
        c.control.farJump(0xF000, 0x1FFF0, false);
        assertEquals(0xFFF0, c.eip, "16-bit operand size truncates the offset");
    }
}
