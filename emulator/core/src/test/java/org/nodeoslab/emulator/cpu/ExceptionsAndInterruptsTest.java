package org.nodeoslab.emulator.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nodeoslab.emulator.cpu.Cpu.EAX;
import static org.nodeoslab.emulator.cpu.Cpu.EBX;
import static org.nodeoslab.emulator.cpu.Cpu.ECX;
import static org.nodeoslab.emulator.cpu.Cpu.EDI;
import static org.nodeoslab.emulator.cpu.Cpu.EDX;
import static org.nodeoslab.emulator.cpu.Cpu.ESI;

import org.junit.jupiter.api.Test;

/**
 * Faults and traps raised by the executor (delivered through cpu-system's IDT code): the saved EIP points at the
 * faulting instruction for faults and after it for traps; REP string instructions restart after a page fault;
 * maskable interrupts respect IF and the STI shadow and wake HLT.
 */
class ExceptionsAndInterruptsTest {
    /** A handler that saves the EIP of its frame in EBX (and for faults with error code, the code in EDX). */
    private static final String SAVE_EIP = "mov ebx, [esp]\nhlt\n";

    private static GuestMachine run(String source) {
        return GuestMachine.flat32(source).run(100_000);
    }

    @Test
    void undefinedOpcodesRaiseInvalidOpcodeAtTheInstruction() {
        for (String bytes : new String[] {"0x0F, 0xFF", "0x0F, 0x0B", "0xFE, 0xF8", "0x8F, 0xC8", "0x0F, 0xA6",
            "0xC4, 0xC0", "0x8D, 0xC0", "0x0F, 0xC7, 0xC8", "0xF0, 0x90", "0xF0, 0x01, 0xC0", "0x63, 0xC0",
            "0x8E, 0xC8", "0x0F, 0x01, 0xE8"}) {
            GuestMachine m = run("gate 6, h\nbad: db " + bytes + "\nmov ebx, 0\nhlt\nh: mov esi, bad\n" + SAVE_EIP);
            assertEquals(m.reg(ESI), m.reg(EBX), "#UD for " + bytes);
        }
    }

    @Test
    void lockIsAcceptedOnReadModifyWriteMemoryForms() {
        GuestMachine m = run("gate 6, h\nlock add [v], eax\nlock inc dword [v]\nlock xchg [v], eax\n"
                + "lock bts dword [v], 3\nmov ebx, 1\nhlt\nh: mov ebx, 2\nhlt\nv: dd 0");
        assertEquals(1, m.reg(EBX));
    }

    @Test
    void divideErrorsFault() {
        String[] programs = {"xor ecx, ecx\nbad: div ecx", "mov edx, 5\nmov ecx, 5\nbad: div ecx",
            "mov eax, 0x80000000\ncdq\nmov ecx, -1\nbad: idiv ecx", "mov ax, 0x8000\ncwd\nmov cx, -1\nbad: idiv cx",
            "bad: aam 0", "mov ax, 0x1000\nmov cl, 0x10\nbad: div cl"};
        for (String p : programs) {
            GuestMachine m = run("gate 0, h\n" + p + "\nmov ebx, 0\nhlt\nh: mov esi, bad\n" + SAVE_EIP);
            assertEquals(m.reg(ESI), m.reg(EBX), "#DE for " + p);
        }
    }

    @Test
    void boundRaisesBoundRangeExceeded() {
        GuestMachine m = run("gate 5, h\nmov eax, 11\nbound eax, [limits]\nmov eax, 12\nbad: bound eax, [limits]\n"
                + "hlt\nh: mov esi, bad\n" + SAVE_EIP + "limits: dd -5, 11");
        assertEquals(m.reg(ESI), m.reg(EBX));
    }

    @Test
    void softwareInterruptsReturnAfterTheInstruction() {
        GuestMachine m = run("gate 3, h3\ngate 4, h4\ngate 0x80, h80\nxor edi, edi\nint3\nmov eax, 0x7fffffff\n"
                + "add eax, 1\ninto\nint 0x80\nhlt\n"
                + "h3: add edi, 1\niret\nh4: add edi, 10\niret\nh80: add edi, 100\niret");
        assertEquals(111, m.reg(EDI));
    }

    @Test
    void resumeFlagLastsOneInstructionAfterIret() {
        GuestMachine m = run("gate 0x80, h80\ngate 0x81, h81\nint 0x80\nnop\nint 0x81\nhlt\n"
                + "h80: or dword [esp+8], 0x10000\niret\n"
                + "h81: mov ebx, [esp+8]\niret");
        assertEquals(0, m.reg(EBX) & Cpu.FLAG_RF, "RF was cleared when the NOP after the IRET completed");
        assertEquals(0, m.cpu.getEflags() & Cpu.FLAG_RF);
    }

    @Test
    void repMovsRestartsAfterAPageFaultInTheMiddle() {
        // Identity-map 4 MiB with 4 KiB pages, except the pages at 0x41000 (source) and 0x52000 (destination),
        // which the #PF handler maps in when the string reaches them.
        GuestMachine m = GuestMachine.flat32("gate 14, pf\nmov esi, 0x40800\nmov edi, 0x51C00\nmov ecx, 0x1000\n"
                + "cld\nrep movsb\nhlt\n"
                + "pf: inc ebp\nmov eax, cr2\nmov edx, eax\nshr eax, 12\nor dword [0x300000 + eax*4], 1\n"
                + "invlpg [edx]\nadd esp, 4\niret");
        for (int i = 0; i < 1024; i++) {
            m.memory.write32(0x300000 + 4 * i, (i << 12) | (i == 0x41 || i == 0x52 ? 0x6 : 0x7));
        }
        m.memory.write32(0x200000, 0x300000 | 7);
        for (int i = 0; i < 0x1000; i++) {
            m.memory.write8(0x40800 + i, i * 7);
        }
        m.cpu.reg[Cpu.EBP] = 0;
        m.cpu.sys.writeCr(3, 0x200000);
        m.cpu.sys.writeCr(0, m.cpu.cr0 | Cpu.CR0_PG);
        m.run(1_000_000);
        assertEquals(2, m.reg(Cpu.EBP), "one fault on the source page and one on the destination page");
        assertEquals(0x41000, m.cpu.cr2, "the second fault: the source reached its missing page");
        assertEquals(0, m.reg(ECX));
        for (int i = 0; i < 0x1000; i++) {
            assertEquals((i * 7) & 0xFF, m.memory.read8(0x51C00 + i), "byte " + i);
        }
    }

    /** An interrupt controller with one pending vector, raised when the test says. */
    private static final class OneInterrupt implements InterruptController {
        boolean pending;
        int acknowledged;

        @Override
        public boolean hasInterrupt() {
            return pending;
        }

        @Override
        public int acknowledge() {
            pending = false;
            acknowledged++;
            return 0x20;
        }
    }

    @Test
    void maskableInterruptWaitsForIfAndTheStiShadowAndWakesHlt() {
        GuestMachine m = GuestMachine.flat32("gate 0x20, irq\ncli\nmov ecx, 50\nl: dec ecx\njnz l\n"
                + "sti\nmov eax, 1\nmov eax, 2\nhlt\nmov edx, 7\nhlt\n"
                + "irq: mov ebx, eax\nmov esi, [esp]\niret");
        OneInterrupt pic = new OneInterrupt();
        m.cpu.setInterruptController(pic);
        pic.pending = true;
        m.run(1000);
        assertEquals(1, pic.acknowledged);
        assertEquals(1, m.reg(EBX), "the instruction after STI runs before the interrupt");
        assertEquals(0, m.reg(ECX), "no interrupt while IF was clear");
        pic.pending = true;
        int before = m.cpu.eip;
        m.cpu.run(1000);
        assertEquals(2, pic.acknowledged, "HLT woken by the interrupt");
        assertEquals(before, m.reg(ESI), "the interrupt returns after HLT");
        assertEquals(7, m.reg(EDX));
    }

    @Test
    void realModeInterruptsAndFarJumps() {
        GuestMachine m = GuestMachine.real16("xor ax, ax\nmov ds, ax\nmov word [0x21*4], h\nmov word [0x21*4+2], 0\n"
                + "mov si, 1\nint 0x21\njmp 0x0000:far_target\nhlt\nfar_target: mov di, cs\nhlt\n"
                + "h: add si, 41\niret");
        m.run();
        assertEquals(42, m.reg(ESI) & 0xFFFF);
        assertEquals(0, m.reg(EDI) & 0xFFFF);
        assertTrue(m.cpu.eip > 0x7C00);
    }
}
