package org.nodeoslab.emulator.cpu;

/**
 * Exception and interrupt delivery (real-mode IVT; protected-mode IDT with interrupt, trap and task gates,
 * privilege checks, the ring switch through the TSS, virtual-8086 frames), double and triple faults, and IRET.
 *
 * <p>A delivery either completes or leaves the CPU exactly as it was: the state it changes is saved first and
 * restored when a fault interrupts it. For an exception or an external interrupt, that fault is then delivered
 * in its place, or as a double fault (#DF) when the SDM's contributory/page-fault classes say so; a fault while
 * delivering #DF is a triple fault, which sets {@code cpu.shutdown}. For a software interrupt (INT n, INT3, INTO)
 * the fault is thrown out to the run loop, which treats it as a fault of that instruction.
 */
public final class Interrupts {
    private static final int EXT = 1;

    private final Cpu cpu;
    private final StateSnapshot snapshot;
    private final SystemStack stack;
    private final TaskStateSegment tss;
    private final Descriptor gate = new Descriptor();
    private final Descriptor target = new Descriptor();
    private final Descriptor stackSegment = new Descriptor();

    public Interrupts(Cpu cpu) {
        this.cpu = cpu;
        this.snapshot = new StateSnapshot(cpu);
        this.stack = new SystemStack(cpu);
        this.tss = new TaskStateSegment(cpu, cpu.segments);
    }

    /**
     * Delivers an interrupt or exception. {@code returnEip} is the EIP saved in the frame: the faulting
     * instruction for faults, the next instruction for traps, INT n and external interrupts.
     * {@code software} marks INT n/INT3/INTO (gate DPL is checked against CPL; a fault during delivery is thrown).
     */
    public void deliver(int vector, boolean hasErrorCode, int errorCode, boolean software, int returnEip) {
        cpu.halted = false;
        if (software) {
            snapshot.save();
            try {
                deliverOnce(vector, hasErrorCode, errorCode, true, returnEip, 0, false);
            } catch (CpuFault f) {
                snapshot.restore();
                throw f;
            }
            return;
        }
        deliverEvent(vector, hasErrorCode, errorCode, returnEip, false);
    }

    /** Delivers a fault raised by an instruction; the run loop has already rolled EIP back to its start. */
    public void deliverFault(CpuFault f) {
        cpu.halted = false;
        deliverEvent(f.vector, f.hasErrorCode, f.errorCode, cpu.eip, true);
    }

    /**
     * Delivers an exception ({@code exception}) or external interrupt, turning faults during the delivery into
     * a serially delivered fault, a double fault or a triple fault.
     */
    private void deliverEvent(int vector, boolean hasErrorCode, int errorCode, int returnEip, boolean exception) {
        int ext = exception ? 0 : EXT;
        while (true) {
            snapshot.save();
            try {
                deliverOnce(vector, hasErrorCode, errorCode, false, returnEip, ext,
                        exception && isFaultClass(vector));
                return;
            } catch (CpuFault second) {
                snapshot.restore();
                if (exception && vector == CpuFault.DF) {
                    cpu.shutdown = true;
                    return;
                }
                if (exception && isDoubleFault(vector, second.vector)) {
                    vector = CpuFault.DF;
                    hasErrorCode = true;
                    errorCode = 0;
                } else {
                    vector = second.vector;
                    hasErrorCode = second.hasErrorCode;
                    errorCode = second.errorCode | (isSelectorErrorCode(second) ? EXT : 0);
                }
                exception = true;
                ext = EXT;
            }
        }
    }

    /** The SDM's table 6-5: contributory after contributory, or a page fault or contributory after #PF. */
    static boolean isDoubleFault(int first, int second) {
        boolean secondContributory = isContributory(second);
        if (isContributory(first)) {
            return secondContributory;
        }
        return first == CpuFault.PF && (secondContributory || second == CpuFault.PF);
    }

    private static boolean isContributory(int vector) {
        return vector == CpuFault.DE || (vector >= CpuFault.TS && vector <= CpuFault.GP);
    }

    /**
     * Exceptions of the fault class, whose frame carries EFLAGS.RF = 1 (SDM 17.3.1.1) so that the restarted
     * instruction does not hit its instruction breakpoint again; traps (#BP, #OF) and aborts (#DF, #MC) do not,
     * nor does #DB (instruction-breakpoint faults are the exception to the rule, data breakpoints are traps).
     */
    private static boolean isFaultClass(int vector) {
        switch (vector) {
            case CpuFault.DE: case CpuFault.BR: case CpuFault.UD: case CpuFault.NM: case CpuFault.TS:
            case CpuFault.NP: case CpuFault.SS: case CpuFault.GP: case CpuFault.PF: case CpuFault.MF:
            case CpuFault.AC: case CpuFault.XM:
                return true;
            default:
                return false;
        }
    }

    private static boolean isSelectorErrorCode(CpuFault f) {
        return f.hasErrorCode && f.vector >= CpuFault.TS && f.vector <= CpuFault.GP;
    }

    private void deliverOnce(int vector, boolean hasErrorCode, int errorCode, boolean software, int returnEip,
                             int ext, boolean fault) {
        if ((cpu.cr0 & Cpu.CR0_PE) == 0) {
            deliverRealMode(vector, returnEip);
            return;
        }
        int eflags = cpu.getEflags();
        boolean v86 = (eflags & Cpu.FLAG_VM) != 0;
        // INT n in virtual-8086 mode is IOPL-sensitive (there is no VME): the monitor emulates it after #GP(0).
        if (software && v86 && (eflags & Cpu.FLAG_IOPL) != Cpu.FLAG_IOPL && vector != CpuFault.BP
                && vector != CpuFault.OF) {
            throw CpuFault.withCode(CpuFault.GP, 0);
        }
        int idtCode = vector * 8 + 2 + ext;
        if (Integer.compareUnsigned(vector * 8 + 7, cpu.idtrLimit) > 0) {
            throw CpuFault.withCode(CpuFault.GP, idtCode);
        }
        Descriptor g = gate;
        g.address = cpu.idtrBase + vector * 8;
        g.lo = cpu.mmu.readSupervisor32(g.address);
        g.hi = cpu.mmu.readSupervisor32(g.address + 4);
        int type = g.type();
        boolean validGate = g.isSystem() && (type == Descriptor.TASK_GATE || type == Descriptor.INTERRUPT_GATE16
                || type == Descriptor.TRAP_GATE16 || type == Descriptor.INTERRUPT_GATE32
                || type == Descriptor.TRAP_GATE32);
        if (!validGate) {
            throw CpuFault.withCode(CpuFault.GP, idtCode);
        }
        if (software && g.dpl() < cpu.cpl) {
            throw CpuFault.withCode(CpuFault.GP, idtCode);
        }
        if (!g.present()) {
            throw CpuFault.withCode(CpuFault.NP, idtCode);
        }
        if (type == Descriptor.TASK_GATE) {
            cpu.control.taskSwitchThroughGate(g.gateSelector(), TaskSwitch.CALL, returnEip, ext);
            if (hasErrorCode) {
                stack.push(errorCode, tss.is32());
            }
            return;
        }
        deliverThroughGate(g, hasErrorCode, errorCode, returnEip, ext, eflags, v86,
                fault ? eflags | Cpu.FLAG_RF : eflags);
    }

    private void deliverThroughGate(Descriptor g, boolean hasErrorCode, int errorCode, int returnEip, int ext,
                                    int eflags, boolean v86, int pushedEflags) {
        int selector = g.gateSelector();
        if ((selector & 0xFFFC) == 0) {
            throw CpuFault.withCode(CpuFault.GP, ext);
        }
        Descriptor code = target;
        if (!cpu.segments.tables.read(selector, code)) {
            throw CpuFault.withCode(CpuFault.GP, (selector & 0xFFFC) | ext);
        }
        if (!code.isCode() || code.dpl() > cpu.cpl) {
            throw CpuFault.withCode(CpuFault.GP, (selector & 0xFFFC) | ext);
        }
        if (!code.present()) {
            throw CpuFault.withCode(CpuFault.NP, (selector & 0xFFFC) | ext);
        }
        boolean gate32 = (g.type() & 8) != 0;
        boolean trapGate = (g.type() & 1) != 0;
        int offset = g.gateOffset();
        int newCpl = code.isConformingCode() ? cpu.cpl : code.dpl();
        if (v86 && newCpl != 0) {
            throw CpuFault.withCode(CpuFault.GP, (selector & 0xFFFC) | ext);
        }
        if (Integer.compareUnsigned(offset, code.limit()) > 0) {
            throw CpuFault.withCode(CpuFault.GP, ext);
        }
        int oldCs = cpu.segSelector[Cpu.CS];
        if (newCpl < cpu.cpl) {
            int oldSs = cpu.segSelector[Cpu.SS];
            int oldEsp = cpu.reg[Cpu.ESP];
            tss.switchToInnerStack(newCpl, ext);
            cpu.cpl = newCpl;
            if (v86) {
                stack.push(cpu.segSelector[Cpu.GS], gate32);
                stack.push(cpu.segSelector[Cpu.FS], gate32);
                stack.push(cpu.segSelector[Cpu.DS], gate32);
                stack.push(cpu.segSelector[Cpu.ES], gate32);
            }
            stack.push(oldSs, gate32);
            stack.push(oldEsp, gate32);
        }
        stack.push(pushedEflags, gate32);
        stack.push(oldCs, gate32);
        stack.push(returnEip, gate32);
        if (hasErrorCode) {
            stack.push(errorCode, gate32);
        }
        if (v86) {
            for (int seg = 0; seg < 6; seg++) {
                if (seg != Cpu.CS && seg != Cpu.SS) {
                    cpu.segments.loadNull(seg, 0);
                }
            }
        }
        cpu.segments.tables.setAccessed(code);
        cpu.segments.setCodeSegment(code, newCpl);
        cpu.eip = gate32 ? offset : offset & 0xFFFF;
        int cleared = Cpu.FLAG_TF | Cpu.FLAG_NT | Cpu.FLAG_RF | Cpu.FLAG_VM | (trapGate ? 0 : Cpu.FLAG_IF);
        cpu.setEflags(eflags & ~cleared);
    }

    private void deliverRealMode(int vector, int returnEip) {
        if (Integer.compareUnsigned(vector * 4 + 3, cpu.idtrLimit) > 0) {
            throw CpuFault.withCode(CpuFault.GP, vector * 8 + 2);
        }
        int offset = cpu.mmu.readSupervisor16(cpu.idtrBase + vector * 4);
        int selector = cpu.mmu.readSupervisor16(cpu.idtrBase + vector * 4 + 2);
        int eflags = cpu.getEflags();
        stack.push16(eflags);
        stack.push16(cpu.segSelector[Cpu.CS]);
        stack.push16(returnEip);
        cpu.segments.loadRealMode(Cpu.CS, selector);
        cpu.eip = offset;
        cpu.setEflags(eflags & ~(Cpu.FLAG_IF | Cpu.FLAG_TF | Cpu.FLAG_AC | Cpu.FLAG_RF));
    }

    // ---- IRET ---------------------------------------------------------------------------------------------

    /** IRET/IRETD. Reads and checks the whole frame before changing anything; faults leave the state alone. */
    public void iret(boolean operand32) {
        int eflags = cpu.getEflags();
        if ((cpu.cr0 & Cpu.CR0_PE) == 0) {
            iretRealOrVirtual8086(operand32, eflags, false);
        } else if ((eflags & Cpu.FLAG_VM) != 0) {
            if ((eflags & Cpu.FLAG_IOPL) != Cpu.FLAG_IOPL) {
                throw CpuFault.withCode(CpuFault.GP, 0);
            }
            iretRealOrVirtual8086(operand32, eflags, true);
        } else if ((eflags & Cpu.FLAG_NT) != 0) {
            cpu.control.taskReturn();
        } else {
            iretProtected(operand32, eflags);
        }
    }

    private void iretRealOrVirtual8086(boolean operand32, int eflags, boolean v86) {
        int newEip = stack.peek(0, operand32);
        int newCs = stack.peek(1, operand32) & 0xFFFF;
        int newFlags = stack.peek(2, operand32);
        if (!operand32 && Integer.compareUnsigned(newEip & 0xFFFF, cpu.segLimit[Cpu.CS]) > 0) {
            throw CpuFault.withCode(CpuFault.GP, 0);
        }
        stack.discard(operand32 ? 12 : 6);
        int changeable = operand32 ? 0x00247FD5 : 0x7FD5; // not VM, VIF, VIP (nor RF outside 32-bit)
        if (v86) {
            changeable &= ~Cpu.FLAG_IOPL;
        }
        if (v86) {
            cpu.segments.loadVirtual8086(Cpu.CS, newCs);
        } else {
            cpu.segments.loadRealMode(Cpu.CS, newCs);
        }
        cpu.eip = operand32 ? newEip : newEip & 0xFFFF;
        cpu.setEflags((eflags & ~changeable) | (newFlags & changeable));
    }

    private void iretProtected(boolean operand32, int eflags) {
        int newEip = stack.peek(0, operand32);
        int newCs = stack.peek(1, operand32) & 0xFFFF;
        int newFlags = stack.peek(2, operand32);
        if (operand32 && (newFlags & Cpu.FLAG_VM) != 0 && cpu.cpl == 0) {
            iretToVirtual8086(newEip, newCs, newFlags);
            return;
        }
        if (!operand32) {
            newEip &= 0xFFFF;
        }
        if ((newCs & 0xFFFC) == 0) {
            throw CpuFault.withCode(CpuFault.GP, 0);
        }
        Descriptor code = target;
        cpu.segments.tables.readOrFault(newCs, code, CpuFault.GP);
        int rpl = newCs & 3;
        if (!code.isCode() || rpl < cpu.cpl || (code.isConformingCode() ? code.dpl() > rpl : code.dpl() != rpl)) {
            throw CpuFault.withCode(CpuFault.GP, newCs & 0xFFFC);
        }
        if (!code.present()) {
            throw CpuFault.withCode(CpuFault.NP, newCs & 0xFFFC);
        }
        int frame = operand32 ? 12 : 6;
        int newEsp = 0;
        Descriptor ss = stackSegment;
        if (rpl > cpu.cpl) {
            newEsp = stack.peek(3, operand32);
            int newSs = stack.peek(4, operand32) & 0xFFFF;
            checkOuterStack(newSs, rpl, ss);
        }
        if (Integer.compareUnsigned(newEip, code.limit()) > 0) {
            throw CpuFault.withCode(CpuFault.GP, 0);
        }
        // Commit: flags first, with the privilege of the code executing IRET.
        cpu.setEflags(returnedFlags(eflags, newFlags, operand32));
        cpu.segments.tables.setAccessed(code);
        if (rpl == cpu.cpl) {
            stack.discard(frame);
            cpu.segments.setCodeSegment(code, rpl);
        } else {
            cpu.segments.setCodeSegment(code, rpl);
            cpu.segments.tables.setAccessed(ss);
            cpu.segments.setCache(Cpu.SS, ss);
            stack.setPointer(operand32 ? newEsp : newEsp & 0xFFFF);
            cpu.segments.invalidateForOuterRing();
        }
        cpu.eip = newEip;
    }

    /** Checks the SS a return to outer ring {@code rpl} will load (IRET, RETF): #GP or #SS, selector as code. */
    void checkOuterStack(int selector, int rpl, Descriptor into) {
        if ((selector & 0xFFFC) == 0) {
            throw CpuFault.withCode(CpuFault.GP, 0);
        }
        cpu.segments.tables.readOrFault(selector, into, CpuFault.GP);
        if ((selector & 3) != rpl || !into.isWritableData() || into.dpl() != rpl) {
            throw CpuFault.withCode(CpuFault.GP, selector & 0xFFFC);
        }
        if (!into.present()) {
            throw CpuFault.withCode(CpuFault.SS, selector & 0xFFFC);
        }
    }

    /** EFLAGS after IRET in protected mode: IOPL only at CPL 0, IF only at CPL <= IOPL; VM stays clear. */
    private int returnedFlags(int eflags, int popped, boolean operand32) {
        int changeable = Cpu.FLAG_CF | Cpu.FLAG_PF | Cpu.FLAG_AF | Cpu.FLAG_ZF | Cpu.FLAG_SF | Cpu.FLAG_TF
                | Cpu.FLAG_DF | Cpu.FLAG_OF | Cpu.FLAG_NT;
        if (operand32) {
            changeable |= Cpu.FLAG_RF | Cpu.FLAG_AC | Cpu.FLAG_ID;
            if (cpu.cpl == 0) {
                changeable |= Cpu.FLAG_VIF | Cpu.FLAG_VIP;
            }
        }
        if (cpu.cpl == 0) {
            changeable |= Cpu.FLAG_IOPL;
        }
        if (cpu.cpl <= ((eflags >>> 12) & 3)) {
            changeable |= Cpu.FLAG_IF;
        }
        return (eflags & ~changeable) | (popped & changeable);
    }

    /** IRETD at CPL 0 with VM set in the popped EFLAGS: the full virtual-8086 frame. */
    private void iretToVirtual8086(int newEip, int newCs, int newFlags) {
        int newEsp = stack.peek(3, true);
        int newSs = stack.peek(4, true);
        int es = stack.peek(5, true);
        int ds = stack.peek(6, true);
        int fs = stack.peek(7, true);
        int gs = stack.peek(8, true);
        cpu.setEflags(newFlags | Cpu.FLAG_VM);
        cpu.cpl = 3;
        cpu.segments.loadVirtual8086(Cpu.CS, newCs);
        cpu.segments.loadVirtual8086(Cpu.SS, newSs);
        cpu.segments.loadVirtual8086(Cpu.ES, es);
        cpu.segments.loadVirtual8086(Cpu.DS, ds);
        cpu.segments.loadVirtual8086(Cpu.FS, fs);
        cpu.segments.loadVirtual8086(Cpu.GS, gs);
        cpu.reg[Cpu.ESP] = newEsp;
        cpu.eip = newEip & 0xFFFF;
        cpu.modeChanged();
    }
}
