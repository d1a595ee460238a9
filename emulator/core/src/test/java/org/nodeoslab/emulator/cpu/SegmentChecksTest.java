package org.nodeoslab.emulator.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.nodeoslab.emulator.cpu.Cpu.EAX;
import static org.nodeoslab.emulator.cpu.Cpu.EBX;
import static org.nodeoslab.emulator.cpu.Cpu.ECX;
import static org.nodeoslab.emulator.cpu.Cpu.EDX;
import static org.nodeoslab.emulator.cpu.Cpu.ESI;

import org.junit.jupiter.api.Test;

/**
 * Protected-mode segment checks made by the executor on every data access that is not through a flat segment:
 * limits (normal and expand-down), read-only and execute-only types, null selectors, and #SS for the stack.
 */
class SegmentChecksTest {
    /** Extra GDT entries after GuestMachine's five, from selector 0x28 on. */
    private static final int[] EXTRA_DESCRIPTORS = {
        0x00000FFF, 0x00409200, // 0x28: read/write data, base 0, limit 0xFFF
        0x00000FFF, 0x00409600, // 0x30: expand-down read/write data, limit 0xFFF, B=1 (valid 0x1000..4G-1)
        0x0000FFFF, 0x00CF9000, // 0x38: read-only data, flat
        0x0000FFFF, 0x004F9200, // 0x40: read/write data, limit 0xFFFFF (a stack)
    };

    /** Runs {@code body} (which marks the faulting instruction with the label {@code bad}) with #GP and #SS caught. */
    private static GuestMachine run(String body) {
        GuestMachine m = GuestMachine.flat32("gate 13, on_gp\ngate 12, on_ss\nxor edx, edx\n" + body + "\nmov ebx, 0\nhlt\n"
                + "on_gp: mov edx, 13\njmp report\non_ss: mov edx, 12\n"
                + "report: mov ebx, [esp+4]\nmov esi, bad\nmov ecx, [esp]\nhlt\n");
        for (int i = 0; i < EXTRA_DESCRIPTORS.length; i++) {
            m.memory.write32(GuestMachine.GDT + 0x28 + 4 * i, EXTRA_DESCRIPTORS[i]);
        }
        m.cpu.gdtrLimit = 0x28 + EXTRA_DESCRIPTORS.length * 4 - 1;
        return m.run(10_000);
    }

    private static void assertFault(GuestMachine m, int vector) {
        assertEquals(vector, m.reg(EDX), "exception vector");
        assertEquals(m.reg(ESI), m.reg(EBX), "the saved EIP is the faulting instruction");
        assertEquals(0, m.reg(ECX), "error code 0");
    }

    @Test
    void accessesWithinTheLimitWork() {
        GuestMachine m = run("mov ax, 0x28\nmov ds, ax\nmov dword [0xFFC], 0x1234\nmov eax, [0xFFC]\nbad: nop");
        assertEquals(0x1234, m.reg(EAX));
        assertEquals(0, m.reg(EDX));
    }

    @Test
    void accessCrossingTheLimitFaults() {
        assertFault(run("mov ax, 0x28\nmov ds, ax\nbad: mov eax, [0xFFD]"), 13);
    }

    @Test
    void expandDownSegmentAcceptsOnlyOffsetsAboveTheLimit() {
        GuestMachine ok = run("mov ax, 0x30\nmov es, ax\nmov dword [es:0x2000], 7\nmov eax, [es:0x2000]\nbad: nop");
        assertEquals(7, ok.reg(EAX));
        assertEquals(0, ok.reg(EDX));
        assertFault(run("mov ax, 0x30\nmov es, ax\nbad: mov eax, [es:0x800]"), 13);
    }

    @Test
    void writesToReadOnlyDataAndCodeFault() {
        assertFault(run("mov ax, 0x38\nmov fs, ax\nmov eax, [fs:0x100]\nbad: mov [fs:0x100], eax"), 13);
        assertFault(run("bad: mov [cs:0x100], eax"), 13);
    }

    @Test
    void readingCodeThroughCsWorks() {
        GuestMachine m = run("mov eax, [cs:" + GuestMachine.LOAD_ADDRESS + "]\nbad: nop");
        assertEquals(0, m.reg(EDX));
        assertEquals(m.memory.read32(GuestMachine.LOAD_ADDRESS), m.reg(EAX));
    }

    @Test
    void nullSelectorMakesTheRegisterUnusable() {
        assertFault(run("xor eax, eax\nmov gs, ax\nbad: mov eax, [gs:0]"), 13);
    }

    @Test
    void stackBeyondItsLimitRaisesStackFault() {
        assertFault(run("mov ax, 0x40\nmov ss, ax\nmov esp, 0x100000\npush eax\npop eax\nbad: mov eax, [esp]"), 12);
    }
}
