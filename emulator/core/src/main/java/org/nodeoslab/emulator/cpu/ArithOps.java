package org.nodeoslab.emulator.cpu;

import static org.nodeoslab.emulator.cpu.Cpu.EAX;
import static org.nodeoslab.emulator.cpu.Cpu.EBX;
import static org.nodeoslab.emulator.cpu.Cpu.ECX;
import static org.nodeoslab.emulator.cpu.Cpu.EDX;

/**
 * The integer instructions with more than a line of semantics: multiply and divide (#DE), the BCD adjusts, bit
 * test/scan, double shifts, compare-exchange and exchange-add, BOUND. Operands come from the {@link Executor}'s
 * decoded ModRM state. 32x32-bit multiply and 64/32-bit divide use {@code long}: they are not on the hot path.
 */
final class ArithOps {
    private final Executor x;
    private final Alu alu;
    private final int[] reg;

    ArithOps(Executor x) {
        this.x = x;
        this.alu = x.alu;
        this.reg = x.reg;
    }

    private static CpuFault divideError() {
        return CpuFault.withoutCode(CpuFault.DE);
    }

    // ---- F6/F7 group 3 -------------------------------------------------------------------------------------

    void group3Byte() {
        int v = x.rm8();
        switch (x.regField()) {
            case 0: case 1: alu.and(v, x.fetch8(), 0xFF); break;
            case 2: x.setRm8(~v); break;
            case 3: x.protectFlags(); x.setRm8(alu.sub(0, v, 0xFF)); break;
            case 4: {
                int p = (reg[EAX] & 0xFF) * v;
                x.setReg16(EAX, p);
                alu.setResultFlags(p, 0xFF, (p & 0xFF00) != 0 ? Alu.CF | Alu.OF : 0);
                break;
            }
            case 5: {
                int p = (byte) reg[EAX] * (byte) v;
                x.setReg16(EAX, p);
                alu.setResultFlags(p, 0xFF, p != (byte) p ? Alu.CF | Alu.OF : 0);
                break;
            }
            case 6: {
                if (v == 0) {
                    throw divideError();
                }
                int dividend = reg[EAX] & 0xFFFF;
                int q = dividend / v;
                if (q > 0xFF) {
                    throw divideError();
                }
                x.setReg16(EAX, (dividend % v) << 8 | q);
                break;
            }
            default: {
                int d = (byte) v;
                if (d == 0) {
                    throw divideError();
                }
                int dividend = (short) reg[EAX];
                int q = dividend / d;
                if (q != (byte) q) {
                    throw divideError();
                }
                x.setReg16(EAX, ((dividend % d) & 0xFF) << 8 | (q & 0xFF));
                break;
            }
        }
    }

    void group3() {
        int v = x.rmV();
        int m = x.maskV();
        switch (x.regField()) {
            case 0: case 1: alu.and(v, x.fetchImmV(), m); break;
            case 2: x.setRmV(~v); break;
            case 3: x.protectFlags(); x.setRmV(alu.sub(0, v, m)); break;
            case 4: multiply(v, false); break;
            case 5: multiply(v, true); break;
            case 6: divide(v, false); break;
            default: divide(v, true); break;
        }
    }

    private void multiply(int v, boolean signed) {
        if (x.o32) {
            long p = signed ? (long) reg[EAX] * v : (reg[EAX] & 0xFFFFFFFFL) * (v & 0xFFFFFFFFL);
            int lo = (int) p;
            int hi = (int) (p >>> 32);
            reg[EAX] = lo;
            reg[EDX] = hi;
            boolean overflow = signed ? hi != lo >> 31 : hi != 0;
            alu.setResultFlags(lo, -1, overflow ? Alu.CF | Alu.OF : 0);
        } else {
            int p = signed ? (short) reg[EAX] * (short) v : (reg[EAX] & 0xFFFF) * v;
            x.setReg16(EAX, p);
            x.setReg16(EDX, p >> 16);
            boolean overflow = signed ? p != (short) p : (p & 0xFFFF0000) != 0;
            alu.setResultFlags(p, 0xFFFF, overflow ? Alu.CF | Alu.OF : 0);
        }
    }

    private void divide(int v, boolean signed) {
        if (v == 0) {
            throw divideError();
        }
        if (x.o32) {
            long dividend = (long) reg[EDX] << 32 | (reg[EAX] & 0xFFFFFFFFL);
            long q;
            long r;
            if (signed) {
                q = dividend / v;
                r = dividend % v;
                if (q != (int) q) {
                    throw divideError();
                }
            } else {
                if (Integer.compareUnsigned(reg[EDX], v) >= 0) {
                    throw divideError();
                }
                long divisor = v & 0xFFFFFFFFL;
                q = Long.divideUnsigned(dividend, divisor);
                r = Long.remainderUnsigned(dividend, divisor);
            }
            reg[EAX] = (int) q;
            reg[EDX] = (int) r;
        } else {
            int dividend = (reg[EDX] & 0xFFFF) << 16 | (reg[EAX] & 0xFFFF);
            int q;
            int r;
            if (signed) {
                int d = (short) v;
                q = dividend / d;
                r = dividend % d;
                if (q != (short) q) {
                    throw divideError();
                }
            } else {
                q = Integer.divideUnsigned(dividend, v);
                r = Integer.remainderUnsigned(dividend, v);
                if ((q & 0xFFFF0000) != 0) {
                    throw divideError();
                }
            }
            x.setReg16(EAX, q);
            x.setReg16(EDX, r);
        }
    }

    /** Two- and three-operand IMUL: the product truncated to the operand size; CF=OF=1 if it did not fit. */
    int imul(int a, int b) {
        int r;
        boolean overflow;
        if (x.o32) {
            long p = (long) a * b;
            r = (int) p;
            overflow = p != r;
            alu.setResultFlags(r, -1, overflow ? Alu.CF | Alu.OF : 0);
        } else {
            int p = (short) a * (short) b;
            r = p & 0xFFFF;
            overflow = p != (short) p;
            alu.setResultFlags(r, 0xFFFF, overflow ? Alu.CF | Alu.OF : 0);
        }
        return r;
    }

    // ---- BCD -----------------------------------------------------------------------------------------------

    void daa() {
        int al = reg[EAX] & 0xFF;
        int oldAl = al;
        int oldCf = alu.cf();
        int cf = 0;
        int af = 0;
        if ((al & 0x0F) > 9 || alu.af()) {
            al += 6;
            cf = oldCf | (al > 0xFF ? 1 : 0);
            af = Alu.AF;
        }
        if (oldAl > 0x99 || oldCf != 0) {
            al += 0x60;
            cf = 1;
        } else {
            cf = 0;
        }
        al &= 0xFF;
        x.setReg8(EAX, al);
        alu.setResultFlags(al, 0xFF, cf | af);
    }

    void das() {
        int al = reg[EAX] & 0xFF;
        int oldAl = al;
        int oldCf = alu.cf();
        int cf = 0;
        int af = 0;
        if ((al & 0x0F) > 9 || alu.af()) {
            cf = oldCf | (al < 6 ? 1 : 0);
            al -= 6;
            af = Alu.AF;
        }
        if (oldAl > 0x99 || oldCf != 0) {
            al -= 0x60;
            cf = 1;
        }
        al &= 0xFF;
        x.setReg8(EAX, al);
        alu.setResultFlags(al, 0xFF, cf | af);
    }

    /** AAA (add) and AAS: adjust AL after an unpacked BCD addition/subtraction, carrying into AH. */
    void asciiAdjust(boolean add) {
        int ax = reg[EAX] & 0xFFFF;
        int f = 0;
        if ((ax & 0x0F) > 9 || alu.af()) {
            ax = add ? ax + 0x106 : ax - 6 - 0x100; // P6 and later: a borrow out of AL also reaches AH
            f = Alu.AF | Alu.CF;
        }
        ax &= 0xFF0F;
        x.setReg16(EAX, ax);
        alu.setResultFlags(ax, 0xFF, f);
    }

    void aam(int base) {
        if (base == 0) {
            throw divideError();
        }
        int al = reg[EAX] & 0xFF;
        int r = al % base;
        x.setReg16(EAX, (al / base) << 8 | r);
        alu.setResultFlags(r, 0xFF, 0);
    }

    void aad(int base) {
        int al = reg[EAX] & 0xFF;
        int ah = reg[EAX] >> 8 & 0xFF;
        // Defined flags (SF ZF PF) follow AL; OF AF CF are those of the byte addition the CPU performs.
        int r = alu.add(al, ah * base, 0xFF);
        x.setReg16(EAX, r);
    }

    // ---- BOUND ---------------------------------------------------------------------------------------------

    void bound() {
        int lower;
        int upper;
        int index;
        if (x.o32) {
            lower = x.read32(x.eaSeg, x.eaOff);
            upper = x.read32(x.eaSeg, x.eaOff + 4);
            index = reg[x.regField()];
        } else {
            lower = (short) x.read16(x.eaSeg, x.eaOff);
            upper = (short) x.read16(x.eaSeg, (x.eaOff + 2) & x.addressMask());
            index = (short) reg[x.regField()];
        }
        if (index < lower || index > upper) {
            throw CpuFault.withoutCode(CpuFault.BR);
        }
    }

    // ---- Bit instructions ----------------------------------------------------------------------------------

    /**
     * BT (0), BTS (1), BTR (2), BTC (3). With a register bit offset a memory operand is a bit string: the signed
     * offset selects a word/dword relative to the effective address; an immediate offset stays in the operand.
     */
    void bitTest(int kind, int offset, boolean registerOffset) {
        int bits = x.bitsV();
        int bit = offset & (bits - 1);
        int value;
        int seg = x.eaSeg;
        int off = x.eaOff;
        boolean memory = x.modrm < 0xC0;
        if (memory) {
            if (registerOffset) {
                int displacement = x.o32 ? (offset >> 5) << 2 : ((short) offset >> 4) << 1;
                off = (off + displacement) & x.addressMask();
            }
            value = x.o32 ? x.read32(seg, off) : x.read16(seg, off);
        } else {
            value = x.regV(x.modrm & 7);
        }
        if (kind != 0) {
            x.protectFlags();
        }
        alu.setFlags(Alu.CF, value >>> bit & 1);
        if (kind == 0) {
            return;
        }
        int mask = 1 << bit;
        int result = kind == 1 ? value | mask : kind == 2 ? value & ~mask : value ^ mask;
        if (!memory) {
            x.setRegV(x.modrm & 7, result);
        } else if (x.o32) {
            x.write32(seg, off, result);
        } else {
            x.write16(seg, off, result);
        }
    }

    /** BSF (forward) / BSR: a zero source sets ZF and leaves the destination unchanged, as Intel CPUs do. */
    void bitScan(boolean forward) {
        int v = x.rmV();
        if (v == 0) {
            alu.setFlags(Alu.ZF, Alu.ZF);
            return;
        }
        alu.setFlags(Alu.ZF, 0);
        x.setRegV(x.regField(), forward ? Integer.numberOfTrailingZeros(v) : 31 - Integer.numberOfLeadingZeros(v));
    }

    void doubleShift(boolean left, int count) {
        count &= 0x1F;
        int dst = x.rmV();
        if (count == 0) {
            return;
        }
        x.protectFlags();
        x.setRmV(alu.doubleShift(left, dst, reg[x.regField()], count, x.bitsV()));
    }

    // ---- Compare-exchange and exchange-add -----------------------------------------------------------------

    void cmpxchg8() {
        int dst = x.rm8();
        int acc = reg[EAX] & 0xFF;
        x.protectFlags();
        alu.sub(acc, dst, 0xFF);
        if (acc == dst) {
            x.setRm8(x.reg8(x.regField()));
        } else {
            x.setRm8(dst); // the destination is always written, as the locked bus cycle does
            x.setReg8(EAX, dst);
        }
    }

    void cmpxchg() {
        int dst = x.rmV();
        int acc = x.regV(EAX);
        x.protectFlags();
        alu.sub(acc, dst, x.maskV());
        if (acc == dst) {
            x.setRmV(reg[x.regField()]);
        } else {
            x.setRmV(dst);
            x.setRegV(EAX, dst);
        }
    }

    void cmpxchg8b() {
        int linear = x.linearOperand(8, true);
        x.mmu.checkWrite(linear, 8);
        int lo = x.mmu.read32(linear);
        int hi = x.mmu.read32(linear + 4);
        if (lo == reg[EAX] && hi == reg[EDX]) {
            x.mmu.write32(linear, reg[EBX]);
            x.mmu.write32(linear + 4, reg[ECX]);
            alu.setFlags(Alu.ZF, Alu.ZF);
        } else {
            x.mmu.write32(linear, lo);
            x.mmu.write32(linear + 4, hi);
            reg[EAX] = lo;
            reg[EDX] = hi;
            alu.setFlags(Alu.ZF, 0);
        }
    }

    /**
     * XADD: TEMP = SRC + DEST; SRC = DEST; DEST = TEMP. With a memory destination the register changes only after
     * the write succeeded; with a register destination the order makes XADD r, r leave the sum.
     */
    void xadd8() {
        int dst = x.rm8();
        int src = x.reg8(x.regField());
        x.protectFlags();
        int sum = alu.add(dst, src, 0xFF);
        if (x.modrm < 0xC0) {
            x.setRm8(sum);
            x.setReg8(x.regField(), dst);
        } else {
            x.setReg8(x.regField(), dst);
            x.setRm8(sum);
        }
    }

    void xadd() {
        int dst = x.rmV();
        int src = reg[x.regField()];
        x.protectFlags();
        int sum = alu.add(dst, src, x.maskV());
        if (x.modrm < 0xC0) {
            x.setRmV(sum);
            x.setRegV(x.regField(), dst);
        } else {
            x.setRegV(x.regField(), dst);
            x.setRmV(sum);
        }
    }
}
