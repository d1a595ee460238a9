package org.nodeoslab.emulator.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * What the executor tells the FPU about the x87 instruction it runs: the operand size (layout of FNSTENV/FNSAVE),
 * the instruction's own address (FIP) and its memory operand's segment (FDS), as FNSTENV stores them.
 */
class X87EnvironmentTest {
    @Test
    void operandSizePrefixSelectsTheSixteenBitEnvironment() {
        GuestMachine m = GuestMachine.flat32("mov dword [0x300C], 0xAAAAAAAA\nfninit\nfld1\n"
                + "o16 fnstenv [0x3000]\nhlt").run(1000);
        assertEquals(0x037F, m.memory.read16(0x3000)); // FCW
        assertEquals(0xAAAA, m.memory.read16(0x300E), "a 16-bit environment is 14 bytes long");
    }

    @Test
    void savedInstructionPointerIsTheStartOfTheInstruction() {
        GuestMachine m = GuestMachine.flat32("fninit\nmov ax, 0x23\nmov fs, ax\nmov dword [0x3200], 0\n"
                + "last: fs fld dword [0x3200]\nfnstenv [0x3100]\nmov eax, last\n"
                + "o16 fnstenv [0x3000]\nhlt").run(1000);
        assertEquals(m.reg(Cpu.EAX), m.read32(0x310C), "FIP: the FLD's first byte (its prefix)");
        assertEquals(0x08, m.memory.read16(0x3110), "FCS");
        assertEquals(0x3200, m.read32(0x3114), "FDP");
        assertEquals(0x23, m.memory.read16(0x3118), "FDS: the segment the operand was read through");
        assertEquals(m.reg(Cpu.EAX) & 0xFFFF, m.memory.read16(0x3006), "16-bit FIP");
    }
}
