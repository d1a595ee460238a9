package org.nodeoslab.emulator.cpu;

/**
 * Integer arithmetic with lazily computed flags (as v86 and Bochs do): ADD/SUB/logic/INC/DEC record their operands,
 * result and kind, and CF/PF/AF/ZF/SF/OF are computed only when something reads them (Jcc, PUSHF, ...). Flags that
 * are not lazy live in {@code cpu.eflags}; {@link #lazy} says which of the six arithmetic flags are held here.
 *
 * <p>Operand sizes are given as masks (0xFF, 0xFFFF, 0xFFFFFFFF); values passed in may carry garbage above the mask.
 */
final class Alu {
    static final int CF = Cpu.FLAG_CF, PF = Cpu.FLAG_PF, AF = Cpu.FLAG_AF, ZF = Cpu.FLAG_ZF, SF = Cpu.FLAG_SF,
            OF = Cpu.FLAG_OF;
    static final int ARITH = CF | PF | AF | ZF | SF | OF;

    private static final int K_ADD = 0, K_ADC = 1, K_SUB = 2, K_SBB = 3, K_LOGIC = 4, K_INC = 5, K_DEC = 6;

    private final Cpu cpu;
    /** The arithmetic flags whose value is held lazily (the rest of cpu.eflags is current). */
    int lazy;
    private int kind;
    private int opA;
    private int opB;
    private int res;
    private int mask;
    /** Carry in of the last ADC/SBB. */
    private int carryIn;

    /** The flag state saved by {@link #save()} (all of the lazy state and EFLAGS). */
    private int savedLazy, savedKind, savedA, savedB, savedRes, savedMask, savedCarryIn, savedEflags;

    Alu(Cpu cpu) {
        this.cpu = cpu;
    }

    /**
     * Saves the flags before a read-modify-write of memory computes new ones: if the write then faults,
     * {@link #restore()} puts them back, since a faulting instruction must change nothing (an ADC re-executed
     * after a page fault would otherwise add the carry it produced itself).
     */
    void save() {
        savedLazy = lazy;
        savedKind = kind;
        savedA = opA;
        savedB = opB;
        savedRes = res;
        savedMask = mask;
        savedCarryIn = carryIn;
        savedEflags = cpu.eflags;
    }

    void restore() {
        lazy = savedLazy;
        kind = savedKind;
        opA = savedA;
        opB = savedB;
        res = savedRes;
        mask = savedMask;
        carryIn = savedCarryIn;
        cpu.eflags = savedEflags;
    }

    // ---- Reading flags -------------------------------------------------------------------------------------

    /** EFLAGS with the lazy flags folded in. */
    int fold(int eflags) {
        int l = lazy;
        if (l == 0) {
            return eflags;
        }
        int f = eflags & ~l;
        if ((l & CF) != 0 && computeCf() != 0) {
            f |= CF;
        }
        if ((l & PF) != 0 && parityEven(res)) {
            f |= PF;
        }
        if ((l & AF) != 0 && computeAf() != 0) {
            f |= AF;
        }
        if ((l & ZF) != 0 && (res & mask) == 0) {
            f |= ZF;
        }
        if ((l & SF) != 0 && (res & signBit()) != 0) {
            f |= SF;
        }
        if ((l & OF) != 0 && computeOf() != 0) {
            f |= OF;
        }
        return f;
    }

    /** Makes every flag current in cpu.eflags. */
    void materialize() {
        if (lazy != 0) {
            cpu.eflags = fold(cpu.eflags);
            lazy = 0;
        }
    }

    int cf() {
        return (lazy & CF) != 0 ? computeCf() : cpu.eflags & CF;
    }

    boolean zf() {
        return (lazy & ZF) != 0 ? (res & mask) == 0 : (cpu.eflags & ZF) != 0;
    }

    boolean sf() {
        return (lazy & SF) != 0 ? (res & signBit()) != 0 : (cpu.eflags & SF) != 0;
    }

    boolean of() {
        return (lazy & OF) != 0 ? computeOf() != 0 : (cpu.eflags & OF) != 0;
    }

    boolean pf() {
        return (lazy & PF) != 0 ? parityEven(res) : (cpu.eflags & PF) != 0;
    }

    boolean af() {
        return (lazy & AF) != 0 ? computeAf() != 0 : (cpu.eflags & AF) != 0;
    }

    /**
     * Jcc/SETcc/CMOVcc condition 0-15 (O, NO, B, AE, E, NE, BE, A, S, NS, P, NP, L, GE, LE, G).
     *
     * <p>After a CMP/SUB the common conditions follow from the operands without computing flags (they are kept
     * masked to the operand size, so unsigned order is theirs and signed order theirs sign-extended), and after
     * AND/OR/XOR/TEST (CF = OF = 0) all but parity from the result alone. Both in this one method: in the browser
     * TeaVM did not inline the compare's case into it, so a Jcc after a CMP paid two calls (Alu::condition 0.5% and
     * Alu::compareCondition 0.6% of a warm node -e's samples).
     */
    boolean condition(int cc) {
        if (lazy == ARITH && (kind == K_SUB || kind == K_LOGIC)) {
            int m = mask;
            int shift = m == -1 ? 0 : m == 0xFFFF ? 16 : 24;
            if (kind == K_SUB) {
                int a = opA << shift >> shift;
                int b = opB << shift >> shift;
                switch (cc) {
                    case 2: return (a ^ 0x80000000) < (b ^ 0x80000000);
                    case 3: return (a ^ 0x80000000) >= (b ^ 0x80000000);
                    case 4: return a == b;
                    case 5: return a != b;
                    case 6: return (a ^ 0x80000000) <= (b ^ 0x80000000);
                    case 7: return (a ^ 0x80000000) > (b ^ 0x80000000);
                    case 12: return a < b;
                    case 13: return a >= b;
                    case 14: return a <= b;
                    case 15: return a > b;
                    default: break;
                }
            } else {
                int r = res << shift >> shift;
                switch (cc) {
                    case 0: case 2: return false; // O, B
                    case 1: case 3: return true; // NO, AE
                    case 4: case 6: return r == 0; // E, BE
                    case 5: case 7: return r != 0; // NE, A
                    case 8: case 12: return r < 0; // S, L
                    case 9: case 13: return r >= 0; // NS, GE
                    case 14: return r <= 0; // LE
                    case 15: return r > 0; // G
                    default: break;
                }
            }
        }
        return flagCondition(cc);
    }

    private boolean flagCondition(int cc) {
        boolean r;
        switch (cc >> 1) {
            case 0: r = of(); break;
            case 1: r = cf() != 0; break;
            case 2: r = zf(); break;
            case 3: r = cf() != 0 || zf(); break;
            case 4: r = sf(); break;
            case 5: r = pf(); break;
            case 6: r = sf() != of(); break;
            default: r = zf() || sf() != of(); break;
        }
        return r != ((cc & 1) != 0);
    }

    private int signBit() {
        return mask & ~(mask >>> 1);
    }

    private int computeCf() {
        int a = opA ^ 0x80000000, b = opB ^ 0x80000000, r = res ^ 0x80000000;
        switch (kind) {
            case K_ADD: return r < a ? 1 : 0;
            case K_ADC: return (carryIn != 0 ? r <= a : r < a) ? 1 : 0;
            case K_SUB: return a < b ? 1 : 0;
            case K_SBB: return (carryIn != 0 ? a <= b : a < b) ? 1 : 0;
            default: return 0; // logic ops clear CF; INC/DEC never hold CF lazily
        }
    }

    private int computeOf() {
        switch (kind) {
            case K_ADD: case K_ADC: case K_INC:
                return ((opA ^ res) & (opB ^ res) & signBit()) != 0 ? 1 : 0;
            case K_SUB: case K_SBB: case K_DEC:
                return ((opA ^ opB) & (opA ^ res) & signBit()) != 0 ? 1 : 0;
            default:
                return 0;
        }
    }

    private int computeAf() {
        return kind == K_LOGIC ? 0 : (opA ^ opB ^ res) & AF;
    }

    static boolean parityEven(int v) {
        return ((0x9669 >>> ((v ^ (v >>> 4)) & 0xF)) & 1) != 0;
    }

    // ---- Setting flags -------------------------------------------------------------------------------------

    private int record(int k, int a, int b, int r, int m) {
        kind = k;
        opA = a & m;
        opB = b & m;
        res = r & m;
        mask = m;
        lazy = ARITH;
        return res;
    }

    /** Sets the flags in {@code which} to the bits of {@code values} eagerly. */
    void setFlags(int which, int values) {
        if ((lazy & which) != 0) {
            materialize();
        }
        cpu.eflags = (cpu.eflags & ~which) | (values & which);
    }

    /** SF, ZF and PF from a result, CF/OF/AF as given (shifts, multiplies, BCD adjusts). */
    void setResultFlags(int r, int m, int cfOfAf) {
        int f = cfOfAf;
        if ((r & m) == 0) {
            f |= ZF;
        }
        if ((r & m & ~(m >>> 1)) != 0) {
            f |= SF;
        }
        if (parityEven(r)) {
            f |= PF;
        }
        lazy = 0;
        cpu.eflags = (cpu.eflags & ~ARITH) | f;
    }

    // ---- Operations ----------------------------------------------------------------------------------------

    int add(int a, int b, int m) {
        return record(K_ADD, a, b, a + b, m);
    }

    int adc(int a, int b, int m) {
        int c = cf();
        carryIn = c;
        return record(K_ADC, a, b, a + b + c, m);
    }

    int sub(int a, int b, int m) {
        return record(K_SUB, a, b, a - b, m);
    }

    int sbb(int a, int b, int m) {
        int c = cf();
        carryIn = c;
        return record(K_SBB, a, b, a - b - c, m);
    }

    int and(int a, int b, int m) {
        return record(K_LOGIC, 0, 0, a & b, m);
    }

    int or(int a, int b, int m) {
        return record(K_LOGIC, 0, 0, a | b, m);
    }

    int xor(int a, int b, int m) {
        return record(K_LOGIC, 0, 0, a ^ b, m);
    }

    int inc(int a, int m) {
        keepCarry();
        record(K_INC, a, 1, a + 1, m);
        lazy = ARITH & ~CF;
        return res;
    }

    int dec(int a, int m) {
        keepCarry();
        record(K_DEC, a, 1, a - 1, m);
        lazy = ARITH & ~CF;
        return res;
    }

    private void keepCarry() {
        if ((lazy & CF) != 0) {
            cpu.eflags = (cpu.eflags & ~CF) | computeCf();
        }
    }

    /** The eight group-1 operations (ADD OR ADC SBB AND SUB XOR CMP) by their ModRM reg / opcode bits 3-5. */
    int arith(int op, int a, int b, int m) {
        switch (op) {
            case 0: return add(a, b, m);
            case 1: return or(a, b, m);
            case 2: return adc(a, b, m);
            case 3: return sbb(a, b, m);
            case 4: return and(a, b, m);
            case 5: case 7: return sub(a, b, m);
            default: return xor(a, b, m);
        }
    }

    // ---- Shifts and rotates (flags computed eagerly) -------------------------------------------------------

    /** Group 2 (ROL ROR RCL RCR SHL SHR SAL SAR) on a value of {@code bits} bits; count already masked to 5 bits. */
    int shift(int op, int v, int count, int bits) {
        if (count == 0) {
            return v;
        }
        int m = bits == 32 ? -1 : (1 << bits) - 1;
        int sign = 1 << (bits - 1);
        v &= m;
        int r;
        int c;
        switch (op) {
            case 0: { // ROL
                int n = count & (bits - 1);
                r = (v << n | v >>> (bits - n)) & m;
                c = r & 1;
                setFlags(CF | OF, c | ((((r & sign) != 0 ? 1 : 0) ^ c) != 0 ? OF : 0));
                return r;
            }
            case 1: { // ROR
                int n = count & (bits - 1);
                r = (v >>> n | v << (bits - n)) & m;
                c = (r & sign) != 0 ? 1 : 0;
                int second = (r & (sign >>> 1)) != 0 ? 1 : 0;
                setFlags(CF | OF, c | ((c ^ second) != 0 ? OF : 0));
                return r;
            }
            case 2: { // RCL
                int n = bits == 32 ? count : count % (bits + 1);
                if (n == 0) {
                    return v;
                }
                c = cf();
                r = v;
                for (int i = 0; i < n; i++) {
                    int out = (r & sign) != 0 ? 1 : 0;
                    r = ((r << 1) | c) & m;
                    c = out;
                }
                setFlags(CF | OF, c | ((((r & sign) != 0 ? 1 : 0) ^ c) != 0 ? OF : 0));
                return r;
            }
            case 3: { // RCR
                int n = bits == 32 ? count : count % (bits + 1);
                if (n == 0) {
                    return v;
                }
                c = cf();
                r = v;
                for (int i = 0; i < n; i++) {
                    int out = r & 1;
                    r = (r >>> 1) | (c != 0 ? sign : 0);
                    c = out;
                }
                int top = (r & sign) != 0 ? 1 : 0;
                int second = (r & (sign >>> 1)) != 0 ? 1 : 0;
                setFlags(CF | OF, c | ((top ^ second) != 0 ? OF : 0));
                return r;
            }
            case 4: case 6: // SHL/SAL
                r = count < 32 ? (v << count) & m : 0;
                c = count <= bits ? (v >>> (bits - count)) & 1 : 0;
                setResultFlags(r, m, c | ((((r & sign) != 0 ? 1 : 0) ^ c) != 0 ? OF : 0));
                return r;
            case 5: // SHR
                r = v >>> count;
                c = (v >>> (count - 1)) & 1;
                setResultFlags(r, m, c | (((r << 1 ^ r) & sign) != 0 ? OF : 0));
                return r;
            default: { // SAR
                int sv = (v << (32 - bits)) >> (32 - bits);
                r = (sv >> count) & m;
                c = (sv >> (count - 1)) & 1;
                setResultFlags(r, m, c);
                return r;
            }
        }
    }

    /** SHLD/SHRD: shifts {@code dst} by count (masked to 5 bits by the caller), filling from {@code src}. */
    int doubleShift(boolean left, int dst, int src, int count, int bits) {
        if (count == 0) {
            return dst;
        }
        int r;
        int c;
        int of;
        if (bits == 32) {
            if (left) {
                r = dst << count | src >>> (32 - count);
                c = (dst >>> (32 - count)) & 1;
                of = c ^ (r >>> 31);
            } else {
                r = dst >>> count | src << (32 - count);
                c = (dst >>> (count - 1)) & 1;
                of = ((r << 1) ^ r) >>> 31;
            }
            setResultFlags(r, -1, c | (of != 0 ? OF : 0));
            return r;
        }
        // 16-bit: counts above 16 are undefined in the SDM; this reproduces what P6-class CPUs (and Bochs) do
        dst &= 0xFFFF;
        src &= 0xFFFF;
        if (left) {
            int both = dst << 16 | src;
            int wide = both << count;
            if (count > 16) {
                wide |= dst << (count - 16);
            }
            r = wide >>> 16;
            c = (both >>> (32 - count)) & 1;
            of = c ^ (r >>> 15);
        } else {
            int both = src << 16 | dst;
            int wide = both >>> count;
            if (count > 16) {
                wide |= dst << (32 - count);
            }
            r = wide & 0xFFFF;
            c = (dst >>> (count - 1)) & 1;
            of = (((r << 1) ^ r) >>> 15) & 1;
        }
        setResultFlags(r, 0xFFFF, c | (of != 0 ? OF : 0));
        return r;
    }
}
