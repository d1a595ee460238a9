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

    @Test
    void aFarJumpMovesTheCodeSegmentsBaseForItsOwnOperands() {
        // CS is 0 (base 0) and then 07C0 (base 7C00) after the far jump: a CS-relative read must add the new base
        // (the executor's memory accessors skip a base they know is 0; that knowledge must not outlive it).
        GuestMachine m = GuestMachine.real16("jmp 0x07C0:(there - 0x7C00)\n"
                + "there: mov ax, [cs:value - 0x7C00]\nhlt\nvalue: dw 0xCAFE");
        m.run();
        assertEquals(0x7C00, m.cpu.segBase[Cpu.CS]);
        assertEquals(0xCAFE, m.reg(EAX) & 0xFFFF);
    }

    @Test
    void anInterruptInRealModeMovesTheCodeSegmentsBase() {
        // INT 0x40 through a vector pointing at 07C0:handler: the handler's CS-relative read adds base 7C00.
        GuestMachine m = GuestMachine.real16("mov word [0x40 * 4], handler - 0x7C00\nmov word [0x40 * 4 + 2], 0x07C0\n"
                + "int 0x40\nhlt\nhandler: mov bx, [cs:value - 0x7C00]\niret\nvalue: dw 0xBEAD");
        m.run();
        assertEquals(0xBEAD, m.reg(EBX) & 0xFFFF);
    }

    @Test
    void aHardwareInterruptInRealModeMovesTheCodeSegmentsBase() {
        // IRQ vector 0x20 through 07C0:handler, taken between two instructions of code at CS 0: the handler's
        // CS-relative read adds base 7C00 (taking it loads CS in real mode and refreshes no mode: the accessors'
        // zero-base shortcut must follow the base write itself).
        GuestMachine m = GuestMachine.real16("mov word [0x20 * 4], handler - 0x7C00\nmov word [0x20 * 4 + 2], 0x07C0\n"
                + "xor bx, bx\nsti\nidle: cmp bx, 0\nje idle\nhlt\nhandler: mov bx, [cs:value - 0x7C00]\niret\n"
                + "value: dw 0xF00D");
        m.cpu.setInterruptController(new InterruptController() {
            private boolean raised;

            @Override
            public boolean hasInterrupt() {
                return !raised;
            }

            @Override
            public int acknowledge() {
                raised = true;
                return 0x20;
            }
        });
        m.run(10_000);
        assertEquals(0xF00D, m.reg(EBX) & 0xFFFF);
    }
}
