package org.nodeoslab.emulator.cpu.system;

import org.nodeoslab.emulator.bus.IoBus;
import org.nodeoslab.emulator.bus.PhysicalMemory;
import org.nodeoslab.emulator.cpu.Cpu;
import org.nodeoslab.emulator.cpu.CpuFault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A CPU over 16 MiB of RAM with helpers to lay out what system software would: a GDT (flat ring-0 and ring-3
 * segments, TSSs), an IDT, page tables. The system classes are driven by calling them directly, as the
 * executor does.
 */
final class TestMachine {
    static final int GDT = 0x1000, IDT = 0x2000, TSS = 0x3000, TSS2 = 0x3800, LDT = 0x4000;
    static final int KERNEL_CS = 0x08, KERNEL_DS = 0x10, USER_CS = 0x1B, USER_DS = 0x23, TSS_SEL = 0x28,
            TSS2_SEL = 0x30, LDT_SEL = 0x38;
    static final int KERNEL_STACK_TOP = 0x9000, USER_STACK_TOP = 0x7000;

    // Access bytes.
    static final int CODE0 = 0x9A, DATA0 = 0x92, CODE3 = 0xFA, DATA3 = 0xF2, TSS32 = 0x89, LDT_TYPE = 0x82;
    // Flags nibble: G and D/B.
    static final int FLAT = 0xC;

    final PhysicalMemory memory = new PhysicalMemory(16 << 20);
    final Cpu cpu = new Cpu(memory, new IoBus());

    TestMachine() {
        for (int seg = 0; seg < 6; seg++) {
            cpu.segments.resetRealMode(seg, 0, 0);
        }
        cpu.idtrLimit = 0x3FF;
    }

    int read32(int physical) {
        return memory.read32(physical);
    }

    void write32(int physical, int value) {
        memory.write32(physical, value);
    }

    /** A code/data/system descriptor in the GDT (or at any table address). */
    void descriptor(int table, int index, int base, int limit, int access, int flags) {
        int lo = (limit & 0xFFFF) | base << 16;
        int hi = (base >>> 16 & 0xFF) | access << 8 | (limit & 0xF0000) | flags << 20 | (base & 0xFF000000);
        write32(table + index * 8, lo);
        write32(table + index * 8 + 4, hi);
    }

    /** A gate (interrupt/trap/task/call) of the given type at a table address. */
    void gate(int table, int index, int type, int dpl, int selector, int offset, int parameterCount) {
        write32(table + index * 8, (offset & 0xFFFF) | selector << 16);
        write32(table + index * 8 + 4, (offset & 0xFFFF0000) | 0x8000 | dpl << 13 | type << 8 | parameterCount);
    }

    void interruptGate(int vector, int dpl, int offset) {
        gate(IDT, vector, 0xE, dpl, KERNEL_CS, offset, 0);
    }

    /**
     * Flat 32-bit protected mode at CPL 0: GDT with kernel/user code and data, a TSS whose SS0:ESP0 is the kernel
     * stack, an IDT (all entries not present until set).
     */
    void protectedMode() {
        descriptor(GDT, 1, 0, 0xFFFFF, CODE0, FLAT);
        descriptor(GDT, 2, 0, 0xFFFFF, DATA0, FLAT);
        descriptor(GDT, 3, 0, 0xFFFFF, CODE3, FLAT);
        descriptor(GDT, 4, 0, 0xFFFFF, DATA3, FLAT);
        descriptor(GDT, 5, TSS, 0x67 + 8192 / 8 + 1, TSS32, 0);
        cpu.gdtrBase = GDT;
        cpu.gdtrLimit = 0x7FF;
        cpu.idtrBase = IDT;
        cpu.idtrLimit = 0x7FF;
        write32(TSS + 4, KERNEL_STACK_TOP);
        write32(TSS + 8, KERNEL_DS);
        cpu.cr0 = Cpu.CR0_PE | Cpu.CR0_ET;
        cpu.cpl = 0;
        loadCode(KERNEL_CS);
        cpu.segments.load(Cpu.SS, KERNEL_DS);
        cpu.segments.load(Cpu.DS, KERNEL_DS);
        cpu.segments.load(Cpu.ES, KERNEL_DS);
        cpu.sys.ltr(TSS_SEL);
        cpu.reg[Cpu.ESP] = KERNEL_STACK_TOP;
    }

    /** Puts CS to a GDT code selector directly (as if a far jump had happened); CPL becomes its RPL. */
    void loadCode(int selector) {
        int index = selector & ~7;
        int lo = read32(GDT + index);
        int hi = read32(GDT + index + 4);
        cpu.segSelector[Cpu.CS] = selector;
        cpu.segBase[Cpu.CS] = (lo >>> 16) | (hi & 0xFF) << 16 | (hi & 0xFF000000);
        int limit = (lo & 0xFFFF) | (hi & 0xF0000);
        cpu.segLimit[Cpu.CS] = (hi & 0x800000) != 0 ? limit << 12 | 0xFFF : limit;
        cpu.segAccess[Cpu.CS] = hi & 0x00F0FF00;
        cpu.cpl = selector & 3;
    }

    /** Switches the flat machine to ring 3 (user code, data and stack), as a return to user mode would. */
    void enterUserMode(int eip, int esp) {
        loadCode(USER_CS);
        cpu.segments.load(Cpu.SS, USER_DS);
        cpu.segments.load(Cpu.DS, USER_DS);
        cpu.segments.load(Cpu.ES, USER_DS);
        cpu.eip = eip;
        cpu.reg[Cpu.ESP] = esp;
    }

    /** Asserts that the action raises the exception with the error code. */
    static CpuFault assertFault(int vector, int errorCode, Runnable action) {
        CpuFault f = assertThrows(CpuFault.class, action::run);
        assertEquals(vector, f.vector, "vector of " + f.getMessage());
        assertEquals(errorCode, f.errorCode, "error code of " + f.getMessage());
        return f;
    }
}
