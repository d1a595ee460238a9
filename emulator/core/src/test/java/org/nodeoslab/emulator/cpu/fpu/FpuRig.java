package org.nodeoslab.emulator.cpu.fpu;

import org.nodeoslab.emulator.bus.IoBus;
import org.nodeoslab.emulator.bus.PhysicalMemory;
import org.nodeoslab.emulator.cpu.Cpu;

/**
 * A CPU in flat 32-bit protected mode (CR0.PE|NE, CR4.OSFXSR|OSXMMEXCPT) over 1 MiB of RAM, with helpers
 * that call the FPU's entry points the way the executor does: memory operands are given as linear addresses.
 */
final class FpuRig {
    static final int SCRATCH = 0x1000;

    final PhysicalMemory memory = new PhysicalMemory(1 << 20);
    final Cpu cpu = new Cpu(memory, new IoBus());
    final Fpu fpu = cpu.fpu;

    FpuRig() {
        cpu.cr0 = Cpu.CR0_PE | Cpu.CR0_NE | Cpu.CR0_ET;
        cpu.cr4 = Cpu.CR4_OSFXSR | Cpu.CR4_OSXMMEXCPT;
        fpu.reset();
        x87(0xDB, 0xE3); // FNINIT
    }

    /** A register form (modrm >= 0xC0). */
    void x87(int opcode, int modrm) {
        fpu.x87(opcode, modrm, 0);
    }

    /** A memory form: /reg with the operand at {@code linear}. */
    void x87m(int opcode, int reg, int linear) {
        fpu.x87(opcode, (reg << 3) | 5, linear);
    }

    void write80(int linear, int se, long m) {
        write64(linear, m);
        memory.write16(linear + 8, se);
    }

    void write64(int linear, long v) {
        memory.write32(linear, (int) v);
        memory.write32(linear + 4, (int) (v >>> 32));
    }

    long read64(int linear) {
        return (memory.read32(linear) & 0xFFFFFFFFL) | ((long) memory.read32(linear + 4) << 32);
    }

    /** FLD m80 of an extended value. */
    void load(int se, long m) {
        write80(SCRATCH, se, m);
        x87m(0xDB, 5, SCRATCH);
    }

    void fldcw(int cw) {
        memory.write16(SCRATCH + 16, cw);
        x87m(0xD9, 5, SCRATCH + 16);
    }

    /** FSTP m80 and return "se m" as hex. */
    String storeTop() {
        x87m(0xDB, 7, SCRATCH + 32);
        return hex80(memory.read16(SCRATCH + 40), read64(SCRATCH + 32));
    }

    static String hex80(int se, long m) {
        return String.format("%04x %016x", se & 0xFFFF, m);
    }

    int fsw() {
        return fpu.fsw();
    }
}
