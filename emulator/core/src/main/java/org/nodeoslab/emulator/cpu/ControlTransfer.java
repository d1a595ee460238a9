package org.nodeoslab.emulator.cpu;

/**
 * Far JMP, CALL and RET: to code segments, through call gates (with the stack switch and parameter copy of a
 * call into a more privileged ring) and to other tasks (TSS descriptors, task gates), plus the task return of
 * IRET with NT set. Each operation either completes or faults with the CPU state unchanged.
 */
public final class ControlTransfer {
    private final Cpu cpu;
    private final SystemStack stack;
    private final StateSnapshot snapshot;
    private final TaskStateSegment tss;
    private final TaskSwitch taskSwitch;
    private final Descriptor descriptor = new Descriptor();
    private final Descriptor code = new Descriptor();
    private final Descriptor stackSegment = new Descriptor();
    private final int[] parameters = new int[31];

    public ControlTransfer(Cpu cpu) {
        this.cpu = cpu;
        this.stack = new SystemStack(cpu);
        this.snapshot = new StateSnapshot(cpu);
        this.tss = new TaskStateSegment(cpu, cpu.segments);
        this.taskSwitch = new TaskSwitch(cpu, cpu.segments);
    }

    private boolean protectedMode() {
        return cpu.segments.protectedMode();
    }

    // ---- JMP ----------------------------------------------------------------------------------------------

    public void farJump(int selector, int offset, boolean operand32) {
        selector &= 0xFFFF;
        if (!operand32) {
            offset &= 0xFFFF;
        }
        if (!protectedMode()) {
            loadRealOrVirtualCs(selector);
            cpu.eip = offset;
            return;
        }
        Descriptor d = readTarget(selector);
        if (!d.isSystem()) {
            checkDirectCode(d, selector);
            enterCode(d, offset, cpu.cpl);
            return;
        }
        checkSystemTarget(d, selector);
        switch (d.type()) {
            case Descriptor.CALL_GATE16:
            case Descriptor.CALL_GATE32: {
                Descriptor target = readGateTarget(d);
                boolean allowed = target.isConformingCode() ? target.dpl() <= cpu.cpl : target.dpl() == cpu.cpl;
                if (!allowed) {
                    throw CpuFault.withCode(CpuFault.GP, target.selector & 0xFFFC);
                }
                checkPresent(target, CpuFault.NP);
                enterCode(target, d.gateOffset(), cpu.cpl);
                return;
            }
            case Descriptor.TASK_GATE:
                taskSwitchThroughGate(d.gateSelector(), TaskSwitch.JMP, cpu.eip, 0);
                return;
            case Descriptor.TSS16_AVAILABLE:
            case Descriptor.TSS32_AVAILABLE:
                taskSwitch.switchTo(d, TaskSwitch.JMP, cpu.eip, 0);
                return;
            default:
                throw CpuFault.withCode(CpuFault.GP, selector & 0xFFFC);
        }
    }

    // ---- CALL ---------------------------------------------------------------------------------------------

    public void farCall(int selector, int offset, boolean operand32, int returnEip) {
        snapshot.save();
        try {
            farCallUnchecked(selector & 0xFFFF, operand32 ? offset : offset & 0xFFFF, operand32, returnEip);
        } catch (CpuFault f) {
            snapshot.restore();
            throw f;
        }
    }

    private void farCallUnchecked(int selector, int offset, boolean operand32, int returnEip) {
        if (!protectedMode()) {
            stack.push(cpu.segSelector[Cpu.CS], operand32);
            stack.push(returnEip, operand32);
            loadRealOrVirtualCs(selector);
            cpu.eip = offset;
            return;
        }
        Descriptor d = readTarget(selector);
        if (!d.isSystem()) {
            checkDirectCode(d, selector);
            if (Integer.compareUnsigned(offset, d.limit()) > 0) {
                throw CpuFault.withCode(CpuFault.GP, 0);
            }
            stack.push(cpu.segSelector[Cpu.CS], operand32);
            stack.push(returnEip, operand32);
            enterCode(d, offset, cpu.cpl);
            return;
        }
        checkSystemTarget(d, selector);
        switch (d.type()) {
            case Descriptor.CALL_GATE16:
            case Descriptor.CALL_GATE32:
                callThroughGate(d, returnEip);
                return;
            case Descriptor.TASK_GATE:
                taskSwitchThroughGate(d.gateSelector(), TaskSwitch.CALL, returnEip, 0);
                return;
            case Descriptor.TSS16_AVAILABLE:
            case Descriptor.TSS32_AVAILABLE:
                taskSwitch.switchTo(d, TaskSwitch.CALL, returnEip, 0);
                return;
            default:
                throw CpuFault.withCode(CpuFault.GP, selector & 0xFFFC);
        }
    }

    private void callThroughGate(Descriptor gate, int returnEip) {
        Descriptor target = readGateTarget(gate);
        if (target.dpl() > cpu.cpl) {
            throw CpuFault.withCode(CpuFault.GP, target.selector & 0xFFFC);
        }
        checkPresent(target, CpuFault.NP);
        boolean gate32 = (gate.type() & 8) != 0;
        int offset = gate.gateOffset();
        if (Integer.compareUnsigned(offset, target.limit()) > 0) {
            throw CpuFault.withCode(CpuFault.GP, 0);
        }
        int oldCs = cpu.segSelector[Cpu.CS];
        if (!target.isConformingCode() && target.dpl() < cpu.cpl) {
            // More privileged: new stack from the TSS, then the caller's SS:ESP and the copied parameters.
            int count = gate.gateParameterCount();
            for (int i = 0; i < count; i++) {
                parameters[i] = stack.peek(i, gate32);
            }
            int oldSs = cpu.segSelector[Cpu.SS];
            int oldEsp = cpu.reg[Cpu.ESP];
            tss.switchToInnerStack(target.dpl(), 0);
            cpu.cpl = target.dpl();
            stack.push(oldSs, gate32);
            stack.push(oldEsp, gate32);
            for (int i = count - 1; i >= 0; i--) {
                stack.push(parameters[i], gate32);
            }
        }
        stack.push(oldCs, gate32);
        stack.push(returnEip, gate32);
        enterCode(target, offset, target.isConformingCode() ? cpu.cpl : target.dpl());
    }

    // ---- RET ----------------------------------------------------------------------------------------------

    /** RETF [n]: {@code extraPop} is n, the bytes of parameters released (on both stacks when changing ring). */
    public void farReturn(boolean operand32, int extraPop) {
        int size = operand32 ? 4 : 2;
        int newEip = stack.peek(0, operand32);
        int newCs = stack.peek(1, operand32) & 0xFFFF;
        if (!operand32) {
            newEip &= 0xFFFF;
        }
        if (!protectedMode()) {
            stack.discard(2 * size + extraPop);
            loadRealOrVirtualCs(newCs);
            cpu.eip = newEip;
            return;
        }
        if ((newCs & 0xFFFC) == 0) {
            throw CpuFault.withCode(CpuFault.GP, 0);
        }
        Descriptor target = code;
        cpu.segments.tables.readOrFault(newCs, target, CpuFault.GP);
        int rpl = newCs & 3;
        if (!target.isCode() || rpl < cpu.cpl
                || (target.isConformingCode() ? target.dpl() > rpl : target.dpl() != rpl)) {
            throw CpuFault.withCode(CpuFault.GP, newCs & 0xFFFC);
        }
        checkPresent(target, CpuFault.NP);
        if (rpl == cpu.cpl) {
            if (Integer.compareUnsigned(newEip, target.limit()) > 0) {
                throw CpuFault.withCode(CpuFault.GP, 0);
            }
            stack.discard(2 * size + extraPop);
            enterCode(target, newEip, rpl);
            return;
        }
        int newEsp = stack.peekAt(2 * size + extraPop, operand32);
        int newSs = stack.peekAt(3 * size + extraPop, operand32) & 0xFFFF;
        Descriptor ss = stackSegment;
        cpu.interrupts.checkOuterStack(newSs, rpl, ss);
        if (Integer.compareUnsigned(newEip, target.limit()) > 0) {
            throw CpuFault.withCode(CpuFault.GP, 0);
        }
        enterCode(target, newEip, rpl);
        cpu.segments.tables.setAccessed(ss);
        cpu.segments.setCache(Cpu.SS, ss);
        stack.setPointer((operand32 ? newEsp : newEsp & 0xFFFF) + extraPop);
        cpu.segments.invalidateForOuterRing();
    }

    // ---- Tasks --------------------------------------------------------------------------------------------

    /** A task gate's TSS selector (JMP, CALL, INT, exception): must name an available TSS in the GDT. */
    void taskSwitchThroughGate(int tssSelector, int reason, int returnEip, int ext) {
        Descriptor d = descriptor;
        if ((tssSelector & 4) != 0 || !cpu.segments.tables.read(tssSelector, d)) {
            throw CpuFault.withCode(CpuFault.GP, (tssSelector & 0xFFFC) | ext);
        }
        int type = d.type();
        if (!d.isSystem() || (type != Descriptor.TSS16_AVAILABLE && type != Descriptor.TSS32_AVAILABLE)) {
            throw CpuFault.withCode(CpuFault.GP, (tssSelector & 0xFFFC) | ext);
        }
        if (!d.present()) {
            throw CpuFault.withCode(CpuFault.NP, (tssSelector & 0xFFFC) | ext);
        }
        taskSwitch.switchTo(d, reason, returnEip, ext);
    }

    /** IRET with NT set: back to the task named by the current TSS's back link, which must be busy. */
    public void taskReturn() {
        int link = cpu.mmu.readSupervisor16(cpu.trBase);
        Descriptor d = descriptor;
        if ((link & 4) != 0 || !cpu.segments.tables.read(link, d) || !d.isSystem()
                || (d.type() != Descriptor.TSS16_BUSY && d.type() != Descriptor.TSS32_BUSY)) {
            throw CpuFault.withCode(CpuFault.TS, link & 0xFFFC);
        }
        if (!d.present()) {
            throw CpuFault.withCode(CpuFault.NP, link & 0xFFFC);
        }
        taskSwitch.switchTo(d, TaskSwitch.IRET, cpu.eip, 0);
    }

    // ---- Shared checks ------------------------------------------------------------------------------------

    private void loadRealOrVirtualCs(int selector) {
        if ((cpu.cr0 & Cpu.CR0_PE) == 0) {
            cpu.segments.loadRealMode(Cpu.CS, selector);
        } else {
            cpu.segments.loadVirtual8086(Cpu.CS, selector);
        }
    }

    private Descriptor readTarget(int selector) {
        if ((selector & 0xFFFC) == 0) {
            throw CpuFault.withCode(CpuFault.GP, 0);
        }
        Descriptor d = descriptor;
        cpu.segments.tables.readOrFault(selector, d, CpuFault.GP);
        return d;
    }

    /** A code segment named directly by JMP/CALL: conforming DPL <= CPL, else RPL <= CPL and DPL = CPL. */
    private void checkDirectCode(Descriptor d, int selector) {
        boolean allowed = d.isCode() && (d.isConformingCode()
                ? d.dpl() <= cpu.cpl
                : (selector & 3) <= cpu.cpl && d.dpl() == cpu.cpl);
        if (!allowed) {
            throw CpuFault.withCode(CpuFault.GP, selector & 0xFFFC);
        }
        checkPresent(d, CpuFault.NP);
    }

    /** A gate or TSS named by JMP/CALL: its DPL must admit both CPL and the selector's RPL. */
    private void checkSystemTarget(Descriptor d, int selector) {
        if (d.dpl() < cpu.cpl || d.dpl() < (selector & 3)) {
            throw CpuFault.withCode(CpuFault.GP, selector & 0xFFFC);
        }
        checkPresent(d, CpuFault.NP);
    }

    private void checkPresent(Descriptor d, int vector) {
        if (!d.present()) {
            throw CpuFault.withCode(vector, d.selector & 0xFFFC);
        }
    }

    /** The code segment a call gate points to (read into {@link #code}). */
    private Descriptor readGateTarget(Descriptor gate) {
        int selector = gate.gateSelector();
        if ((selector & 0xFFFC) == 0) {
            throw CpuFault.withCode(CpuFault.GP, 0);
        }
        Descriptor target = code;
        cpu.segments.tables.readOrFault(selector, target, CpuFault.GP);
        if (!target.isCode()) {
            throw CpuFault.withCode(CpuFault.GP, selector & 0xFFFC);
        }
        return target;
    }

    /** Loads CS (RPL = the new CPL) and EIP after a limit check. */
    private void enterCode(Descriptor d, int offset, int newCpl) {
        if (Integer.compareUnsigned(offset, d.limit()) > 0) {
            throw CpuFault.withCode(CpuFault.GP, 0);
        }
        cpu.segments.tables.setAccessed(d);
        cpu.segments.setCodeSegment(d, newCpl);
        cpu.eip = offset;
    }
}
