package org.nodeoslab.emulator.cpu;

import static org.nodeoslab.emulator.cpu.Cpu.EAX;
import static org.nodeoslab.emulator.cpu.Cpu.ECX;
import static org.nodeoslab.emulator.cpu.Cpu.EDX;

/**
 * The executor's side of the system instructions (0F 00, 0F 01, LAR/LSL, MOV CRn/DRn, MSRs, RDTSC, SYSENTER/
 * SYSEXIT): privilege checks and operand fetching here, the mechanism in cpu-system's {@link SystemRegisters}
 * and {@link Mmu}.
 */
final class SystemOps {
    private final Executor x;
    private final Cpu cpu;

    SystemOps(Executor x) {
        this.x = x;
        this.cpu = x.cpu;
    }

    /** Privileged instructions: #GP(0) unless CPL 0 (virtual-8086 mode runs at CPL 3). */
    void requireCpl0() {
        if (x.protectedMode && (x.v86 || cpu.cpl != 0)) {
            throw Executor.gp0();
        }
    }

    /** SLDT/STR store a selector: 16 bits to memory, zero-extended into a 32-bit register. */
    private void storeSelector(int selector) {
        if (x.modrm >= 0xC0) {
            x.setRegV(x.modrm & 7, selector & 0xFFFF);
        } else {
            x.write16(x.eaSeg, x.eaOff, selector);
        }
    }

    private void setZf(boolean set) {
        x.alu.setFlags(Alu.ZF, set ? Alu.ZF : 0);
    }

    void group6() {
        SystemRegisters sys = cpu.sys;
        switch (x.regField()) {
            case 0: storeSelector(sys.sldt()); break;
            case 1: storeSelector(sys.str()); break;
            case 2: requireCpl0(); sys.lldt(x.rm16()); break;
            case 3: requireCpl0(); sys.ltr(x.rm16()); break;
            case 4: setZf(sys.verr(x.rm16())); break;
            default: setZf(sys.verw(x.rm16())); break;
        }
    }

    void group7() {
        SystemRegisters sys = cpu.sys;
        switch (x.regField()) {
            case 0: sys.sgdt(x.linearOperand(6, true), x.o32); break;
            case 1: sys.sidt(x.linearOperand(6, true), x.o32); break;
            case 2: requireCpl0(); sys.lgdt(x.linearOperand(6, false), x.o32); break;
            case 3: requireCpl0(); sys.lidt(x.linearOperand(6, false), x.o32); break;
            case 4:
                if (x.modrm >= 0xC0) {
                    x.setRegV(x.modrm & 7, sys.smsw());
                } else {
                    x.write16(x.eaSeg, x.eaOff, sys.smsw());
                }
                break;
            case 6:
                requireCpl0();
                sys.lmsw(x.rm16());
                x.afterControlTransfer();
                break;
            default: // 7: INVLPG
                requireCpl0();
                cpu.mmu.invlpg(x.segBase[x.eaSeg] + x.eaOff);
                x.invalidateFetch();
                break;
        }
    }

    /** LAR/LSL: cpu-system answers whether the selector is accessible and leaves the result to load. */
    void loadDescriptorField(boolean accessible) {
        if (accessible) {
            x.setRegV(x.regField(), cpu.sys.descriptorQueryResult);
        }
        setZf(accessible);
    }

    void clts() {
        requireCpl0();
        cpu.sys.clts();
    }

    /** 0F 20-23: MOV r32,CRn / r32,DRn / CRn,r32 / DRn,r32 (the ModRM mod field is ignored). */
    void movControlDebug(int op) {
        int r = x.modrm & 7;
        int n = x.regField();
        if ((op & 1) == 0 && (n == 1 || n > 4)) {
            throw Executor.ud(); // a control register that does not exist is #UD before any privilege check
        }
        requireCpl0();
        switch (op) {
            case 0x20: x.reg[r] = cpu.sys.readCr(n); break;
            case 0x21: x.reg[r] = cpu.sys.readDr(n); break;
            case 0x22:
                x.alu.materialize();
                cpu.sys.writeCr(n, x.reg[r]);
                x.afterControlTransfer();
                break;
            default:
                cpu.sys.writeDr(n, x.reg[r]);
                x.endBlock = true;
                break;
        }
    }

    void wrmsr() {
        requireCpl0();
        cpu.sys.wrmsr();
        x.afterControlTransfer();
    }

    void rdmsr() {
        requireCpl0();
        cpu.sys.rdmsr();
    }

    void rdtsc() {
        if ((cpu.cr4 & Cpu.CR4_TSD) != 0) {
            requireCpl0();
        }
        cpu.sys.rdtsc();
        x.endBlock = true; // let the instruction count (the virtual time) catch up before the next read
    }

    /** RDRAND r16/r32 (0F C7 /6): a value is always ready (CF = 1, the other status flags clear). */
    void rdrand() {
        if (x.modrm < 0xC0) {
            throw Executor.ud(); // register operand only
        }
        x.setRmV((int) cpu.sys.nextRandom());
        x.alu.setFlags(Alu.OF | Alu.SF | Alu.ZF | Alu.AF | Alu.PF | Alu.CF, Alu.CF);
    }

    /** RDPMC: two performance counters that count nothing. */
    void rdpmc() {
        if ((cpu.cr4 & Cpu.CR4_PCE) == 0) {
            requireCpl0();
        }
        if (Integer.compareUnsigned(x.reg[ECX], 1) > 0) {
            throw Executor.gp0();
        }
        x.reg[EAX] = 0;
        x.reg[EDX] = 0;
    }

    void sysenter() {
        x.alu.materialize();
        cpu.sys.sysenter();
        x.afterControlTransfer();
    }

    void sysexit() {
        x.alu.materialize();
        cpu.sys.sysexit();
        x.afterControlTransfer();
    }
}
