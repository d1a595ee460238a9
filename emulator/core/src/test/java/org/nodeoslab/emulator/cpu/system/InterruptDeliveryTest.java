package org.nodeoslab.emulator.cpu.system;

import org.junit.jupiter.api.Test;
import org.nodeoslab.emulator.cpu.Cpu;
import org.nodeoslab.emulator.cpu.CpuFault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nodeoslab.emulator.cpu.system.TestMachine.KERNEL_CS;
import static org.nodeoslab.emulator.cpu.system.TestMachine.KERNEL_DS;
import static org.nodeoslab.emulator.cpu.system.TestMachine.KERNEL_STACK_TOP;
import static org.nodeoslab.emulator.cpu.system.TestMachine.USER_CS;
import static org.nodeoslab.emulator.cpu.system.TestMachine.USER_DS;
import static org.nodeoslab.emulator.cpu.system.TestMachine.assertFault;

/** Protected-mode IDT delivery, ring switches through the TSS, IRET, #DF and the triple fault. */
class InterruptDeliveryTest extends ProtectedModeFixture {
    int stackWord(int index) {
        return m.read32(cpu.reg[Cpu.ESP] + 4 * index);
    }

    @Test
    void systemCallFromRingThreeSwitchesToTheTssStackAndIretReturns() {
        m.interruptGate(0x80, 3, 0x5000);
        m.enterUserMode(0x1234, 0x6FF0);
        cpu.setEflags(Cpu.FLAG_IF | Cpu.FLAG_CF);
        cpu.interrupts.deliver(0x80, false, 0, true, 0x1236);

        assertEquals(0, cpu.cpl);
        assertEquals(KERNEL_CS, cpu.segSelector[Cpu.CS]);
        assertEquals(KERNEL_DS, cpu.segSelector[Cpu.SS], "SS0 from the TSS");
        assertEquals(KERNEL_STACK_TOP - 20, cpu.reg[Cpu.ESP], "ESP0 minus five dwords");
        assertEquals(0x5000, cpu.eip);
        assertEquals(0x1236, stackWord(0), "return EIP");
        assertEquals(USER_CS, stackWord(1));
        assertEquals(Cpu.FLAG_IF | Cpu.FLAG_CF | 2, stackWord(2), "EFLAGS as they were (a trap: RF clear)");
        assertEquals(0x6FF0, stackWord(3), "user ESP");
        assertEquals(USER_DS, stackWord(4), "user SS");
        assertFalse((cpu.getEflags() & Cpu.FLAG_IF) != 0, "an interrupt gate clears IF");

        cpu.interrupts.iret(true);
        assertEquals(3, cpu.cpl);
        assertEquals(USER_CS, cpu.segSelector[Cpu.CS]);
        assertEquals(USER_DS, cpu.segSelector[Cpu.SS]);
        assertEquals(0x6FF0, cpu.reg[Cpu.ESP]);
        assertEquals(0x1236, cpu.eip);
        assertEquals(Cpu.FLAG_IF | Cpu.FLAG_CF | 2, cpu.getEflags());
    }

    @Test
    void iretToOuterRingNullsDataSegmentsTheOuterRingMayNotUse() {
        m.interruptGate(0x80, 3, 0x5000);
        m.enterUserMode(0x1234, 0x6FF0);
        cpu.interrupts.deliver(0x80, false, 0, true, 0x1236);
        cpu.segments.load(Cpu.DS, KERNEL_DS);
        cpu.segments.load(Cpu.ES, USER_DS);
        cpu.interrupts.iret(true);
        assertEquals(0, cpu.segSelector[Cpu.DS], "kernel DS does not survive the return to ring 3");
        assertEquals(0, cpu.segAccess[Cpu.DS] & 0x8000, "DS is unusable");
        assertEquals(USER_DS, cpu.segSelector[Cpu.ES]);
    }

    @Test
    void iretInRingThreeCannotRaiseIoplOrSetIf() {
        m.enterUserMode(0x100, 0x6FF0);
        cpu.setEflags(0); // IOPL 0, IF clear
        m.write32(0x6FF0 - 12, 0x200);
        m.write32(0x6FF0 - 8, USER_CS);
        m.write32(0x6FF0 - 4, Cpu.FLAG_IOPL | Cpu.FLAG_IF | Cpu.FLAG_ZF);
        cpu.reg[Cpu.ESP] = 0x6FF0 - 12;
        cpu.interrupts.iret(true);
        assertEquals(Cpu.FLAG_ZF | 2, cpu.getEflags());
        assertEquals(0x200, cpu.eip);
    }

    @Test
    void softwareInterruptThroughRingZeroGateIsGeneralProtection() {
        m.interruptGate(0x81, 0, 0x5000);
        m.enterUserMode(0x1234, 0x6FF0);
        assertFault(CpuFault.GP, 0x81 * 8 + 2, () -> cpu.interrupts.deliver(0x81, false, 0, true, 0x1236));
        assertEquals(3, cpu.cpl, "nothing changed");
        assertEquals(0x6FF0, cpu.reg[Cpu.ESP]);
        assertEquals(USER_DS, cpu.segSelector[Cpu.SS]);
    }

    @Test
    void hardwareInterruptIgnoresGateDpl() {
        m.interruptGate(0x20, 0, 0x5100);
        m.enterUserMode(0x1234, 0x6FF0);
        cpu.interrupts.deliver(0x20, false, 0, false, 0x1234);
        assertEquals(0x5100, cpu.eip);
        assertEquals(0, cpu.cpl);
    }

    @Test
    void faultWithErrorCodeInRingZeroStaysOnTheSameStack() {
        m.interruptGate(CpuFault.GP, 0, 0x5200);
        cpu.eip = 0x4444;
        cpu.reg[Cpu.ESP] = 0x8000;
        cpu.interrupts.deliverFault(CpuFault.withCode(CpuFault.GP, 0x18));
        assertEquals(0x8000 - 16, cpu.reg[Cpu.ESP]);
        assertEquals(0x18, stackWord(0));
        assertEquals(0x4444, stackWord(1));
        assertEquals(KERNEL_CS, stackWord(2));
        assertEquals(Cpu.FLAG_RF, stackWord(3) & Cpu.FLAG_RF, "a fault's frame has RF set (SDM 17.3.1.1)");
        assertEquals(0x5200, cpu.eip);
        assertEquals(0, cpu.getEflags() & Cpu.FLAG_RF, "the handler itself runs with RF clear");
    }

    @Test
    void trapGateKeepsInterruptsEnabled() {
        m.gate(TestMachine.IDT, 3, 0xF, 3, KERNEL_CS, 0x5300, 0);
        cpu.setEflags(Cpu.FLAG_IF | Cpu.FLAG_TF);
        cpu.interrupts.deliver(CpuFault.BP, false, 0, true, 0x10);
        assertTrue((cpu.getEflags() & Cpu.FLAG_IF) != 0);
        assertEquals(0, cpu.getEflags() & Cpu.FLAG_TF, "TF is cleared");
    }

    @Test
    void sixteenBitGatePushesWords() {
        m.gate(TestMachine.IDT, 0x40, 0x6, 0, KERNEL_CS, 0x5400, 0);
        cpu.reg[Cpu.ESP] = 0x8000;
        cpu.interrupts.deliver(0x40, false, 0, false, 0xABCD);
        assertEquals(0x8000 - 6, cpu.reg[Cpu.ESP]);
        assertEquals(0xABCD, m.memory.read16(0x8000 - 6));
        assertEquals(KERNEL_CS, m.memory.read16(0x8000 - 4));
    }

    @Test
    void faultWhileDeliveringAFaultIsADoubleFault() {
        // #GP's gate is not present: delivering #GP raises #NP, contributory after contributory = #DF.
        m.gate(TestMachine.IDT, CpuFault.GP, 0xE, 0, KERNEL_CS, 0x5000, 0);
        m.write32(TestMachine.IDT + CpuFault.GP * 8 + 4, m.read32(TestMachine.IDT + CpuFault.GP * 8 + 4) & ~0x8000);
        m.interruptGate(CpuFault.DF, 0, 0x5800);
        cpu.eip = 0x4000;
        cpu.reg[Cpu.ESP] = 0x8000;
        cpu.interrupts.deliverFault(CpuFault.withCode(CpuFault.GP, 0));
        assertEquals(0x5800, cpu.eip);
        assertEquals(0, stackWord(0), "#DF pushes error code 0");
        assertEquals(0x4000, stackWord(1));
        assertFalse(cpu.shutdown);
    }

    @Test
    void pageFaultsWhilePushingEveryFrameEndInATripleFault() {
        m.interruptGate(CpuFault.PF, 0, 0x5000);
        m.interruptGate(CpuFault.DF, 0, 0x5800);
        m.interruptGate(CpuFault.UD, 0, 0x5900);
        // Paging with the kernel stack page not present: any push faults.
        m.write32(0x10000, 0x11000 | 3);
        for (int i = 0; i < 1024; i++) {
            m.write32(0x11000 + i * 4, i == 8 ? 0 : i << 12 | 3);
        }
        cpu.sys.writeCr(3, 0x10000);
        cpu.sys.writeCr(0, cpu.cr0 | Cpu.CR0_PG);
        cpu.reg[Cpu.ESP] = 0x8FF0;
        cpu.interrupts.deliverFault(CpuFault.withoutCode(CpuFault.UD));
        // #UD is benign: its #PF is delivered instead, whose push faults again: #PF then #PF = #DF, which faults
        // too: triple fault.
        assertTrue(cpu.shutdown, "a fault while delivering #DF shuts the CPU down");
    }

    @Test
    void notPresentDoubleFaultHandlerIsATripleFault() {
        cpu.interrupts.deliverFault(CpuFault.withCode(CpuFault.GP, 0));
        assertTrue(cpu.shutdown);
    }

    @Test
    void benignFaultThenContributoryIsDeliveredSerially() {
        m.interruptGate(CpuFault.NP, 0, 0x5A00);
        m.write32(TestMachine.IDT + CpuFault.UD * 8 + 4, 0x0E00); // a 32-bit interrupt gate, not present
        cpu.reg[Cpu.ESP] = 0x8000;
        cpu.eip = 0x4000;
        // #UD's gate is not present: #NP(vector 6, IDT, EXT) is delivered in its place, not #DF.
        cpu.interrupts.deliverFault(CpuFault.withoutCode(CpuFault.UD));
        assertFalse(cpu.shutdown);
        assertEquals(0x5A00, cpu.eip);
        assertEquals(CpuFault.UD * 8 + 2 + 1, stackWord(0));
        assertEquals(0x4000, stackWord(1));
    }

    @Test
    void realModeInterruptUsesTheIvt() {
        TestMachine real = new TestMachine();
        Cpu c = real.cpu;
        real.memory.write16(0x21 * 4, 0x0100);
        real.memory.write16(0x21 * 4 + 2, 0x2000);
        c.segments.loadRealMode(Cpu.CS, 0x1000);
        c.segments.loadRealMode(Cpu.SS, 0x3000);
        c.reg[Cpu.ESP] = 0x100;
        c.setEflags(Cpu.FLAG_IF | Cpu.FLAG_ZF);
        c.interrupts.deliver(0x21, false, 0, true, 0x0055);
        assertEquals(0x2000, c.segSelector[Cpu.CS]);
        assertEquals(0x20000, c.segBase[Cpu.CS]);
        assertEquals(0x100, c.eip);
        assertEquals(0xFA, c.reg[Cpu.ESP]);
        assertEquals(0x0055, real.memory.read16(0x300FA));
        assertEquals(0x1000, real.memory.read16(0x300FC));
        assertEquals(Cpu.FLAG_IF | Cpu.FLAG_ZF | 2, real.memory.read16(0x300FE));
        assertEquals(0, c.getEflags() & Cpu.FLAG_IF);
        c.interrupts.iret(false);
        assertEquals(0x1000, c.segSelector[Cpu.CS]);
        assertEquals(0x55, c.eip);
        assertEquals(0x100, c.reg[Cpu.ESP]);
        assertEquals(Cpu.FLAG_IF | Cpu.FLAG_ZF | 2, c.getEflags());
    }

    @Test
    void virtual8086RoundTrip() {
        m.interruptGate(CpuFault.GP, 0, 0x5000);
        // Build the IRETD frame that enters virtual-8086 mode.
        int[] frame = {0x0010, 0x2000, Cpu.FLAG_VM | Cpu.FLAG_IF | 2, 0x0FFE, 0x3000, 0x4000, 0x5000, 0x6000, 0x7000};
        int sp = 0x8000 - frame.length * 4;
        for (int i = 0; i < frame.length; i++) {
            m.write32(sp + i * 4, frame[i]);
        }
        cpu.reg[Cpu.ESP] = sp;
        cpu.interrupts.iret(true);
        assertEquals(3, cpu.cpl);
        assertTrue((cpu.getEflags() & Cpu.FLAG_VM) != 0);
        assertEquals(0x20000, cpu.segBase[Cpu.CS]);
        assertEquals(0x10, cpu.eip);
        assertEquals(0x30000, cpu.segBase[Cpu.SS]);
        assertEquals(0x0FFE, cpu.reg[Cpu.ESP]);
        assertEquals(0x50000, cpu.segBase[Cpu.DS]);
        assertEquals(0x70000, cpu.segBase[Cpu.GS]);

        // INT n in v86 with IOPL 0 is #GP(0); the monitor gets it with the v86 segments on its stack.
        assertFault(CpuFault.GP, 0, () -> cpu.interrupts.deliver(0x21, false, 0, true, 0x12));
        cpu.interrupts.deliverFault(CpuFault.withCode(CpuFault.GP, 0));
        assertEquals(0, cpu.cpl);
        assertEquals(0, cpu.getEflags() & Cpu.FLAG_VM);
        assertEquals(KERNEL_STACK_TOP - 40, cpu.reg[Cpu.ESP]);
        assertEquals(0, stackWord(0), "error code");
        assertEquals(0x10, stackWord(1));
        assertEquals(0x2000, stackWord(2));
        assertEquals(0x0FFE, stackWord(4));
        assertEquals(0x3000, stackWord(5));
        assertEquals(0x4000, stackWord(6), "ES");
        assertEquals(0x7000, stackWord(9), "GS");
        assertEquals(0, cpu.segSelector[Cpu.DS], "data segments are nulled in the handler");
    }
}
