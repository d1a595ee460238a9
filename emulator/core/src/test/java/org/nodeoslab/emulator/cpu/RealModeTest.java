package org.nodeoslab.emulator.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.nodeoslab.emulator.cpu.Cpu.EAX;
import static org.nodeoslab.emulator.cpu.Cpu.EBX;
import static org.nodeoslab.emulator.cpu.Cpu.ECX;
import static org.nodeoslab.emulator.cpu.Cpu.EDX;
import static org.nodeoslab.emulator.cpu.Cpu.ESI;
import static org.nodeoslab.emulator.cpu.Cpu.ESP;

import org.junit.jupiter.api.Test;

/** 16-bit code in real mode: 16-bit addressing forms, segment arithmetic, and 32-bit forms through prefixes. */
class RealModeTest {
    @Test
    void resetStateIsRealModeAtTheTopOfMemory() {
        GuestMachine m = new GuestMachine();
        assertEquals(0xF000, m.cpu.segSelector[Cpu.CS]);
        assertEquals(0xFFFF0000, m.cpu.segBase[Cpu.CS]);
        assertEquals(0xFFF0, m.cpu.eip);
        assertEquals(0x2, m.cpu.getEflags());
        assertEquals(0, m.cpu.cr0 & Cpu.CR0_PE);
    }

    @Test
    void sixteenBitAddressingModes() {
        GuestMachine m = GuestMachine.real16("mov bx, table\nmov si, 4\nmov ax, [bx+si]\nmov bp, table\n"
                + "mov di, 2\nmov cx, [bx+di+4]\nmov dx, [table+2]\nmov sp, 0x7000\nhlt\n"
                + "table: dw 0x1111, 0x2222, 0x3333, 0x4444");
        m.run();
        assertEquals(0x3333, m.reg(EAX) & 0xFFFF);
        assertEquals(0x4444, m.reg(ECX) & 0xFFFF);
        assertEquals(0x2222, m.reg(EDX) & 0xFFFF);
    }

    @Test
    void segmentRegistersShiftByFour() {
        GuestMachine m = GuestMachine.real16("mov ax, 0x2000\nmov ds, ax\nmov word [0x10], 0xBEEF\n"
                + "mov ax, 0x2001\nmov es, ax\nmov bx, [es:0]\nhlt");
        m.run();
        assertEquals(0xBEEF, m.memory.read16(0x20010));
        assertEquals(0xBEEF, m.reg(EBX) & 0xFFFF);
    }

    @Test
    void thirtyTwoBitOperationsThroughPrefixes() {
        GuestMachine m = GuestMachine.real16("mov eax, 0x12345678\nmov ebx, 0x10\nmov ecx, 3\n"
                + "mov [ebx+ecx*4], eax\nmov esi, [0x1C]\nimul esi, ecx\nhlt");
        m.run();
        assertEquals(0x12345678, m.memory.read32(0x1C));
        assertEquals(0x12345678 * 3, m.reg(ESI));
    }

    @Test
    void stackCallsAndStringsUseSixteenBitRegisters() {
        GuestMachine m = GuestMachine.real16("xor dx, dx\nmov ax, 0x1000\nmov es, ax\nxor di, di\nmov cx, 5\nmov al, 'x'\n"
                + "rep stosb\ncall f\nmov cx, 3\nl: inc dx\nloop l\nhlt\n"
                + "f: push bp\nmov bp, sp\nmov bx, [bp+2]\npop bp\nret");
        m.run();
        assertEquals('x', m.memory.read8(0x10004));
        assertEquals(0, m.memory.read8(0x10005));
        assertEquals(3, m.reg(EDX) & 0xFFFF);
        assertEquals(0x7000, m.reg(ESP));
        assertEquals(0, m.reg(ECX));
        int afterCall = m.reg(EBX) & 0xFFFF;
        assertEquals(true, afterCall > 0x7C00 && afterCall < 0x7C40, "return address " + afterCall);
    }
}
