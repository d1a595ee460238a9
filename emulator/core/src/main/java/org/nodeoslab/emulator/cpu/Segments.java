package org.nodeoslab.emulator.cpu;

/**
 * Segment register loads with the checks of the current mode, and the descriptor cache they fill.
 *
 * <p>A null selector loaded into DS/ES/FS/GS in protected mode leaves the register unusable: its cached access
 * rights have the present bit (0x8000) clear, so the executor raises #GP(0) on a memory access through it.
 */
public final class Segments {
    /** Access rights of every segment in real and virtual-8086 mode: present, DPL 3, read/write data, accessed. */
    static final int REAL_MODE_ACCESS = 0xF300;

    private final Cpu cpu;
    final DescriptorTables tables;
    private final Descriptor descriptor = new Descriptor();

    public Segments(Cpu cpu) {
        this.cpu = cpu;
        this.tables = new DescriptorTables(cpu);
    }

    boolean protectedMode() {
        return (cpu.cr0 & Cpu.CR0_PE) != 0 && (cpu.eflags & Cpu.FLAG_VM) == 0;
    }

    /** MOV/POP Sreg and LDS..LGS (not CS): mode-aware; throws #GP/#SS/#NP. */
    public void load(int seg, int selector) {
        if ((cpu.cr0 & Cpu.CR0_PE) == 0) {
            loadRealMode(seg, selector);
        } else if ((cpu.eflags & Cpu.FLAG_VM) != 0) {
            loadVirtual8086(seg, selector);
        } else if (seg == Cpu.SS) {
            loadStackSegment(selector);
        } else {
            loadDataSegment(seg, selector);
        }
    }

    /** Real mode: selector and base change; limit and attributes are kept (as on real CPUs: "unreal mode"). */
    public void loadRealMode(int seg, int selector) {
        selector &= 0xFFFF;
        cpu.segSelector[seg] = selector;
        cpu.segBase[seg] = selector << 4;
        cpu.segmentBaseChanged(seg);
    }

    /** Virtual-8086 mode: as real mode, but limit and attributes are forced to 64 KiB read/write DPL 3. */
    public void loadVirtual8086(int seg, int selector) {
        selector &= 0xFFFF;
        cpu.segSelector[seg] = selector;
        cpu.segBase[seg] = selector << 4;
        cpu.segmentBaseChanged(seg);
        cpu.segLimit[seg] = 0xFFFF;
        cpu.segAccess[seg] = REAL_MODE_ACCESS;
        if (seg == Cpu.CS || seg == Cpu.SS) {
            cpu.modeChanged();
        }
    }

    /** Protected-mode load of DS, ES, FS or GS. */
    public void loadDataSegment(int seg, int selector) {
        selector &= 0xFFFF;
        if ((selector & 0xFFFC) == 0) {
            loadNull(seg, selector);
            return;
        }
        Descriptor d = descriptor;
        tables.readOrFault(selector, d, CpuFault.GP);
        if (!d.isReadable()) {
            throw CpuFault.withCode(CpuFault.GP, selector & 0xFFFC);
        }
        if (!d.isConformingCode() && (d.dpl() < cpu.cpl || d.dpl() < (selector & 3))) {
            throw CpuFault.withCode(CpuFault.GP, selector & 0xFFFC);
        }
        if (!d.present()) {
            throw CpuFault.withCode(CpuFault.NP, selector & 0xFFFC);
        }
        tables.setAccessed(d);
        setCache(seg, d);
    }

    /** Protected-mode load of SS: a present writable data segment with RPL = DPL = CPL. */
    public void loadStackSegment(int selector) {
        selector &= 0xFFFF;
        if ((selector & 0xFFFC) == 0) {
            throw CpuFault.withCode(CpuFault.GP, 0);
        }
        Descriptor d = descriptor;
        tables.readOrFault(selector, d, CpuFault.GP);
        if ((selector & 3) != cpu.cpl || d.dpl() != cpu.cpl || !d.isWritableData()) {
            throw CpuFault.withCode(CpuFault.GP, selector & 0xFFFC);
        }
        if (!d.present()) {
            throw CpuFault.withCode(CpuFault.SS, selector & 0xFFFC);
        }
        tables.setAccessed(d);
        setCache(Cpu.SS, d);
    }

    /** A null selector in DS/ES/FS/GS: allowed, but the register becomes unusable (present bit clear). */
    void loadNull(int seg, int selector) {
        cpu.segSelector[seg] = selector & 0xFFFF;
        cpu.segBase[seg] = 0;
        cpu.segmentBaseChanged(seg);
        cpu.segLimit[seg] = 0;
        cpu.segAccess[seg] = 0;
    }

    /** Fills a segment register's visible selector and hidden cache from a descriptor already checked. */
    void setCache(int seg, Descriptor d) {
        cpu.segSelector[seg] = d.selector;
        cpu.segBase[seg] = d.base();
        cpu.segmentBaseChanged(seg);
        cpu.segLimit[seg] = d.limit();
        cpu.segAccess[seg] = d.access();
        if (seg == Cpu.CS || seg == Cpu.SS) {
            cpu.modeChanged();
        }
    }

    /** Loads CS from a checked code descriptor and makes the selector's RPL the new CPL. */
    void setCodeSegment(Descriptor d, int cpl) {
        d.selector = (d.selector & 0xFFFC) | cpl;
        cpu.cpl = cpl;
        setCache(Cpu.CS, d);
    }

    /**
     * After a return to an outer ring (RETF, IRET): data registers whose segment the new CPL may not use become
     * null, so the outer ring cannot keep access to inner-ring data through them.
     */
    void invalidateForOuterRing() {
        for (int seg = 0; seg < 6; seg++) {
            if (seg == Cpu.CS || seg == Cpu.SS) {
                continue;
            }
            int access = cpu.segAccess[seg];
            boolean conformingCode = (access & 0x1C00) == 0x1C00;
            int dpl = (access >>> 13) & 3;
            if ((access & 0x8000) != 0 && !conformingCode && dpl < cpu.cpl) {
                loadNull(seg, 0);
            }
        }
    }

    /** The reset state of a segment register (64 KiB, present, accessed; CS as code), for reset() and tests. */
    public void resetRealMode(int seg, int selector, int base) {
        cpu.segSelector[seg] = selector & 0xFFFF;
        cpu.segBase[seg] = base;
        cpu.segmentBaseChanged(seg);
        cpu.segLimit[seg] = 0xFFFF;
        cpu.segAccess[seg] = seg == Cpu.CS ? 0x9B00 : 0x9300;
    }
}
