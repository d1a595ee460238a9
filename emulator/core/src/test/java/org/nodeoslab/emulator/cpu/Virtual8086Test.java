package org.nodeoslab.emulator.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.nodeoslab.emulator.cpu.Cpu.EAX;
import static org.nodeoslab.emulator.cpu.Cpu.EBX;
import static org.nodeoslab.emulator.cpu.Cpu.ECX;

import org.junit.jupiter.api.Test;

/**
 * Virtual-8086 mode at IOPL 0: the IOPL-sensitive instructions (CLI, STI, PUSHF, POPF, INT n, IRET) and port I/O
 * without I/O bitmap permission raise #GP(0) to the protected-mode monitor, while ordinary 16-bit code runs with
 * real-mode addressing.
 */
class Virtual8086Test {
    private static final int TSS = 0x700;

    /** Enters v86 mode at 0200:0000 (linear 0x2000) running {@code v86Code}; #GP lands in a monitor that halts. */
    private static GuestMachine run(String v86Code) {
        GuestMachine m = GuestMachine.flat32("gate 13, on_gp\n"
                + "mov dword [" + (TSS + 4) + "], 0x70000\nmov dword [" + (TSS + 8) + "], 0x10\n"
                + "mov word [" + (TSS + 102) + "], 0x68\nmov ax, 0x28\nltr ax\n"
                + "push dword 0\npush dword 0\npush dword 0x300\npush dword 0\npush dword 0\npush dword 0x1000\n"
                + "push dword 0x20002\npush dword 0x200\npush dword 0\niret\n"
                + "on_gp: mov ebx, [esp+4]\nmov ecx, [esp]\nmov eax, 0x600D\nhlt\n"
                + "times 0x1000 - ($ - $$) db 0\nbits 16\n" + v86Code);
        m.memory.write32(GuestMachine.GDT + 0x28, 0x00000067 | TSS << 16);
        m.memory.write32(GuestMachine.GDT + 0x2C, 0x00008900);
        m.cpu.gdtrLimit = 0x2F;
        return m.run(10_000);
    }

    @Test
    void iopSensitiveInstructionsTrapToTheMonitor() {
        for (String insn : new String[] {"cli", "sti", "pushf", "popf", "int 0x21", "iret", "in al, 0x60",
            "out 0x80, al", "hlt"}) {
            GuestMachine m = run("nop\nmov ax, 1\n" + insn + "\nhlt");
            assertEquals(0x600D, m.reg(EAX) & 0xFFFF, insn + " reached the #GP monitor");
            assertEquals(4, m.reg(EBX), insn + ": the saved IP is the instruction's");
            assertEquals(0, m.reg(ECX), insn + ": error code 0");
        }
    }

    @Test
    void ordinaryCodeUsesRealModeAddressing() {
        GuestMachine m = run("mov ax, 0x1234\nmov [0x10], ax\nmov bx, [0x10]\nmov cx, ds\ncli");
        assertEquals(0x1234, m.memory.read16(0x3010), "DS=0x300: linear 0x3000 + 0x10");
        assertEquals(0x600D, m.reg(EAX) & 0xFFFF);
    }
}
