package org.nodeoslab.emulator.difftest;

import org.nodeoslab.emulator.bus.IoBus;
import org.nodeoslab.emulator.bus.PhysicalMemory;
import org.nodeoslab.emulator.cpu.Cpu;

/**
 * Runs a {@link TestProgram}'s cases in the emulator the way Linux runs the host process: flat 32-bit protected
 * mode with paging, the case at CPL 3 with IOPL 0 and IF = 1, exceptions through an IDT whose gates are DPL 0
 * except #BP and #OF (as Linux's), taken on a ring-0 stack from the TSS and ending in one HLT per vector. The
 * image is loaded at its ELF address on user pages; the tables and stubs below 1 MiB are on supervisor pages.
 * Each case starts with the host's registers, EFLAGS and window and runs one instruction at a time until EIP
 * reaches EXIT0/EXIT1 or a vector's HLT.
 */
final class EmulatorRunner {
    /** Enough for any case: REP over at most 8 elements, ENTER with 32 levels. */
    private static final int STEP_LIMIT = 1000;
    private static final int KERNEL_CODE = 0x08, KERNEL_DATA = 0x10, TSS_SELECTOR = 0x18, GDT_ENTRIES = 32;
    /** The host's selectors (ES CS SS DS FS GS): the user segments sit at the host's GDT indices. */
    private final int[] userSelectors = HostSelectors.get();
    private static final int TSS = 0x3000, PAGE_DIRECTORY = 0x4000, PAGE_TABLE = 0x5000, RING0_STACK_TOP = 0x9000;

    private final PhysicalMemory memory;
    private final Cpu cpu;

    EmulatorRunner(TestProgram program) {
        int ramSize = (Layout.ORG + program.image.length + 0xFFFF) & ~0xFFF;
        if (ramSize > 4 << 20) {
            throw new IllegalStateException("test program too large for one page table: " + program.image.length);
        }
        memory = new PhysicalMemory(ramSize);
        memory.load(Layout.ORG, program.image, 0, program.image.length);
        cpu = new Cpu(memory, new IoBus());
        buildSystemTables(ramSize);
        cpu.gdtrBase = Layout.GDT;
        cpu.gdtrLimit = GDT_ENTRIES * 8 - 1;
        cpu.idtrBase = Layout.IDT;
        cpu.idtrLimit = 256 * 8 - 1;
        cpu.trSelector = TSS_SELECTOR;
        cpu.trBase = TSS;
        cpu.trLimit = 0x67; // with the map base at 0x68, IN/OUT at IOPL 0 raise #GP, as on the host
        cpu.trAccess = 0x8B00;
        cpu.cr3 = PAGE_DIRECTORY;
        // As Linux sets them up for the host process: paging, WP, x87 errors native, SSE enabled.
        cpu.cr0 = Cpu.CR0_PE | Cpu.CR0_MP | Cpu.CR0_ET | Cpu.CR0_NE | Cpu.CR0_WP | Cpu.CR0_PG;
        cpu.cr4 = Cpu.CR4_OSFXSR | Cpu.CR4_OSXMMEXCPT;
        cpu.mmu.flushTlb(true);
    }

    private void buildSystemTables(int ramSize) {
        descriptor(KERNEL_CODE, 0x00CF9B00);
        descriptor(KERNEL_DATA, 0x00CF9300);
        int code = userSelectors[Cpu.CS] & ~7, data = userSelectors[Cpu.DS] & ~7;
        if (code < 0x20 || data < 0x20 || code >= GDT_ENTRIES * 8 || data >= GDT_ENTRIES * 8 || code == data) {
            throw new IllegalStateException("host selectors CS " + Integer.toHexString(userSelectors[Cpu.CS])
                    + " DS " + Integer.toHexString(userSelectors[Cpu.DS]) + " collide with the emulator's GDT layout");
        }
        descriptor(code, 0x00CFFB00);
        descriptor(data, 0x00CFF300);
        memory.write32(Layout.GDT + TSS_SELECTOR, (TSS << 16) | 0x67);
        memory.write32(Layout.GDT + TSS_SELECTOR + 4, 0x00008B00);
        memory.write32(TSS + 4, RING0_STACK_TOP);
        memory.write32(TSS + 8, KERNEL_DATA);
        memory.write16(TSS + 0x66, 0x68); // I/O map base beyond the limit: no permission bitmap
        for (int v = 0; v < 256; v++) {
            int stub = Layout.VECTOR_STUBS + v * Layout.STUB_SIZE;
            memory.write8(stub, 0xF4); // HLT
            int gate = Layout.IDT + v * 8;
            int dpl = v == 3 || v == 4 ? 0x6000 : 0; // INT3 and INTO may be used from ring 3, as under Linux
            memory.write32(gate, (KERNEL_CODE << 16) | (stub & 0xFFFF));
            memory.write32(gate + 4, (stub & 0xFFFF0000) | 0x8E00 | dpl);
        }
        memory.write32(PAGE_DIRECTORY, PAGE_TABLE | 0x7);
        for (int page = 0; page < ramSize >>> 12; page++) {
            boolean user = page << 12 >= Layout.ORG;
            memory.write32(PAGE_TABLE + page * 4, page << 12 | (user ? 0x7 : 0x3));
        }
    }

    private void descriptor(int selector, int high) {
        memory.write32(Layout.GDT + (selector & ~7), 0x0000FFFF);
        memory.write32(Layout.GDT + (selector & ~7) + 4, high);
    }

    private void enterUserMode() {
        cpu.cpl = 3;
        for (int s = 0; s < 6; s++) {
            int selector = userSelectors[s];
            cpu.segSelector[s] = selector;
            cpu.segBase[s] = 0;
            // A null selector (FS, GS under Linux) leaves the register unusable.
            cpu.segLimit[s] = selector < 4 ? 0 : 0xFFFFFFFF;
            cpu.segAccess[s] = selector < 4 ? 0 : s == Cpu.CS ? 0x00C0FB00 : 0x00C0F300;
        }
        cpu.halted = false;
        cpu.shutdown = false;
        cpu.modeChanged();
    }

    Outcome run(TestProgram program, int index) {
        TestCase c = program.cases.get(index);
        Outcome out = new Outcome();
        int win = Layout.W;
        memory.load(win, c.window, 0, Layout.WINDOW);
        try {
            enterUserMode();
            System.arraycopy(c.regs, 0, cpu.reg, 0, 8);
            // IF = 1 and IOPL = 0 as on the host; no interrupt controller is attached.
            cpu.setEflags(c.eflags | Cpu.FLAG_IF | 2);
            cpu.eip = program.start[index];
            int steps = 0;
            while (true) {
                int eip = cpu.eip;
                if (eip == Layout.EXIT0 || eip == Layout.EXIT1) {
                    out.exit = eip == Layout.EXIT0 ? 0 : 1;
                    System.arraycopy(cpu.reg, 0, out.regs, 0, 8);
                    System.arraycopy(cpu.segSelector, 0, out.selectors, 0, 6);
                    out.eflags = cpu.getEflags();
                    break;
                }
                if (steps++ == STEP_LIMIT) {
                    out.exit = -1;
                    out.error = "did not reach an exit in " + STEP_LIMIT + " instructions (EIP " + Hex.word8(eip) + ")";
                    break;
                }
                cpu.run(1);
                int vector = vectorOfStub(cpu.eip);
                if (vector < 0 && cpu.halted) {
                    vector = vectorOfStub(cpu.eip - 1); // the CPU went on to execute the stub's HLT
                }
                if (vector >= 0) {
                    recordFault(out, vector);
                    break;
                }
                if (cpu.halted || cpu.shutdown) {
                    out.exit = -1;
                    out.error = (cpu.shutdown ? "shutdown (triple fault)" : "halted") + " at EIP " + Hex.word8(cpu.eip);
                    break;
                }
            }
        } catch (RuntimeException | StackOverflowError e) {
            out.exit = -1;
            out.error = e.toString();
        }
        memory.copyOut(win, out.window, 0, Layout.WINDOW);
        return out;
    }

    /** The vector whose HLT stub starts at this address, or -1. */
    private static int vectorOfStub(int eip) {
        int offset = eip - Layout.VECTOR_STUBS;
        return offset >= 0 && offset < 256 * Layout.STUB_SIZE && offset % Layout.STUB_SIZE == 0
                ? offset / Layout.STUB_SIZE : -1;
    }

    /**
     * Reads the ring-0 interrupt frame the fault pushed: [error code,] EIP, CS, EFLAGS, ESP, SS; DS, ES, FS and GS
     * still hold the faulting context's selectors.
     */
    private void recordFault(Outcome out, int vector) {
        int esp = cpu.reg[Cpu.ESP];
        if (Outcome.hasErrorCode(vector)) {
            out.errorCode = cpu.mmu.readSupervisor32(esp);
            esp += 4;
        }
        out.exit = -1;
        out.vector = vector;
        out.faultEip = cpu.mmu.readSupervisor32(esp);
        out.eflags = cpu.mmu.readSupervisor32(esp + 8);
        System.arraycopy(cpu.reg, 0, out.regs, 0, 8);
        out.regs[Cpu.ESP] = cpu.mmu.readSupervisor32(esp + 12);
        System.arraycopy(cpu.segSelector, 0, out.selectors, 0, 6);
        out.selectors[Cpu.CS] = cpu.mmu.readSupervisor32(esp + 4) & 0xFFFF;
        out.selectors[Cpu.SS] = cpu.mmu.readSupervisor32(esp + 16) & 0xFFFF;
    }
}
