package org.nodeoslab.emulator.cpu;

/**
 * The current task's TSS as the privilege mechanisms use it: the inner-ring stacks (SS0:ESP0 .. SS2:ESP2) for
 * interrupts and call gates into a more privileged ring, in the 32-bit or the 16-bit (286) layout.
 */
final class TaskStateSegment {
    private final Cpu cpu;
    private final Segments segments;
    private final Descriptor stackDescriptor = new Descriptor();

    TaskStateSegment(Cpu cpu, Segments segments) {
        this.cpu = cpu;
        this.segments = segments;
    }

    boolean is32() {
        return (cpu.trAccess & 0x800) != 0;
    }

    /**
     * Switches SS:ESP to the stack of ring {@code newCpl} named in the TSS, with the checks of an inter-privilege
     * interrupt or call: #TS for a bad selector or descriptor, #SS when the segment is not present.
     * {@code ext} is the error code's EXT bit (1 while delivering an event external to the program).
     */
    void switchToInnerStack(int newCpl, int ext) {
        int ss;
        int esp;
        if (is32()) {
            int at = 4 + newCpl * 8;
            checkInside(at + 5, ext);
            esp = cpu.mmu.readSupervisor32(cpu.trBase + at);
            ss = cpu.mmu.readSupervisor16(cpu.trBase + at + 4);
        } else {
            int at = 2 + newCpl * 4;
            checkInside(at + 3, ext);
            esp = cpu.mmu.readSupervisor16(cpu.trBase + at);
            ss = cpu.mmu.readSupervisor16(cpu.trBase + at + 2);
        }
        if ((ss & 0xFFFC) == 0) {
            throw CpuFault.withCode(CpuFault.TS, ext);
        }
        Descriptor d = stackDescriptor;
        if (!segments.tables.read(ss, d)) {
            throw CpuFault.withCode(CpuFault.TS, (ss & 0xFFFC) | ext);
        }
        if ((ss & 3) != newCpl || d.dpl() != newCpl || !d.isWritableData()) {
            throw CpuFault.withCode(CpuFault.TS, (ss & 0xFFFC) | ext);
        }
        if (!d.present()) {
            throw CpuFault.withCode(CpuFault.SS, (ss & 0xFFFC) | ext);
        }
        segments.tables.setAccessed(d);
        segments.setCache(Cpu.SS, d);
        cpu.reg[Cpu.ESP] = esp;
    }

    private void checkInside(int lastByte, int ext) {
        if (Integer.compareUnsigned(lastByte, cpu.trLimit) > 0) {
            throw CpuFault.withCode(CpuFault.TS, (cpu.trSelector & 0xFFFC) | ext);
        }
    }
}
