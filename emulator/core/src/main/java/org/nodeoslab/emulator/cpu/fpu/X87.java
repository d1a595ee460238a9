package org.nodeoslab.emulator.cpu.fpu;

import org.nodeoslab.emulator.cpu.Cpu;
import org.nodeoslab.emulator.cpu.CpuFault;

/**
 * The x87 instruction set (opcodes D8-DF): the register stack, the status/control/tag words, the masked
 * exception responses, and each instruction's data movement. Arithmetic is done by {@link SoftFloat}, the
 * transcendental functions by {@link X87Transcendental}.
 */
final class X87 {
    private static final int FSW_C0 = Fpu.FSW_C0, FSW_C1 = Fpu.FSW_C1, FSW_C2 = Fpu.FSW_C2, FSW_C3 = Fpu.FSW_C3;
    private static final long INTEGER_BIT = 0x8000000000000000L;

    private final Fpu f;
    private final SoftFloat sf = new SoftFloat();
    private final X87Transcendental trans;

    X87(Fpu fpu) {
        this.f = fpu;
        this.trans = new X87Transcendental(sf);
    }

    // ---- Stack ------------------------------------------------------------------------------------------

    private int phys(int i) {
        return (f.top + i) & 7;
    }

    private boolean empty(int i) {
        return (f.tagValid & (1 << phys(i))) == 0;
    }

    private int se(int i) {
        return f.signExp[phys(i)];
    }

    private long m(int i) {
        return f.mant[phys(i)];
    }

    private void set(int i, int se, long m) {
        int p = phys(i);
        f.signExp[p] = se & 0xFFFF;
        f.mant[p] = m;
        f.tagValid |= 1 << p;
    }

    private void pop() {
        f.tagValid &= ~(1 << f.top);
        f.top = (f.top + 1) & 7;
    }

    /** Pushes a value; on stack overflow raises IE|SF with C1=1 and pushes the indefinite when IE is masked. */
    private boolean push(int se, long m) {
        int p = (f.top - 1) & 7;
        if ((f.tagValid & (1 << p)) != 0) {
            f.fswNoTop |= Fpu.FSW_IE | Fpu.FSW_SF | FSW_C1;
            f.updateErrorSummary();
            if ((f.fcw & Fpu.FSW_IE) == 0) {
                return false;
            }
            se = SoftFloat.INDEFINITE_SE;
            m = SoftFloat.INDEFINITE_M;
        } else {
            f.fswNoTop &= ~FSW_C1;
        }
        f.top = p;
        set(0, se, m);
        return true;
    }

    /** An empty ST(0) is a stack underflow that leaves the indefinite there when masked; true = stop. */
    private boolean topEmptyUnderflow() {
        if (!empty(0)) {
            return false;
        }
        if (underflow()) {
            set(0, SoftFloat.INDEFINITE_SE, SoftFloat.INDEFINITE_M);
        }
        f.updateErrorSummary();
        return true;
    }

    /** Stack underflow: IE|SF, C1=0. Returns true when IE is masked (the caller delivers the indefinite). */
    private boolean underflow() {
        f.fswNoTop = (f.fswNoTop | Fpu.FSW_IE | Fpu.FSW_SF) & ~FSW_C1;
        f.updateErrorSummary();
        return (f.fcw & Fpu.FSW_IE) != 0;
    }

    // ---- Exceptions -------------------------------------------------------------------------------------

    private void begin() {
        sf.flags = 0;
        sf.rounding = (f.fcw >> 10) & 3;
        sf.underflowUnmasked = (f.fcw & SoftFloat.UE) == 0;
        sf.overflowUnmasked = (f.fcw & SoftFloat.OE) == 0;
        sf.flushToZero = false;
        sf.roundedUp = false;
    }

    /** The precision-controlled format of FADD/FSUB/FMUL/FDIV/FSQRT results. */
    private int pcFormat() {
        int pc = (f.fcw >> 8) & 3;
        return pc == 1 ? SoftFloat.EXT64 : pc; // EXT24 = 0, EXT53 = 2, EXT64 = 3 as encoded in PC
    }

    /**
     * Merges the operation's flags into the status word. Returns false when an unmasked exception forbids
     * storing the result ({@code memoryDestination}: overflow/underflow too, as the x87 stores nothing then).
     */
    private boolean commit(boolean memoryDestination) {
        int fl = sf.flags;
        int unmasked = fl & ~f.fcw & 0x3F;
        int blocking = SoftFloat.IE | SoftFloat.DE | SoftFloat.ZE
                | (memoryDestination ? SoftFloat.OE | SoftFloat.UE : 0);
        f.fswNoTop &= ~FSW_C1;
        if ((unmasked & blocking) != 0) {
            // A pre-computation exception (IE, DE, ZE) stops the operation; an unmasked overflow or underflow
            // of a store stores nothing: either way no precision exception is reported.
            int pre = SoftFloat.IE | SoftFloat.DE | SoftFloat.ZE;
            f.fswNoTop |= (unmasked & pre) != 0 ? fl & pre : fl & ~SoftFloat.PE;
            f.updateErrorSummary();
            return false;
        }
        f.fswNoTop |= fl;
        if (sf.roundedUp && (fl & SoftFloat.PE) != 0) {
            f.fswNoTop |= FSW_C1;
        }
        f.updateErrorSummary();
        return true;
    }

    private void setCc(int c3, int c2, int c1, int c0) {
        f.fswNoTop = (f.fswNoTop & ~Fpu.FSW_CC) | (c3 != 0 ? FSW_C3 : 0) | (c2 != 0 ? FSW_C2 : 0)
                | (c1 != 0 ? FSW_C1 : 0) | (c0 != 0 ? FSW_C0 : 0);
    }

    // ---- Dispatch ---------------------------------------------------------------------------------------

    void execute(int opcode, int modrm, int linear) {
        f.checkX87Available();
        int reg = (modrm >> 3) & 7;
        boolean mem = modrm < 0xC0;
        if (!isNonWaiting(opcode, modrm)) {
            f.checkPendingX87Exception();
        }
        // Record the last instruction (FSTENV/FSAVE/FXSAVE report it); control instructions do not change it.
        if (!isControl(opcode, modrm)) {
            f.fop = ((opcode & 7) << 8) | modrm;
            f.fip = f.instructionEip;
            f.fcs = f.cpu.segSelector[Cpu.CS];
            if (mem) {
                f.fdp = linear - f.cpu.segBase[f.dataSegment];
                f.fds = f.cpu.segSelector[f.dataSegment];
            }
        }
        switch (opcode) {
            case 0xD8:
                if (mem) {
                    arithMem(reg, readF32(linear), sf.rM);
                } else {
                    arithReg(reg, modrm & 7, false, false);
                }
                return;
            case 0xDC:
                if (mem) {
                    long bits = f.read64(linear);
                    begin();
                    sf.fromF64(bits);
                    arithMem(reg, sf.rSe, sf.rM);
                } else {
                    arithReg(reg, modrm & 7, true, false);
                }
                return;
            case 0xDA:
                if (mem) {
                    int v = f.read32(linear);
                    sf.fromLong(v);
                    begin();
                    arithMem(reg, sf.rSe, sf.rM);
                } else {
                    opDA(modrm);
                }
                return;
            case 0xDE:
                if (mem) {
                    int v = (short) f.read16(linear);
                    sf.fromLong(v);
                    begin();
                    arithMem(reg, sf.rSe, sf.rM);
                } else {
                    opDE(modrm);
                }
                return;
            case 0xD9:
                if (mem) {
                    memD9(reg, linear);
                } else {
                    regD9(modrm);
                }
                return;
            case 0xDB:
                if (mem) {
                    memDB(reg, linear);
                } else {
                    regDB(modrm);
                }
                return;
            case 0xDD:
                if (mem) {
                    memDD(reg, linear);
                } else {
                    regDD(modrm);
                }
                return;
            case 0xDF:
                if (mem) {
                    memDF(reg, linear);
                } else {
                    regDF(modrm);
                }
                return;
            default:
                throw CpuFault.withoutCode(CpuFault.UD);
        }
    }

    /** FNSTENV, FNSTCW, FNSAVE, FNSTSW, FNCLEX, FNINIT (and the FNENI/FNDISI/FNSETPM no-ops). */
    private static boolean isNonWaiting(int opcode, int modrm) {
        int reg = (modrm >> 3) & 7;
        if (modrm < 0xC0) {
            return (opcode == 0xD9 && reg >= 6) || (opcode == 0xDD && (reg == 6 || reg == 7));
        }
        return (opcode == 0xDB && modrm >= 0xE0 && modrm <= 0xE4) || (opcode == 0xDF && modrm == 0xE0);
    }

    /** Control instructions leave the last instruction/data pointers and opcode alone. */
    private static boolean isControl(int opcode, int modrm) {
        int reg = (modrm >> 3) & 7;
        if (modrm < 0xC0) {
            return (opcode == 0xD9 && reg >= 4) || (opcode == 0xDD && (reg == 4 || reg == 6 || reg == 7));
        }
        return (opcode == 0xDB && modrm >= 0xE0 && modrm <= 0xE4) || (opcode == 0xDF && modrm == 0xE0);
    }

    private int readF32(int linear) {
        int bits = f.read32(linear);
        begin();
        sf.fromF32(bits);
        return sf.rSe;
    }

    // ---- Arithmetic -------------------------------------------------------------------------------------

    /**
     * One of FADD/FMUL/FCOM/FCOMP/FSUB/FSUBR/FDIV/FDIVR with ST(0) and a memory operand already converted to
     * extended (the conversion's flags are already in sf.flags: begin() was called before it).
     */
    private void arithMem(int reg, int bSe, long bM) {
        int convFlags = sf.flags;
        if (empty(0)) {
            if (underflow() && reg != 2 && reg != 3) {
                set(0, SoftFloat.INDEFINITE_SE, SoftFloat.INDEFINITE_M);
            }
            if (reg == 2 || reg == 3) {
                compareUnderflow(reg == 3 ? 1 : 0);
            }
            return;
        }
        if (reg == 2 || reg == 3) {
            begin();
            sf.flags = convFlags;
            compare(se(0), m(0), bSe, bM, false, reg == 3 ? 1 : 0);
            return;
        }
        begin();
        sf.flags = convFlags; // IE of an SNaN memory operand (already quieted), DE of a denormal one
        operate(reg, se(0), m(0), bSe, bM);
        boolean nan = SoftFloat.isNaN(se(0), m(0)) || SoftFloat.isNaN(bSe, bM);
        if ((nan || (sf.flags & (SoftFloat.IE | SoftFloat.ZE)) != 0) && (convFlags & SoftFloat.DE) != 0) {
            sf.flags &= ~SoftFloat.DE; // NaNs, invalid and divide-by-zero take precedence over a denormal operand
        }
        if (commit(false)) {
            set(0, sf.rSe, sf.rM);
        }
    }

    /** The register forms of D8/DC/DE: D8 is ST(0) = ST(0) op ST(i); DC/DE are ST(i) = ST(i) op ST(0). */
    private void arithReg(int reg, int i, boolean toSti, boolean popAfter) {
        if (reg == 2 || reg == 3) {
            // FCOM/FCOMP (and their DC/DE aliases) always compare ST(0) with ST(i).
            if (empty(0) || empty(i)) {
                compareUnderflow(reg == 3 ? 1 : 0);
                return;
            }
            begin();
            compare(se(0), m(0), se(i), m(i), false, reg == 3 ? 1 : 0);
            return;
        }
        int dst = toSti ? i : 0, src = toSti ? 0 : i;
        int op = toSti && reg >= 4 ? reg ^ 1 : reg; // DC/DE swap FSUB/FSUBR and FDIV/FDIVR
        if (empty(dst) || empty(src)) {
            if (underflow()) {
                set(dst, SoftFloat.INDEFINITE_SE, SoftFloat.INDEFINITE_M);
                if (popAfter) {
                    pop();
                }
            }
            return;
        }
        begin();
        operate(op, se(dst), m(dst), se(src), m(src));
        if (commit(false)) {
            set(dst, sf.rSe, sf.rM);
            if (popAfter) {
                pop();
            }
        }
    }

    /** dst op src: 0 add, 1 mul, 4 sub (a-b), 5 subr (b-a), 6 div (a/b), 7 divr (b/a). */
    private void operate(int op, int aSe, long aM, int bSe, long bM) {
        int fmt = pcFormat();
        switch (op) {
            case 0:
                sf.add(aSe, aM, bSe, bM, false, fmt);
                break;
            case 1:
                sf.mul(aSe, aM, bSe, bM, fmt);
                break;
            case 4:
                sf.add(aSe, aM, bSe, bM, true, fmt);
                break;
            case 5:
                sf.add(bSe, bM, aSe, aM, true, fmt);
                break;
            case 6:
                sf.div(aSe, aM, bSe, bM, fmt);
                break;
            case 7:
                sf.div(bSe, bM, aSe, aM, fmt);
                break;
            default:
                throw new IllegalStateException("x87 operation " + op);
        }
    }

    // ---- Comparisons ------------------------------------------------------------------------------------

    /** A compare with an empty operand: unordered (even when IE is unmasked), popping only when masked. */
    private void compareUnderflow(int pops) {
        boolean masked = underflow();
        setCc(1, 1, 0, 1);
        if (masked) {
            for (int k = 0; k < pops; k++) {
                pop();
            }
        }
    }

    /** FCOM/FUCOM family: C3 C2 C0 from the comparison, then pops. */
    private void compare(int aSe, long aM, int bSe, long bM, boolean quiet, int pops) {
        int r = sf.compare(aSe, aM, bSe, bM, quiet);
        int fl = sf.flags;
        if ((fl & SoftFloat.IE) != 0) {
            fl &= ~SoftFloat.DE; // a NaN (or SNaN memory operand) takes precedence over a denormal one
        }
        f.fswNoTop |= fl;
        f.updateErrorSummary();
        if ((fl & ~f.fcw & (SoftFloat.IE | SoftFloat.DE)) != 0) {
            pops = 0; // the condition codes are still set; the stack is left alone
        }
        switch (r) {
            case SoftFloat.GREATER:
                setCc(0, 0, 0, 0);
                break;
            case SoftFloat.LESS:
                setCc(0, 0, 0, 1);
                break;
            case SoftFloat.EQUAL:
                setCc(1, 0, 0, 0);
                break;
            default:
                setCc(1, 1, 0, 1);
                break;
        }
        for (int k = 0; k < pops; k++) {
            pop();
        }
    }

    /** FCOMI/FUCOMI(P): ZF PF CF from the comparison, OF SF AF cleared. */
    private void compareToEflags(int i, boolean quiet, boolean popAfter) {
        int flagsOut;
        f.fswNoTop &= ~FSW_C1;
        if (empty(0) || empty(i)) {
            if (!underflow()) {
                popAfter = false; // unmasked: EFLAGS still say unordered, the stack is left alone
            }
            flagsOut = Cpu.FLAG_ZF | Cpu.FLAG_PF | Cpu.FLAG_CF;
        } else {
            begin();
            int r = sf.compare(se(0), m(0), se(i), m(i), quiet);
            f.fswNoTop |= sf.flags;
            if ((sf.flags & ~f.fcw & (SoftFloat.IE | SoftFloat.DE)) != 0) {
                popAfter = false;
            }
            switch (r) {
                case SoftFloat.GREATER:
                    flagsOut = 0;
                    break;
                case SoftFloat.LESS:
                    flagsOut = Cpu.FLAG_CF;
                    break;
                case SoftFloat.EQUAL:
                    flagsOut = Cpu.FLAG_ZF;
                    break;
                default:
                    flagsOut = Cpu.FLAG_ZF | Cpu.FLAG_PF | Cpu.FLAG_CF;
            }
        }
        f.updateErrorSummary();
        int mask = Cpu.FLAG_ZF | Cpu.FLAG_PF | Cpu.FLAG_CF | Cpu.FLAG_OF | Cpu.FLAG_SF | Cpu.FLAG_AF;
        f.cpu.setEflags((f.cpu.getEflags() & ~mask) | flagsOut);
        if (popAfter) {
            pop();
        }
    }

    // ---- Opcode groups ----------------------------------------------------------------------------------

    private void opDA(int modrm) {
        int i = modrm & 7;
        switch (modrm & 0xF8) {
            case 0xC0:
                fcmov(i, (f.cpu.getEflags() & Cpu.FLAG_CF) != 0);
                return;
            case 0xC8:
                fcmov(i, (f.cpu.getEflags() & Cpu.FLAG_ZF) != 0);
                return;
            case 0xD0:
                fcmov(i, (f.cpu.getEflags() & (Cpu.FLAG_CF | Cpu.FLAG_ZF)) != 0);
                return;
            case 0xD8:
                fcmov(i, (f.cpu.getEflags() & Cpu.FLAG_PF) != 0);
                return;
            default:
                if (modrm == 0xE9) { // FUCOMPP
                    ucomPop(1, 2);
                    return;
                }
                throw CpuFault.withoutCode(CpuFault.UD);
        }
    }

    private void fcmov(int i, boolean condition) {
        f.fswNoTop &= ~FSW_C1;
        if (empty(0) || empty(i)) {
            if (underflow()) {
                set(0, SoftFloat.INDEFINITE_SE, SoftFloat.INDEFINITE_M); // whatever the condition
            }
            f.updateErrorSummary();
            return;
        }
        if (condition) {
            set(0, se(i), m(i));
        }
    }

    private void ucomPop(int i, int pops) {
        if (empty(0) || empty(i)) {
            compareUnderflow(pops);
            return;
        }
        begin();
        compare(se(0), m(0), se(i), m(i), true, pops);
    }

    private void opDE(int modrm) {
        int reg = (modrm >> 3) & 7;
        if (reg == 3) {
            if (modrm != 0xD9) {
                throw CpuFault.withoutCode(CpuFault.UD);
            }
            // FCOMPP
            if (empty(0) || empty(1)) {
                compareUnderflow(2);
                return;
            }
            begin();
            compare(se(0), m(0), se(1), m(1), false, 2);
            return;
        }
        if (reg == 2) { // FCOMP5 (alias of FCOMP ST(i))
            arithReg(3, modrm & 7, false, false);
            return;
        }
        arithReg(reg, modrm & 7, true, true);
    }

    private void regDD(int modrm) {
        int i = modrm & 7;
        switch ((modrm >> 3) & 7) {
            case 0: { // FFREE
                f.tagValid &= ~(1 << phys(i));
                return;
            }
            case 1:
                fxch(i);
                return;
            case 2:
                fstReg(i, false);
                return;
            case 3:
                fstReg(i, true);
                return;
            case 4:
                ucomPop(i, 0);
                return;
            case 5:
                ucomPop(i, 1);
                return;
            default:
                throw CpuFault.withoutCode(CpuFault.UD);
        }
    }

    private void fstReg(int i, boolean popAfter) {
        f.fswNoTop &= ~FSW_C1;
        if (empty(0)) {
            if (underflow()) {
                set(i, SoftFloat.INDEFINITE_SE, SoftFloat.INDEFINITE_M);
                if (popAfter) {
                    pop();
                }
            }
            f.updateErrorSummary();
            return;
        }
        set(i, se(0), m(0));
        if (popAfter) {
            pop();
        }
    }

    private void fxch(int i) {
        f.fswNoTop &= ~FSW_C1;
        if (empty(0) || empty(i)) {
            if (!underflow()) {
                f.updateErrorSummary();
                return;
            }
            if (empty(0)) {
                set(0, SoftFloat.INDEFINITE_SE, SoftFloat.INDEFINITE_M);
            }
            if (empty(i)) {
                set(i, SoftFloat.INDEFINITE_SE, SoftFloat.INDEFINITE_M);
            }
            f.updateErrorSummary();
        }
        int se0 = se(0);
        long m0 = m(0);
        set(0, se(i), m(i));
        set(i, se0, m0);
    }

    private void regDF(int modrm) {
        int i = modrm & 7;
        switch ((modrm >> 3) & 7) {
            case 0: // FFREEP
                f.tagValid &= ~(1 << phys(i));
                pop();
                return;
            case 1:
                fxch(i);
                return;
            case 2:
            case 3:
                fstReg(i, true);
                return;
            case 4:
                if (modrm == 0xE0) { // FNSTSW AX
                    f.cpu.reg[Cpu.EAX] = (f.cpu.reg[Cpu.EAX] & 0xFFFF0000) | f.fsw();
                    return;
                }
                throw CpuFault.withoutCode(CpuFault.UD);
            case 5:
                compareToEflags(i, true, true);
                return;
            case 6:
                compareToEflags(i, false, true);
                return;
            default:
                throw CpuFault.withoutCode(CpuFault.UD);
        }
    }

    private void regDB(int modrm) {
        int i = modrm & 7;
        int eflags = f.cpu.getEflags();
        switch ((modrm >> 3) & 7) {
            case 0:
                fcmov(i, (eflags & Cpu.FLAG_CF) == 0);
                return;
            case 1:
                fcmov(i, (eflags & Cpu.FLAG_ZF) == 0);
                return;
            case 2:
                fcmov(i, (eflags & (Cpu.FLAG_CF | Cpu.FLAG_ZF)) == 0);
                return;
            case 3:
                fcmov(i, (eflags & Cpu.FLAG_PF) == 0);
                return;
            case 4:
                switch (modrm) {
                    case 0xE0: // FNENI, FNDISI, FNSETPM: no-ops after the 8087/80287
                    case 0xE1:
                    case 0xE4:
                        return;
                    case 0xE2: // FNCLEX
                        f.fswNoTop &= ~(0x7F | Fpu.FSW_ES | Fpu.FSW_B);
                        f.clearFerr();
                        return;
                    case 0xE3:
                        f.finit();
                        return;
                    default:
                        throw CpuFault.withoutCode(CpuFault.UD);
                }
            case 5:
                compareToEflags(i, true, false);
                return;
            case 6:
                compareToEflags(i, false, false);
                return;
            default:
                throw CpuFault.withoutCode(CpuFault.UD);
        }
    }

    private void regD9(int modrm) {
        int i = modrm & 7;
        switch (modrm) {
            case 0xD0: // FNOP
                return;
            case 0xE0: // FCHS
            case 0xE1: // FABS
                f.fswNoTop &= ~FSW_C1;
                if (topEmptyUnderflow()) {
                    return;
                }
                set(0, modrm == 0xE0 ? se(0) ^ 0x8000 : se(0) & 0x7FFF, m(0));
                return;
            case 0xE4: // FTST
                if (empty(0)) {
                    compareUnderflow(0);
                    return;
                }
                begin();
                compare(se(0), m(0), 0, 0, false, 0);
                return;
            case 0xE5:
                fxam();
                return;
            case 0xE8:
                loadConstant(0x3FFF, INTEGER_BIT, false);
                return;
            case 0xE9: // FLDL2T
                loadConstant(0x4000, 0xD49A784BCD1B8AFEL, false);
                return;
            case 0xEA: // FLDL2E
                loadConstant(0x3FFF, 0xB8AA3B295C17F0BBL, true);
                return;
            case 0xEB: // FLDPI
                loadConstant(0x4000, 0xC90FDAA22168C234L, true);
                return;
            case 0xEC: // FLDLG2
                loadConstant(0x3FFD, 0x9A209A84FBCFF798L, true);
                return;
            case 0xED: // FLDLN2
                loadConstant(0x3FFE, 0xB17217F7D1CF79ABL, true);
                return;
            case 0xEE: // FLDZ
                loadConstant(0, 0, false);
                return;
            case 0xF6: // FDECSTP
                f.top = (f.top - 1) & 7;
                f.fswNoTop &= ~FSW_C1;
                return;
            case 0xF7: // FINCSTP
                f.top = (f.top + 1) & 7;
                f.fswNoTop &= ~FSW_C1;
                return;
            case 0xF4:
                fxtract();
                return;
            case 0xF5:
                fprem(true);
                return;
            case 0xF8:
                fprem(false);
                return;
            case 0xFA: // FSQRT
                unary(0);
                return;
            case 0xFC: // FRNDINT
                unary(1);
                return;
            case 0xFD:
                fscale();
                return;
            case 0xF0: // F2XM1
            case 0xFE: // FSIN
            case 0xFF: // FCOS
            case 0xF2: // FPTAN
            case 0xFB: // FSINCOS
                transcendentalUnary(modrm);
                return;
            case 0xF1: // FYL2X
            case 0xF3: // FPATAN
            case 0xF9: // FYL2XP1
                transcendentalBinary(modrm);
                return;
            default:
                break;
        }
        switch (modrm & 0xF8) {
            case 0xC0: { // FLD ST(i)
                if (empty(i)) {
                    if (underflow()) {
                        push(SoftFloat.INDEFINITE_SE, SoftFloat.INDEFINITE_M);
                    }
                    f.updateErrorSummary();
                    return;
                }
                push(se(i), m(i));
                f.updateErrorSummary();
                return;
            }
            case 0xC8:
                fxch(i);
                return;
            case 0xD8: // FSTP1 (alias of FSTP ST(i))
                fstReg(i, true);
                return;
            default:
                throw CpuFault.withoutCode(CpuFault.UD);
        }
    }

    /** A constant held to more than 64 bits, rounded by RC (tailAboveHalf: the dropped bits exceed one half). */
    private void loadConstant(int se, long m, boolean tailAboveHalf) {
        boolean inexact = tailAboveHalf || se == 0x4000 && m == 0xD49A784BCD1B8AFEL;
        int rc = (f.fcw >> 10) & 3;
        boolean up = inexact && (rc == SoftFloat.RU || (rc == SoftFloat.RN && tailAboveHalf));
        push(se, up ? m + 1 : m);
        f.updateErrorSummary();
    }

    private void fxam() {
        int c3, c2, c0;
        int p = phys(0);
        int s = f.signExp[p];
        if (empty(0)) {
            c3 = 1;
            c2 = 0;
            c0 = 1;
        } else {
            switch (SoftFloat.classify(s, f.mant[p])) {
                case SoftFloat.ZERO:
                    c3 = 1; c2 = 0; c0 = 0;
                    break;
                case SoftFloat.DENORMAL:
                    c3 = 1; c2 = 1; c0 = 0;
                    break;
                case SoftFloat.NORMAL:
                    c3 = 0; c2 = 1; c0 = 0;
                    break;
                case SoftFloat.INF:
                    c3 = 0; c2 = 1; c0 = 1;
                    break;
                case SoftFloat.QNAN:
                case SoftFloat.SNAN:
                    c3 = 0; c2 = 0; c0 = 1;
                    break;
                default:
                    c3 = 0; c2 = 0; c0 = 0;
            }
        }
        setCc(c3, c2, (s >> 15) & 1, c0);
    }

    /** 0 = FSQRT (precision-controlled), 1 = FRNDINT. */
    private void unary(int which) {
        if (topEmptyUnderflow()) {
            return;
        }
        begin();
        if (which == 0) {
            sf.sqrt(se(0), m(0), pcFormat());
        } else {
            sf.roundToInt(se(0), m(0));
        }
        if (commit(false)) {
            set(0, sf.rSe, sf.rM);
        }
    }

    private void fxtract() {
        if (empty(0)) {
            if (underflow()) {
                set(0, SoftFloat.INDEFINITE_SE, SoftFloat.INDEFINITE_M);
                push(SoftFloat.INDEFINITE_SE, SoftFloat.INDEFINITE_M);
            }
            f.updateErrorSummary();
            return;
        }
        if (!empty(-1)) {
            push(0, 0); // stack overflow: IE|SF, C1=1, indefinite pushed when masked
            f.updateErrorSummary();
            return;
        }
        begin();
        int s = se(0);
        long mm = m(0);
        int sigSe, expSe;
        long sigM, expM;
        switch (SoftFloat.classify(s, mm)) {
            case SoftFloat.ZERO:
                sf.flags |= SoftFloat.ZE;
                expSe = 0xFFFF;
                expM = INTEGER_BIT;
                sigSe = s;
                sigM = mm;
                break;
            case SoftFloat.INF:
                expSe = 0x7FFF;
                expM = INTEGER_BIT;
                sigSe = s;
                sigM = mm;
                break;
            case SoftFloat.QNAN:
            case SoftFloat.SNAN:
                sf.propagateNaN(s, mm);
                expSe = sigSe = sf.rSe;
                expM = sigM = sf.rM;
                break;
            case SoftFloat.UNSUPPORTED:
                sf.setIndefinite();
                expSe = sigSe = sf.rSe;
                expM = sigM = sf.rM;
                break;
            default:
                if ((s & 0x7FFF) == 0) {
                    sf.flags |= SoftFloat.DE;
                }
                sf.unpack(s, mm);
                sigSe = (sf.uSign << 15) | SoftFloat.BIAS;
                sigM = sf.uSig;
                sf.fromLong(sf.uExp - SoftFloat.BIAS);
                expSe = sf.rSe;
                expM = sf.rM;
        }
        if (commit(false)) {
            set(0, expSe, expM);
            push(sigSe, sigM);
        }
    }

    private void fscale() {
        if (empty(0) || empty(1)) {
            if (underflow()) {
                set(0, SoftFloat.INDEFINITE_SE, SoftFloat.INDEFINITE_M);
            }
            f.updateErrorSummary();
            return;
        }
        begin();
        int aSe = se(0), bSe = se(1);
        long aM = m(0), bM = m(1);
        int ca = SoftFloat.classify(aSe, aM), cb = SoftFloat.classify(bSe, bM);
        if (ca == SoftFloat.UNSUPPORTED || cb == SoftFloat.UNSUPPORTED) {
            sf.setIndefinite();
        } else if (ca >= SoftFloat.QNAN || cb >= SoftFloat.QNAN) {
            sf.propagateNaN(aSe, aM, bSe, bM);
        } else {
            if (ca == SoftFloat.DENORMAL || cb == SoftFloat.DENORMAL) {
                sf.flags |= SoftFloat.DE;
            }
            boolean bNeg = (bSe & 0x8000) != 0;
            if (cb == SoftFloat.INF) {
                if (ca == SoftFloat.ZERO && !bNeg || ca == SoftFloat.INF && bNeg) {
                    sf.setIndefinite();
                } else if (ca == SoftFloat.ZERO || ca == SoftFloat.INF) {
                    sf.setResult(aSe, aM);
                } else if (bNeg) {
                    sf.setResult(aSe & 0x8000, 0);
                } else {
                    sf.setResult(aSe | 0x7FFF, INTEGER_BIT);
                }
            } else if (ca == SoftFloat.ZERO || ca == SoftFloat.INF) {
                sf.setResult(aSe, aM);
            } else {
                int n;
                int eb = bSe & 0x7FFF;
                if (cb == SoftFloat.ZERO || eb < SoftFloat.BIAS) {
                    n = 0;
                } else if (eb - SoftFloat.BIAS >= 17) {
                    n = 0x20000; // beyond any exponent: saturates to overflow/underflow
                } else {
                    n = (int) (bM >>> (63 - (eb - SoftFloat.BIAS)));
                }
                if (bNeg) {
                    n = -n;
                }
                sf.unpack(aSe, aM);
                sf.roundPack(sf.uSign, sf.uExp + n, sf.uSig, 0, SoftFloat.EXT64);
            }
        }
        if (commit(false)) {
            set(0, sf.rSe, sf.rM);
        }
    }

    /** FPREM (truncating quotient) and FPREM1 (IEEE round-to-nearest quotient). */
    private void fprem(boolean ieee) {
        if (empty(0) || empty(1)) {
            if (underflow()) {
                set(0, SoftFloat.INDEFINITE_SE, SoftFloat.INDEFINITE_M);
            }
            f.updateErrorSummary();
            return;
        }
        begin();
        int aSe = se(0), bSe = se(1);
        long aM = m(0), bM = m(1);
        int ca = SoftFloat.classify(aSe, aM), cb = SoftFloat.classify(bSe, bM);
        int q = 0;
        boolean incomplete = false;
        f.fswNoTop &= ~Fpu.FSW_CC;
        if (ca == SoftFloat.UNSUPPORTED || cb == SoftFloat.UNSUPPORTED) {
            sf.setIndefinite();
        } else if (ca >= SoftFloat.QNAN || cb >= SoftFloat.QNAN) {
            sf.propagateNaN(aSe, aM, bSe, bM);
        } else if (ca == SoftFloat.INF || cb == SoftFloat.ZERO) {
            sf.setIndefinite(); // invalid takes precedence over a denormal operand
        } else if (ca == SoftFloat.ZERO || cb == SoftFloat.INF) {
            if (ca == SoftFloat.DENORMAL || cb == SoftFloat.DENORMAL) {
                sf.flags |= SoftFloat.DE;
            }
            sf.setResult(aSe, aM);
            if (ca == SoftFloat.DENORMAL) {
                sf.round(aSe, aM, SoftFloat.EXT64); // a denormal remainder stays as it is (flags DE/UE)
            }
        } else {
            if (ca == SoftFloat.DENORMAL || cb == SoftFloat.DENORMAL) {
                sf.flags |= SoftFloat.DE;
            }
            sf.unpack(aSe, aM);
            int sign = sf.uSign, ea = sf.uExp;
            long ma = sf.uSig;
            sf.unpack(bSe, bM);
            int eb = sf.uExp;
            long mb = sf.uSig;
            int d = ea - eb;
            int resultExp = eb;
            if (d >= 64) {
                // Partial remainder: reduce the exponent difference by 32..63 and report C2 = 1.
                incomplete = true;
                int n = 32 + ((d - 32) & 31);
                resultExp = ea - n;
                d = n;
            }
            long rem;
            boolean negate = false;
            if (d < 0) {
                if (ieee && d == -1 && Long.compareUnsigned(ma, mb) > 0) {
                    // |b|/2 < |a| < |b|: the nearest quotient is 1 and a - b*sign is exact in extended.
                    sf.add(aSe, aM, (bSe & 0x7FFF) | (aSe & 0x8000), bM, true, SoftFloat.EXT64);
                    finishPrem(1, false);
                    return;
                }
                rem = ma;
                resultExp = ea;
            } else {
                rem = ma;
                boolean top = false;
                long quotient = 0;
                for (int k = 0; k <= d; k++) {
                    quotient <<= 1;
                    if (top || Long.compareUnsigned(rem, mb) >= 0) {
                        rem -= mb;
                        quotient |= 1;
                    }
                    if (k < d) {
                        top = rem < 0;
                        rem <<= 1;
                    }
                }
                if (ieee && !incomplete && rem != 0) {
                    // Round the quotient to nearest: compare 2*rem with mb.
                    int c = rem < 0 ? 1 : Long.compareUnsigned(rem << 1, mb);
                    if (c > 0 || (c == 0 && (quotient & 1) != 0)) {
                        rem = mb - rem;
                        negate = true;
                        quotient++;
                    }
                }
                q = (int) quotient;
            }
            int rs = negate ? sign ^ 1 : sign;
            if (rem == 0) {
                sf.setResult(sign << 15, 0);
            } else {
                sf.roundPack(rs, resultExp, rem, 0, SoftFloat.EXT64);
            }
        }
        finishPrem(q, incomplete);
    }

    private void finishPrem(int q, boolean incomplete) {
        if (commit(false)) {
            set(0, sf.rSe, sf.rM);
            if (incomplete) {
                f.fswNoTop |= FSW_C2;
            } else {
                f.fswNoTop = (f.fswNoTop & ~Fpu.FSW_CC) | ((q & 4) != 0 ? FSW_C0 : 0)
                        | ((q & 2) != 0 ? FSW_C3 : 0) | ((q & 1) != 0 ? FSW_C1 : 0);
            }
        }
    }

    private void transcendentalUnary(int modrm) {
        if (empty(0)) {
            if (underflow()) {
                set(0, SoftFloat.INDEFINITE_SE, SoftFloat.INDEFINITE_M);
                if (modrm == 0xF2 || modrm == 0xFB) {
                    push(SoftFloat.INDEFINITE_SE, SoftFloat.INDEFINITE_M);
                }
            }
            f.updateErrorSummary();
            return;
        }
        boolean pushes = modrm == 0xF2 || modrm == 0xFB;
        if (pushes && !empty(-1)) {
            push(0, 0); // stack overflow
            f.updateErrorSummary();
            return;
        }
        begin();
        f.fswNoTop &= ~FSW_C2;
        int outcome;
        switch (modrm) {
            case 0xF0:
                outcome = trans.f2xm1(se(0), m(0));
                break;
            case 0xFE:
                outcome = trans.sin(se(0), m(0));
                break;
            case 0xFF:
                outcome = trans.cos(se(0), m(0));
                break;
            case 0xF2:
                outcome = trans.tan(se(0), m(0));
                break;
            default:
                outcome = trans.sincos(se(0), m(0));
                break;
        }
        if (outcome == X87Transcendental.OUT_OF_RANGE) {
            f.fswNoTop = (f.fswNoTop & ~FSW_C1) | FSW_C2;
            f.fswNoTop |= sf.flags;
            f.updateErrorSummary();
            return;
        }
        if (commit(false)) {
            set(0, sf.rSe, sf.rM);
            if (modrm == 0xF2) {
                if (outcome == X87Transcendental.RESULT_IS_NAN) {
                    push(sf.rSe, sf.rM);
                } else {
                    push(0x3FFF, INTEGER_BIT);
                }
            } else if (modrm == 0xFB) {
                set(0, trans.secondSe, trans.secondM); // sine
                push(sf.rSe, sf.rM); // cosine on top
            }
        }
    }

    private void transcendentalBinary(int modrm) {
        if (empty(0) || empty(1)) {
            if (underflow()) {
                set(1, SoftFloat.INDEFINITE_SE, SoftFloat.INDEFINITE_M);
                pop();
            }
            f.updateErrorSummary();
            return;
        }
        begin();
        switch (modrm) {
            case 0xF1:
                trans.yl2x(se(0), m(0), se(1), m(1));
                break;
            case 0xF9:
                trans.yl2xp1(se(0), m(0), se(1), m(1));
                break;
            default:
                trans.atan(se(1), m(1), se(0), m(0));
                break;
        }
        if (commit(false)) {
            set(1, sf.rSe, sf.rM);
            pop();
        }
    }

    // ---- Memory forms -----------------------------------------------------------------------------------

    private void memD9(int reg, int linear) {
        switch (reg) {
            case 0: { // FLD m32fp
                int bits = f.read32(linear);
                begin();
                sf.fromF32(bits);
                loadConverted();
                return;
            }
            case 2:
            case 3:
                storeFloat(linear, SoftFloat.F32, reg == 3);
                return;
            case 4:
                fldenv(linear);
                return;
            case 5: { // FLDCW
                setControlWord(f.read16(linear));
                return;
            }
            case 6:
                fnstenv(linear);
                f.fcw |= 0x3F; // FNSTENV masks every exception afterwards
                f.updateErrorSummary();
                return;
            case 7:
                f.write16(linear, f.fcw);
                return;
            default:
                throw CpuFault.withoutCode(CpuFault.UD);
        }
    }

    void setControlWord(int value) {
        f.fcw = (value & 0x1F3F) | 0x40;
        f.updateErrorSummary();
    }

    /** Pushes a converted memory value (sf.rSe/rM, with the conversion's flags in sf.flags). */
    private void loadConverted() {
        int se = sf.rSe;
        long m = sf.rM;
        if ((sf.flags & ~f.fcw & (SoftFloat.IE | SoftFloat.DE)) != 0) {
            f.fswNoTop |= sf.flags;
            f.updateErrorSummary();
            return;
        }
        int fl = sf.flags;
        if (push(se, m)) {
            f.fswNoTop |= fl;
        }
        f.updateErrorSummary();
    }

    private void storeFloat(int linear, int fmt, boolean popAfter) {
        if (empty(0)) {
            if (underflow()) {
                if (fmt == SoftFloat.F32) {
                    f.write32(linear, SoftFloat.F32_INDEFINITE);
                } else {
                    f.write64(linear, SoftFloat.F64_INDEFINITE);
                }
                if (popAfter) {
                    pop();
                }
            }
            f.updateErrorSummary();
            return;
        }
        begin();
        sf.round(se(0), m(0), fmt);
        if (sf.flags != 0 && (sf.flags & ~f.fcw & 0x1F) != 0) {
            if ((sf.flags & ~f.fcw & (SoftFloat.OE | SoftFloat.UE)) != 0) {
                sf.flags &= ~SoftFloat.PE; // an unmasked overflow/underflow stores nothing: no precision flag
            }
            commit(true);
            return;
        }
        if (fmt == SoftFloat.F32) {
            f.write32(linear, (int) sf.rBits);
        } else {
            f.write64(linear, sf.rBits);
        }
        commit(true);
        if (popAfter) {
            pop();
        }
    }

    private void storeInt(int linear, int bits, boolean popAfter, boolean truncate) {
        if (empty(0)) {
            if (underflow()) {
                writeInt(linear, bits, bits == 64 ? Long.MIN_VALUE : -(1L << (bits - 1)));
                if (popAfter) {
                    pop();
                }
            }
            f.updateErrorSummary();
            return;
        }
        begin();
        long v = sf.toInt(se(0), m(0), bits, truncate ? SoftFloat.RZ : sf.rounding);
        if ((sf.flags & ~f.fcw & (SoftFloat.IE | SoftFloat.DE)) != 0) {
            commit(true);
            return;
        }
        writeInt(linear, bits, v);
        commit(true);
        if (popAfter) {
            pop();
        }
    }

    private void writeInt(int linear, int bits, long v) {
        if (bits == 16) {
            f.write16(linear, (int) v);
        } else if (bits == 32) {
            f.write32(linear, (int) v);
        } else {
            f.write64(linear, v);
        }
    }

    private void memDB(int reg, int linear) {
        switch (reg) {
            case 0: { // FILD m32int
                int v = f.read32(linear);
                begin();
                sf.fromLong(v);
                loadConverted();
                return;
            }
            case 1:
                storeInt(linear, 32, true, true);
                return;
            case 2:
                storeInt(linear, 32, false, false);
                return;
            case 3:
                storeInt(linear, 32, true, false);
                return;
            case 5: { // FLD m80fp: no conversion, no exception
                long m = f.read64(linear);
                int se = f.read16(linear + 8);
                push(se, m);
                f.updateErrorSummary();
                return;
            }
            case 7: { // FSTP m80fp
                if (empty(0)) {
                    if (underflow()) {
                        write80(linear, SoftFloat.INDEFINITE_SE, SoftFloat.INDEFINITE_M);
                        pop();
                    }
                    f.updateErrorSummary();
                    return;
                }
                write80(linear, se(0), m(0));
                f.fswNoTop &= ~FSW_C1;
                pop();
                return;
            }
            default:
                throw CpuFault.withoutCode(CpuFault.UD);
        }
    }

    private void write80(int linear, int se, long m) {
        f.checkWrite(linear, 10);
        f.write64(linear, m);
        f.write16(linear + 8, se);
    }

    private void memDD(int reg, int linear) {
        switch (reg) {
            case 0: { // FLD m64fp
                long bits = f.read64(linear);
                begin();
                sf.fromF64(bits);
                loadConverted();
                return;
            }
            case 1:
                storeInt(linear, 64, true, true);
                return;
            case 2:
            case 3:
                storeFloat(linear, SoftFloat.F64, reg == 3);
                return;
            case 4:
                frstor(linear);
                return;
            case 6:
                fnsave(linear);
                return;
            case 7:
                f.write16(linear, f.fsw());
                return;
            default:
                throw CpuFault.withoutCode(CpuFault.UD);
        }
    }

    private void memDF(int reg, int linear) {
        switch (reg) {
            case 0: { // FILD m16int
                int v = (short) f.read16(linear);
                begin();
                sf.fromLong(v);
                loadConverted();
                return;
            }
            case 1:
                storeInt(linear, 16, true, true);
                return;
            case 2:
                storeInt(linear, 16, false, false);
                return;
            case 3:
                storeInt(linear, 16, true, false);
                return;
            case 4:
                fbld(linear);
                return;
            case 5: { // FILD m64int
                long v = f.read64(linear);
                begin();
                sf.fromLong(v);
                loadConverted();
                return;
            }
            case 6:
                fbstp(linear);
                return;
            default: // 7: FISTP m64int
                storeInt(linear, 64, true, false);
        }
    }

    // ---- Packed BCD -------------------------------------------------------------------------------------

    private void fbld(int linear) {
        long digits = f.read64(linear);
        int top2 = f.read16(linear + 8);
        long v = 0;
        for (int k = 15; k >= 0; k--) {
            v = v * 10 + ((digits >>> (4 * k)) & 15);
        }
        long high = (top2 & 0xFF);
        v = ((high >> 4) * 10 + (high & 15)) * 10000000000000000L + v;
        begin();
        sf.fromLong((top2 & 0x8000) != 0 ? -v : v);
        int se = sf.rSe;
        if (v == 0 && (top2 & 0x8000) != 0) {
            se = 0x8000; // -0
        }
        push(se, sf.rM);
        f.updateErrorSummary();
    }

    private void fbstp(int linear) {
        if (empty(0)) {
            if (underflow()) {
                writeBcdIndefinite(linear);
                pop();
            }
            f.updateErrorSummary();
            return;
        }
        begin();
        long v = sf.toInt(se(0), m(0), 64, sf.rounding);
        boolean neg = (se(0) & 0x8000) != 0;
        if ((sf.flags & SoftFloat.IE) == 0 && (v >= 1000000000000000000L || v <= -1000000000000000000L)) {
            sf.flags = (sf.flags & ~SoftFloat.PE) | SoftFloat.IE;
        }
        if ((sf.flags & SoftFloat.IE) != 0) {
            if (commit(true)) {
                writeBcdIndefinite(linear);
                pop();
            }
            return;
        }
        long mag = Math.abs(v);
        long lowDigits = 0;
        for (int k = 0; k < 16; k++) {
            lowDigits |= (mag % 10) << (4 * k);
            mag /= 10;
        }
        int high = (int) ((mag / 10) << 4 | (mag % 10));
        f.checkWrite(linear, 10);
        f.write64(linear, lowDigits);
        f.write16(linear + 8, high | (neg ? 0x8000 : 0));
        if (commit(true)) {
            pop();
        }
    }

    private void writeBcdIndefinite(int linear) {
        f.checkWrite(linear, 10);
        f.write64(linear, 0xC000000000000000L);
        f.write16(linear + 8, 0xFFFF);
    }

    // ---- Environment and state --------------------------------------------------------------------------

    private boolean realOrV86() {
        return (f.cpu.cr0 & Cpu.CR0_PE) == 0 || (f.cpu.getEflags() & Cpu.FLAG_VM) != 0;
    }

    /** Writes the 14- or 28-byte environment; returns its size. */
    private int fnstenv(int linear) {
        boolean o32 = f.operand32;
        int size = o32 ? 28 : 14;
        f.checkWrite(linear, size);
        int fcw = f.fcw, fsw = f.fsw(), ftw = f.fullTagWord();
        if (o32) {
            f.write32(linear, 0xFFFF0000 | fcw);
            f.write32(linear + 4, 0xFFFF0000 | fsw);
            f.write32(linear + 8, 0xFFFF0000 | ftw);
            if (realOrV86()) {
                int ip = f.fip + (f.fcs << 4), dp = f.fdp + (f.fds << 4);
                f.write32(linear + 12, 0xFFFF0000 | (ip & 0xFFFF));
                f.write32(linear + 16, ((ip >>> 16) << 12) | (f.fop & 0x7FF));
                f.write32(linear + 20, 0xFFFF0000 | (dp & 0xFFFF));
                f.write32(linear + 24, (dp >>> 16) << 12);
            } else {
                f.write32(linear + 12, f.fip);
                f.write32(linear + 16, ((f.fop & 0x7FF) << 16) | (f.fcs & 0xFFFF));
                f.write32(linear + 20, f.fdp);
                f.write32(linear + 24, 0xFFFF0000 | f.fds);
            }
        } else {
            f.write16(linear, fcw);
            f.write16(linear + 2, fsw);
            f.write16(linear + 4, ftw);
            if (realOrV86()) {
                int ip = f.fip + (f.fcs << 4), dp = f.fdp + (f.fds << 4);
                f.write16(linear + 6, ip);
                f.write16(linear + 8, ((ip >>> 16) << 12) | (f.fop & 0x7FF));
                f.write16(linear + 10, dp);
                f.write16(linear + 12, (dp >>> 16) << 12);
            } else {
                f.write16(linear + 6, f.fip);
                f.write16(linear + 8, f.fcs);
                f.write16(linear + 10, f.fdp);
                f.write16(linear + 12, f.fds);
            }
        }
        return size;
    }

    private int fldenv(int linear) {
        boolean o32 = f.operand32;
        int step = o32 ? 4 : 2;
        int fcw = f.read16(linear), fsw = f.read16(linear + step), ftw = f.read16(linear + 2 * step);
        int ip, cs, dp, ds, op;
        if (o32) {
            int w3 = f.read32(linear + 12), w4 = f.read32(linear + 16), w5 = f.read32(linear + 20),
                    w6 = f.read32(linear + 24);
            if (realOrV86()) {
                ip = (w3 & 0xFFFF) | ((w4 >>> 12) << 16);
                op = w4 & 0x7FF;
                dp = (w5 & 0xFFFF) | ((w6 >>> 12) << 16);
                cs = ds = 0;
            } else {
                ip = w3;
                cs = w4 & 0xFFFF;
                op = (w4 >>> 16) & 0x7FF;
                dp = w5;
                ds = w6 & 0xFFFF;
            }
        } else {
            int w3 = f.read16(linear + 6), w4 = f.read16(linear + 8), w5 = f.read16(linear + 10),
                    w6 = f.read16(linear + 12);
            if (realOrV86()) {
                ip = w3 | ((w4 >>> 12) << 16);
                op = w4 & 0x7FF;
                dp = w5 | ((w6 >>> 12) << 16);
                cs = ds = 0;
            } else {
                ip = w3;
                cs = w4;
                dp = w5;
                ds = w6;
                op = f.fop;
            }
        }
        setControlWord(fcw);
        f.setFsw(fsw);
        f.setFullTagWord(ftw);
        f.fip = ip;
        f.fcs = cs;
        f.fdp = dp;
        f.fds = ds;
        f.fop = op;
        f.updateErrorSummary();
        return o32 ? 28 : 14;
    }

    private void fnsave(int linear) {
        int envSize = f.operand32 ? 28 : 14;
        f.checkWrite(linear, envSize + 80);
        fnstenv(linear);
        for (int i = 0; i < 8; i++) {
            int p = phys(i);
            write80(linear + envSize + 10 * i, f.signExp[p], f.mant[p]);
        }
        f.finit();
    }

    private void frstor(int linear) {
        int envSize = f.operand32 ? 28 : 14;
        // Read the registers first so that a fault leaves the state untouched.
        long[] m = new long[8];
        int[] se = new int[8];
        for (int i = 0; i < 8; i++) {
            m[i] = f.read64(linear + envSize + 10 * i);
            se[i] = f.read16(linear + envSize + 10 * i + 8);
        }
        fldenv(linear);
        for (int i = 0; i < 8; i++) {
            int p = phys(i);
            f.mant[p] = m[i];
            f.signExp[p] = se[i];
        }
    }
}
