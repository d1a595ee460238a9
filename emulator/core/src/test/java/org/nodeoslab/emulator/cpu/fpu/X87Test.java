package org.nodeoslab.emulator.cpu.fpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.nodeoslab.emulator.cpu.Cpu;
import org.nodeoslab.emulator.cpu.CpuFault;

/** x87 behaviour beyond single results: stack faults, exceptions, control instructions, state images. */
class X87Test {
    private final FpuRig rig = new FpuRig();

    @Test
    void constantsRoundTheirHiddenBitsByRoundingControl() {
        rig.x87(0xD9, 0xEB); // FLDPI, round to nearest
        assertEquals("4000 c90fdaa22168c235", rig.storeTop());
        rig.fldcw(0x037F | 0x0400); // round down
        rig.x87(0xD9, 0xEB);
        assertEquals("4000 c90fdaa22168c234", rig.storeTop());
        rig.x87(0xD9, 0xE9); // FLDL2T rounds down to nearest, up only when rounding up
        assertEquals("4000 d49a784bcd1b8afe", rig.storeTop());
        rig.fldcw(0x037F | 0x0800);
        rig.x87(0xD9, 0xE9);
        assertEquals("4000 d49a784bcd1b8aff", rig.storeTop());
    }

    @Test
    void ninthPushIsAStackOverflowThatLoadsTheIndefinite() {
        for (int i = 0; i < 8; i++) {
            rig.x87(0xD9, 0xE8); // FLD1
        }
        assertEquals(0, rig.fsw() & 0x7F);
        rig.x87(0xD9, 0xEE); // FLDZ: overflow
        assertEquals(Fpu.FSW_IE | Fpu.FSW_SF | Fpu.FSW_C1, rig.fsw() & (0x7F | Fpu.FSW_C1));
        assertEquals("ffff c000000000000000", rig.storeTop());
    }

    @Test
    void popOfAnEmptyStackIsAnUnderflowStoringTheIndefinite() {
        rig.x87m(0xDD, 3, 0x3000); // FSTP m64 with nothing loaded
        assertEquals(0xFFF8000000000000L, rig.read64(0x3000));
        assertEquals(Fpu.FSW_IE | Fpu.FSW_SF, rig.fsw() & (0x7F | Fpu.FSW_C1));
    }

    @Test
    void unmaskedDivideByZeroRaisesMathFaultAtTheNextWaitingInstruction() {
        rig.fldcw(0x037F & ~Fpu.FSW_ZE);
        rig.x87(0xD9, 0xE8); // FLD1
        rig.x87(0xD9, 0xEE); // FLDZ
        rig.x87(0xDE, 0xF9); // FDIVP: 1/0, unmasked: nothing stored
        assertEquals(Fpu.FSW_ZE | Fpu.FSW_ES | Fpu.FSW_B, rig.fsw() & (0xFF | Fpu.FSW_B));
        CpuFault f = assertThrows(CpuFault.class, () -> rig.x87(0xD9, 0xE8));
        assertEquals(CpuFault.MF, f.vector);
        assertThrows(CpuFault.class, () -> rig.fpu.fwait());
        rig.x87(0xDB, 0xE2); // FNCLEX does not wait
        rig.fpu.fwait();
        assertEquals(0, rig.fsw() & 0xFF);
    }

    @Test
    void withoutNumericErrorTheFerrLineIsRaisedInstead() {
        boolean[] line = new boolean[1];
        rig.fpu.setFerrListener(asserted -> line[0] = asserted);
        rig.cpu.cr0 &= ~Cpu.CR0_NE;
        rig.fldcw(0x037F & ~Fpu.FSW_IE);
        rig.x87(0xD9, 0xE1); // FABS of an empty register: unmasked stack underflow
        rig.fpu.fwait();
        assertEquals(true, line[0]);
        rig.x87(0xDB, 0xE3);
        assertEquals(false, line[0]);
    }

    @Test
    void taskSwitchedAndEmulationBitsRaiseDeviceNotAvailable() {
        rig.cpu.cr0 |= Cpu.CR0_TS;
        assertEquals(CpuFault.NM, assertThrows(CpuFault.class, () -> rig.x87(0xD9, 0xE8)).vector);
        rig.fpu.fwait(); // WAIT ignores TS unless MP is set
        rig.cpu.cr0 |= Cpu.CR0_MP;
        assertEquals(CpuFault.NM, assertThrows(CpuFault.class, () -> rig.fpu.fwait()).vector);
        rig.cpu.cr0 &= ~(Cpu.CR0_TS | Cpu.CR0_MP);
        rig.cpu.cr0 |= Cpu.CR0_EM;
        assertEquals(CpuFault.NM, assertThrows(CpuFault.class, () -> rig.x87(0xDB, 0xE3)).vector);
    }

    @Test
    void fcomiSetsZeroParityCarryAndClearsTheOthers() {
        rig.cpu.setEflags(Cpu.FLAG_OF | Cpu.FLAG_SF | Cpu.FLAG_AF | Cpu.FLAG_IF);
        rig.x87(0xD9, 0xE8); // 1
        rig.x87(0xD9, 0xEE); // ST0 = 0, ST1 = 1
        rig.x87(0xDB, 0xF1); // FCOMI ST0, ST1: 0 < 1
        assertEquals(Cpu.FLAG_CF | Cpu.FLAG_IF | 2, rig.cpu.getEflags());
        rig.load(0x7FFF, 0xC000000000000000L); // QNaN
        rig.x87(0xDF, 0xE9); // FUCOMIP: unordered, no IE for a quiet NaN
        assertEquals(Cpu.FLAG_ZF | Cpu.FLAG_PF | Cpu.FLAG_CF | Cpu.FLAG_IF | 2, rig.cpu.getEflags());
        assertEquals(0, rig.fsw() & Fpu.FSW_IE);
    }

    @Test
    void fnstenvWritesTheProtectedModeLayoutAndMasksExceptions() {
        rig.x87(0xD9, 0xEB); // FLDPI
        rig.x87(0xD9, 0xE8); // FLD1
        rig.x87m(0xD9, 6, 0x3000);
        assertEquals(0xFFFF037F, rig.memory.read32(0x3000));
        assertEquals(0xFFFF3000, rig.memory.read32(0x3004));
        assertEquals(0xFFFF0FFF, rig.memory.read32(0x3008));
        assertEquals(0x01E80000, rig.memory.read32(0x3010) & 0xFFFF0000); // last opcode D9 E8
        rig.fpu.operand32 = false;
        rig.x87m(0xD9, 6, 0x3100);
        assertEquals(0x037F, rig.memory.read16(0x3100));
        assertEquals(0x0FFF, rig.memory.read16(0x3104));
    }

    @Test
    void fsaveAndFrstorRoundTripTheWholeStack() {
        rig.x87(0xD9, 0xEB);
        rig.x87(0xD9, 0xEA);
        rig.fldcw(0x0B7F);
        rig.x87m(0xDD, 6, 0x3000); // FNSAVE (then FNINIT)
        assertEquals(0x037F, rig.fpu.fcw);
        rig.x87m(0xDD, 4, 0x3000); // FRSTOR
        assertEquals(0x0B7F, rig.fpu.fcw);
        assertEquals("3fff b8aa3b295c17f0bc", rig.storeTop());
        assertEquals("4000 c90fdaa22168c235", rig.storeTop());
    }

    @Test
    void packedBcdLoadsAndStoresEighteenDigits() {
        rig.write64(0x3000, 0x3456789012345678L);
        rig.memory.write16(0x3008, 0x8012); // -123456789012345678
        rig.x87m(0xDF, 4, 0x3000); // FBLD
        rig.x87m(0xDF, 6, 0x3010); // FBSTP
        assertEquals(0x3456789012345678L, rig.read64(0x3010));
        assertEquals(0x8012, rig.memory.read16(0x3018));
        rig.load(0x403F, 0x8000000000000000L); // 2^64: too large for 18 digits
        rig.x87m(0xDF, 6, 0x3020);
        assertEquals(0xC000000000000000L, rig.read64(0x3020));
        assertEquals(0xFFFF, rig.memory.read16(0x3028));
    }

    @Test
    void fxsaveImageRestoresRegistersControlAndMxcsr() {
        rig.x87(0xD9, 0xEB);
        rig.fpu.mxcsr = 0x1FA0;
        rig.fpu.fxsave(0x4000);
        assertEquals(0x037F, rig.memory.read16(0x4000));
        assertEquals(0x80, rig.memory.read8(0x4004)); // abridged tag: physical register 7 valid
        assertEquals(0xC90FDAA22168C235L, rig.read64(0x4020));
        rig.x87(0xDB, 0xE3);
        rig.fpu.mxcsr = 0x1F80;
        rig.fpu.fxrstor(0x4000);
        assertEquals(0x1FA0, rig.fpu.mxcsr);
        assertEquals("4000 c90fdaa22168c235", rig.storeTop());
        assertEquals(CpuFault.GP, assertThrows(CpuFault.class, () -> rig.fpu.fxsave(0x4008)).vector);
    }
}
