package org.nodeoslab.emulator.cpu.system;

import org.junit.jupiter.api.Test;
import org.nodeoslab.emulator.cpu.Cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Guest programs assembled with nasm and run by the whole CPU (executor and system architecture together). */
class GuestSystemTest {
    static final int RESULTS = 0x500;

    @Test
    void miniKernelGoesThroughPagingRingsSystemCallsAndADoubleFaultTask() {
        checkMiniKernel(new GuestProgram("mini-kernel.asm").run(100_000));
    }

    @Test
    void miniKernelWithPaePaging() {
        GuestProgram g = new GuestProgram("mini-kernel.asm", "PAE").run(100_000);
        assertEquals(Cpu.CR4_PAE, g.cpu.cr4 & Cpu.CR4_PAE);
        checkMiniKernel(g);
    }

    private static void checkMiniKernel(GuestProgram g) {
        Cpu cpu = g.cpu;
        assertFalse(cpu.shutdown, "no triple fault");
        assertEquals(0x500000, g.read32(RESULTS), "kernel #PF: CR2");
        assertEquals(0, g.read32(RESULTS + 0x04), "kernel #PF: not present, read, supervisor");
        assertEquals(0x1B, g.read32(RESULTS + 0x08), "the system call came from ring 3");
        assertEquals(0x1234, g.read32(RESULTS + 0x0C), "with EAX intact");
        assertEquals(0x300000, g.read32(RESULTS + 0x10), "user #PF: CR2");
        assertEquals(7, g.read32(RESULTS + 0x14), "user #PF: protection, write, user");
        assertEquals(0xC0FFEE, g.read32(RESULTS + 0x18), "back in the kernel after the exit call");
        assertEquals(0x81 * 8 + 2, g.read32(RESULTS + 0x1C), "INT 0x81 through a DPL 0 gate: #GP(IDT entry)");
        assertEquals(0x6020, g.read32(RESULTS + 0x20), "A after a read, A|D after a write");
        assertEquals(0xDF, g.read32(RESULTS + 0x24), "the double-fault task ran");
        assertEquals(0, g.read32(RESULTS + 0x28), "#DF error code 0 on the task's stack");
        assertEquals(0x28, g.read32(RESULTS + 0x2C) & 0xFFFF, "back link to the interrupted task");
        assertEquals(0x30, cpu.trSelector);
        assertTrue((cpu.getEflags() & Cpu.FLAG_NT) != 0);
    }

    @Test
    void exceptionWithAnEmptyIdtIsATripleFault() {
        GuestProgram g = new GuestProgram("triple-fault.asm").run(1_000);
        assertTrue(g.cpu.shutdown);
        assertEquals(0x600D, g.read32(RESULTS));
    }
}
