package org.nodeoslab.emulator.cpu;

/**
 * Linear memory access and paging. (Stub: paging not yet implemented; linear == physical.)
 */
public final class Mmu {
    private final Cpu cpu;

    public Mmu(Cpu cpu) {
        this.cpu = cpu;
    }

    public int read8(int linear) {
        return cpu.memory.read8(translate(linear, false, cpu.cpl == 3));
    }

    public int read16(int linear) {
        return read8(linear) | read8(linear + 1) << 8;
    }

    public int read32(int linear) {
        return read16(linear) | read16(linear + 2) << 16;
    }

    public void write8(int linear, int value) {
        cpu.memory.write8(translate(linear, true, cpu.cpl == 3), value);
    }

    public void write16(int linear, int value) {
        write8(linear, value);
        write8(linear + 1, value >>> 8);
    }

    public void write32(int linear, int value) {
        write16(linear, value);
        write16(linear + 2, value >>> 16);
    }

    public int readSupervisor8(int linear) {
        return cpu.memory.read8(translate(linear, false, false));
    }

    public int readSupervisor16(int linear) {
        return readSupervisor8(linear) | readSupervisor8(linear + 1) << 8;
    }

    public int readSupervisor32(int linear) {
        return readSupervisor16(linear) | readSupervisor16(linear + 2) << 16;
    }

    public void writeSupervisor8(int linear, int value) {
        cpu.memory.write8(translate(linear, true, false), value);
    }

    public void writeSupervisor16(int linear, int value) {
        writeSupervisor8(linear, value);
        writeSupervisor8(linear + 1, value >>> 8);
    }

    public void writeSupervisor32(int linear, int value) {
        writeSupervisor16(linear, value);
        writeSupervisor16(linear + 2, value >>> 16);
    }

    public void checkWrite(int linear, int length) {
        translate(linear, true, cpu.cpl == 3);
        translate(linear + length - 1, true, cpu.cpl == 3);
    }

    public int translate(int linear, boolean write, boolean user) {
        return linear;
    }

    public void flushTlb(boolean includingGlobal) {
    }

    public void invlpg(int linear) {
    }
}
