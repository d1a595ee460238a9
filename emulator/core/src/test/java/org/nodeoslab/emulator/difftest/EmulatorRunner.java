package org.nodeoslab.emulator.difftest;

import org.nodeoslab.emulator.bus.IoBus;
import org.nodeoslab.emulator.bus.PhysicalMemory;
import org.nodeoslab.emulator.cpu.Cpu;

/**
 * Runs a {@link TestProgram}'s cases in the emulator: the image is loaded at its ELF address, the CPU is put in
 * flat 32-bit protected mode at CPL 0 (a GDT with flat code and data, an IDT whose gates lead to one HLT per
 * vector), and each case starts with the same registers, EFLAGS and window as on the host and runs one
 * instruction at a time until EIP reaches EXIT0/EXIT1 or a vector's HLT.
 */
final class EmulatorRunner {
    /** Enough for any case: REP over at most 8 elements, ENTER with 32 levels. */
    private static final int STEP_LIMIT = 1000;
    private static final int CODE_SELECTOR = 0x08, DATA_SELECTOR = 0x10;

    private final PhysicalMemory memory;
    private final Cpu cpu;

    EmulatorRunner(TestProgram program) {
        int ramSize = (Layout.ORG + program.image.length + 0xFFFF) & ~0xFFF;
        memory = new PhysicalMemory(ramSize);
        memory.load(Layout.ORG, program.image, 0, program.image.length);
        cpu = new Cpu(memory, new IoBus());
        buildDescriptorTables();
    }

    private void buildDescriptorTables() {
        // GDT: null, flat 32-bit code (base 0, limit 4 GiB, DPL 0), flat 32-bit data.
        memory.write32(Layout.GDT + 8, 0x0000FFFF);
        memory.write32(Layout.GDT + 12, 0x00CF9B00);
        memory.write32(Layout.GDT + 16, 0x0000FFFF);
        memory.write32(Layout.GDT + 20, 0x00CF9300);
        for (int v = 0; v < 256; v++) {
            int stub = Layout.VECTOR_STUBS + v * Layout.STUB_SIZE;
            memory.write8(stub, 0xF4); // HLT
            int gate = Layout.IDT + v * 8;
            memory.write32(gate, (CODE_SELECTOR << 16) | (stub & 0xFFFF));
            memory.write32(gate + 4, (stub & 0xFFFF0000) | 0x8E00); // present 32-bit interrupt gate, DPL 0
        }
    }

    private void enterFlatProtectedMode() {
        cpu.gdtrBase = Layout.GDT;
        cpu.gdtrLimit = 23;
        cpu.idtrBase = Layout.IDT;
        cpu.idtrLimit = 256 * 8 - 1;
        // As Linux sets them up for the host process: x87 errors native, SSE enabled (for the FPU's snippets).
        cpu.cr0 = Cpu.CR0_PE | Cpu.CR0_MP | Cpu.CR0_ET | Cpu.CR0_NE;
        cpu.cr4 = Cpu.CR4_OSFXSR | Cpu.CR4_OSXMMEXCPT;
        cpu.cpl = 0;
        for (int s = 0; s < 6; s++) {
            boolean code = s == Cpu.CS;
            cpu.segSelector[s] = code ? CODE_SELECTOR : DATA_SELECTOR;
            cpu.segBase[s] = 0;
            cpu.segLimit[s] = 0xFFFFFFFF;
            cpu.segAccess[s] = code ? 0x00C09B00 : 0x00C09300;
        }
        cpu.halted = false;
        cpu.shutdown = false;
        cpu.modeChanged();
    }

    Outcome run(TestProgram program, int index) {
        TestCase c = program.cases.get(index);
        Outcome out = new Outcome();
        byte[] ram = memory.ram;
        int win = Layout.W;
        System.arraycopy(c.window, 0, ram, win, Layout.WINDOW);
        try {
            enterFlatProtectedMode();
            System.arraycopy(c.regs, 0, cpu.reg, 0, 8);
            // IF = 1 as on the host (ring 3 cannot clear it); no interrupt controller is attached.
            cpu.setEflags(c.eflags | Cpu.FLAG_IF | 2);
            cpu.eip = program.start[index];
            byte[] before = new byte[Layout.WINDOW];
            int steps = 0;
            while (true) {
                int eip = cpu.eip;
                if (eip == Layout.EXIT0 || eip == Layout.EXIT1) {
                    out.exit = eip == Layout.EXIT0 ? 0 : 1;
                    System.arraycopy(cpu.reg, 0, out.regs, 0, 8);
                    out.eflags = cpu.getEflags();
                    break;
                }
                if (steps++ == STEP_LIMIT) {
                    out.exit = -1;
                    out.error = "did not reach an exit in " + STEP_LIMIT + " instructions (EIP " + Hex.word8(eip) + ")";
                    break;
                }
                System.arraycopy(ram, win, before, 0, Layout.WINDOW);
                cpu.run(1);
                int vector = vectorOfStub(cpu.eip);
                if (vector < 0 && cpu.halted) {
                    vector = vectorOfStub(cpu.eip - 1); // the CPU went on to execute the stub's HLT
                }
                if (vector >= 0) {
                    recordFault(out, vector);
                    // The host delivers faults on another stack; undo the frame this CPU pushed into the window.
                    System.arraycopy(before, 0, ram, win, Layout.WINDOW);
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
        System.arraycopy(ram, win, out.window, 0, Layout.WINDOW);
        return out;
    }

    /** The vector whose HLT stub starts at this address, or -1. */
    private static int vectorOfStub(int eip) {
        int offset = eip - Layout.VECTOR_STUBS;
        return offset >= 0 && offset < 256 * Layout.STUB_SIZE && offset % Layout.STUB_SIZE == 0
                ? offset / Layout.STUB_SIZE : -1;
    }

    /** Reads the interrupt frame the fault pushed: [error code,] EIP, CS, EFLAGS. */
    private void recordFault(Outcome out, int vector) {
        int esp = cpu.reg[Cpu.ESP];
        boolean code = Outcome.hasErrorCode(vector);
        if (code) {
            out.errorCode = cpu.mmu.read32(esp);
            esp += 4;
        }
        out.exit = -1;
        out.vector = vector;
        out.faultEip = cpu.mmu.read32(esp);
        out.eflags = cpu.mmu.read32(esp + 8);
        System.arraycopy(cpu.reg, 0, out.regs, 0, 8);
        out.regs[Cpu.ESP] = esp + 12;
    }
}
