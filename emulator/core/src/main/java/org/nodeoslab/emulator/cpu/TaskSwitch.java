package org.nodeoslab.emulator.cpu;

/**
 * The hardware task switch (SDM vol. 3, 8.3) through a TSS descriptor or a task gate, for JMP, CALL, interrupts
 * and IRET with NT set, with 32-bit and 16-bit (286) TSS layouts. Linux i386 uses it for the double-fault
 * handler (a task gate in the IDT), so that a #DF on a broken kernel stack still reaches a handler.
 */
final class TaskSwitch {
    /** Why the switch happens: decides busy bits, the back link and NT. */
    static final int JMP = 0, CALL = 1, IRET = 2;

    private static final int[] SEGMENT_OFFSET_32 = {0x48, 0x4C, 0x50, 0x54, 0x58, 0x5C};
    private static final int[] SEGMENT_OFFSET_16 = {0x22, 0x24, 0x26, 0x28, -1, -1};

    private final Cpu cpu;
    private final Segments segments;
    private final Descriptor current = new Descriptor();
    private final Descriptor segment = new Descriptor();
    private final int[] newRegs = new int[8];
    private final int[] newSelectors = new int[6];

    TaskSwitch(Cpu cpu, Segments segments) {
        this.cpu = cpu;
        this.segments = segments;
    }

    /**
     * Switches to the task whose TSS descriptor {@code tss} (already read, present, of an allowed type) names.
     * {@code returnEip} is saved as the outgoing task's EIP. {@code ext} is the EXT bit for error codes.
     */
    void switchTo(Descriptor tss, int reason, int returnEip, int ext) {
        boolean new32 = (tss.type() & 8) != 0;
        int newBase = tss.base();
        int newLimit = tss.limit();
        if (Integer.compareUnsigned(newLimit, new32 ? 0x67 : 0x2B) < 0) {
            throw CpuFault.withCode(CpuFault.TS, (tss.selector & 0xFFFC) | ext);
        }
        // Read the incoming state before writing the outgoing one (a fault here changes nothing).
        int newCr3;
        int newEip;
        int newFlags;
        int newLdt;
        if (new32) {
            newCr3 = cpu.mmu.readSupervisor32(newBase + 0x1C);
            newEip = cpu.mmu.readSupervisor32(newBase + 0x20);
            newFlags = cpu.mmu.readSupervisor32(newBase + 0x24);
            for (int i = 0; i < 8; i++) {
                newRegs[i] = cpu.mmu.readSupervisor32(newBase + 0x28 + i * 4);
            }
            for (int s = 0; s < 6; s++) {
                newSelectors[s] = cpu.mmu.readSupervisor16(newBase + SEGMENT_OFFSET_32[s]);
            }
            newLdt = cpu.mmu.readSupervisor16(newBase + 0x60);
        } else {
            newCr3 = cpu.cr3;
            newEip = cpu.mmu.readSupervisor16(newBase + 0x0E);
            newFlags = cpu.mmu.readSupervisor16(newBase + 0x10) | (cpu.getEflags() & 0xFFFF0000 & ~Cpu.FLAG_VM);
            for (int i = 0; i < 8; i++) {
                newRegs[i] = 0xFFFF0000 | cpu.mmu.readSupervisor16(newBase + 0x12 + i * 2);
            }
            for (int s = 0; s < 6; s++) {
                newSelectors[s] = SEGMENT_OFFSET_16[s] < 0 ? 0 : cpu.mmu.readSupervisor16(newBase + SEGMENT_OFFSET_16[s]);
            }
            newLdt = cpu.mmu.readSupervisor16(newBase + 0x2A);
        }

        // The outgoing task: its busy bit (JMP, IRET), its NT (IRET) and its state in its TSS.
        int eflags = cpu.getEflags();
        if (reason == JMP || reason == IRET) {
            if (segments.tables.read(cpu.trSelector, current)) {
                segments.tables.setBusy(current, false);
            }
        }
        if (reason == IRET) {
            eflags &= ~Cpu.FLAG_NT;
        }
        saveState(returnEip, eflags);

        // The incoming task: back link and NT for a nested call, busy bit, TR.
        if (reason == CALL) {
            cpu.mmu.writeSupervisor16(newBase, cpu.trSelector);
            newFlags |= Cpu.FLAG_NT;
        }
        if (reason != IRET) {
            segments.tables.setBusy(tss, true);
        }
        cpu.trSelector = tss.selector;
        cpu.trBase = newBase;
        cpu.trLimit = newLimit;
        cpu.trAccess = tss.access();

        // Load the new state: from here on, faults belong to the new task.
        if (new32) {
            cpu.sys.loadCr3(newCr3);
        }
        System.arraycopy(newRegs, 0, cpu.reg, 0, 8);
        cpu.eip = newEip;
        cpu.setEflags(newFlags);
        cpu.cr0 |= Cpu.CR0_TS;
        loadSegments(newLdt, (newFlags & Cpu.FLAG_VM) != 0, ext);
    }

    private void saveState(int returnEip, int eflags) {
        int base = cpu.trBase;
        if ((cpu.trAccess & 0x800) != 0) {
            cpu.mmu.writeSupervisor32(base + 0x20, returnEip);
            cpu.mmu.writeSupervisor32(base + 0x24, eflags);
            for (int i = 0; i < 8; i++) {
                cpu.mmu.writeSupervisor32(base + 0x28 + i * 4, cpu.reg[i]);
            }
            for (int s = 0; s < 6; s++) {
                cpu.mmu.writeSupervisor16(base + SEGMENT_OFFSET_32[s], cpu.segSelector[s]);
            }
        } else {
            cpu.mmu.writeSupervisor16(base + 0x0E, returnEip);
            cpu.mmu.writeSupervisor16(base + 0x10, eflags);
            for (int i = 0; i < 8; i++) {
                cpu.mmu.writeSupervisor16(base + 0x12 + i * 2, cpu.reg[i]);
            }
            for (int s = 0; s < 4; s++) {
                cpu.mmu.writeSupervisor16(base + SEGMENT_OFFSET_16[s], cpu.segSelector[s]);
            }
        }
    }

    /** LDTR, then CS, SS and the data registers of the new task, with #TS/#NP/#SS as a task switch raises them. */
    private void loadSegments(int ldt, boolean v86, int ext) {
        // Selectors first, so that a fault below leaves the new task's selectors visible (as the SDM says).
        for (int s = 0; s < 6; s++) {
            cpu.segSelector[s] = newSelectors[s];
        }
        loadLdt(ldt, ext);
        if (v86) {
            cpu.cpl = 3;
            for (int s = 0; s < 6; s++) {
                segments.loadVirtual8086(s, newSelectors[s]);
            }
            return;
        }
        int cs = newSelectors[Cpu.CS];
        int newCpl = cs & 3;
        Descriptor d = segment;
        if ((cs & 0xFFFC) == 0 || !segments.tables.read(cs, d) || !d.isCode()
                || (d.isConformingCode() ? d.dpl() > newCpl : d.dpl() != newCpl)) {
            throw CpuFault.withCode(CpuFault.TS, (cs & 0xFFFC) | ext);
        }
        if (!d.present()) {
            throw CpuFault.withCode(CpuFault.NP, (cs & 0xFFFC) | ext);
        }
        segments.tables.setAccessed(d);
        segments.setCodeSegment(d, newCpl);

        int ss = newSelectors[Cpu.SS];
        if ((ss & 0xFFFC) == 0 || !segments.tables.read(ss, d) || !d.isWritableData() || d.dpl() != newCpl
                || (ss & 3) != newCpl) {
            throw CpuFault.withCode(CpuFault.TS, (ss & 0xFFFC) | ext);
        }
        if (!d.present()) {
            throw CpuFault.withCode(CpuFault.SS, (ss & 0xFFFC) | ext);
        }
        segments.tables.setAccessed(d);
        segments.setCache(Cpu.SS, d);

        for (int s = 0; s < 6; s++) {
            if (s == Cpu.CS || s == Cpu.SS) {
                continue;
            }
            int sel = newSelectors[s];
            if ((sel & 0xFFFC) == 0) {
                segments.loadNull(s, sel);
                continue;
            }
            if (!segments.tables.read(sel, d) || !d.isReadable()
                    || (!d.isConformingCode() && (d.dpl() < newCpl || d.dpl() < (sel & 3)))) {
                throw CpuFault.withCode(CpuFault.TS, (sel & 0xFFFC) | ext);
            }
            if (!d.present()) {
                throw CpuFault.withCode(CpuFault.NP, (sel & 0xFFFC) | ext);
            }
            segments.tables.setAccessed(d);
            segments.setCache(s, d);
        }
    }

    private void loadLdt(int selector, int ext) {
        cpu.ldtrSelector = selector;
        if ((selector & 0xFFFC) == 0) {
            cpu.ldtrBase = 0;
            cpu.ldtrLimit = 0;
            return;
        }
        Descriptor d = segment;
        if ((selector & 4) != 0 || !segments.tables.read(selector, d) || !d.isSystem()
                || d.type() != Descriptor.LDT) {
            throw CpuFault.withCode(CpuFault.TS, (selector & 0xFFFC) | ext);
        }
        if (!d.present()) {
            throw CpuFault.withCode(CpuFault.TS, (selector & 0xFFFC) | ext);
        }
        cpu.ldtrBase = d.base();
        cpu.ldtrLimit = d.limit();
    }
}
