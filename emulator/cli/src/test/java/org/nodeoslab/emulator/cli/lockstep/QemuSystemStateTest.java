package org.nodeoslab.emulator.cli.lockstep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nodeoslab.emulator.bus.IoBus;
import org.nodeoslab.emulator.bus.PhysicalMemory;
import org.nodeoslab.emulator.cpu.Cpu;

class QemuSystemStateTest {
    /** QEMU 7.2's "info registers" at the kernel's 32-bit entry after -kernel (SeaBIOS linuxboot, setup code). */
    static final String AT_KERNEL_ENTRY = String.join("\n",
            "CPU#0",
            "EAX=00100000 EBX=00000000 ECX=00000000 EDX=00000000",
            "ESI=00014370 EDI=00000000 EBP=00000000 ESP=0001ff80",
            "EIP=00100000 EFL=00000046 [---Z-P-] CPL=0 II=0 A20=1 SMM=0 HLT=0",
            "ES =0018 00000000 ffffffff 00cf9300 DPL=0 DS   [-WA]",
            "CS =0010 00000000 ffffffff 00cf9b00 DPL=0 CS32 [-RA]",
            "SS =0018 00000000 ffffffff 00cf9300 DPL=0 DS   [-WA]",
            "DS =0018 00000000 ffffffff 00cf9300 DPL=0 DS   [-WA]",
            "FS =0018 00000000 ffffffff 00cf9300 DPL=0 DS   [-WA]",
            "GS =0018 00000000 ffffffff 00cf9300 DPL=0 DS   [-WA]",
            "LDT=0000 00000000 00000000 00008200 DPL=0 LDT",
            "TR =0020 00001000 00000067 00008900 DPL=0 TSS32-avl",
            "GDT=     00013f20 00000027",
            "IDT=     00000000 00000000",
            "CR0=00000011 CR2=00000000 CR3=00000000 CR4=00000000",
            "DR0=00000000 DR1=00000000 DR2=00000000 DR3=00000000 ",
            "DR6=ffff0ff0 DR7=00000400",
            "EFER=0000000000000000",
            "FCW=037f FSW=0000 [ST=0] FTW=00 MXCSR=00001f80");

    @Test
    void ourCpuTakesQemusStateAtTheKernelEntry() {
        Cpu cpu = new Cpu(new PhysicalMemory(16 << 20), new IoBus());
        cpu.fpu.fcw = 0x40; // the x87 control word after RESET, before the FNINIT QEMU's state has seen
        QemuSystemState.parse(AT_KERNEL_ENTRY).applyTo(cpu);
        assertEquals(0x100000, cpu.eip);
        assertEquals(0x100000, cpu.reg[Cpu.EAX]);
        assertEquals(0x14370, cpu.reg[Cpu.ESI]);
        assertEquals(0x1ff80, cpu.reg[Cpu.ESP]);
        assertEquals(0x46, cpu.getEflags());
        assertEquals(0x10, cpu.segSelector[Cpu.CS]);
        assertEquals(0xFFFFFFFF, cpu.segLimit[Cpu.CS]);
        assertEquals(0xC09B00, cpu.segAccess[Cpu.CS], "QEMU's limit bits 16..19 are not part of our access field");
        assertEquals(0xC09300, cpu.segAccess[Cpu.SS]);
        assertEquals(0x20, cpu.trSelector);
        assertEquals(0x1000, cpu.trBase);
        assertEquals(0x67, cpu.trLimit);
        assertEquals(0x13f20, cpu.gdtrBase);
        assertEquals(0x27, cpu.gdtrLimit);
        assertEquals(0x11, cpu.cr0);
        assertEquals(0x37F, cpu.fpu.fcw);
        assertEquals(0x1F80, cpu.fpu.mxcsr);
        // The copied state is one our CPU runs from: CLD at the entry, then CLI.
        cpu.memory.write8(0x100000, 0xFC);
        cpu.memory.write8(0x100001, 0xFA);
        cpu.run(2);
        assertEquals(0x100002, cpu.eip);
    }

    @Test
    void aTruncatedDumpIsAClearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> QemuSystemState.parse("CPU#0\nEAX=00100000 EBX=00000000"));
        assertTrue(e.getMessage().contains("EAX=00100000 EBX=00000000"), e.getMessage());
    }

    @Test
    void instructionsWithOutsideResultsAndRepStringsAreRecognized() {
        assertEquals(InstructionPeek.Kind.EXTERNAL_RESULT, kind(0x0F, 0xA2));
        assertEquals(InstructionPeek.Kind.EXTERNAL_RESULT, kind(0x0F, 0x31));
        assertEquals(InstructionPeek.Kind.EXTERNAL_RESULT, kind(0x66, 0xED));
        assertEquals(InstructionPeek.Kind.REP_STRING, kind(0xF3, 0xA5));
        assertEquals(InstructionPeek.Kind.ORDINARY, kind(0xA5));
        assertEquals(InstructionPeek.Kind.HALT, kind(0xF4));
        assertEquals(InstructionPeek.Kind.ORDINARY, kind(0x0F, 0x01, 0x15));
    }

    private static InstructionPeek.Kind kind(int... bytes) {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) bytes[i];
        }
        return InstructionPeek.classify(0, b).kind;
    }
}
