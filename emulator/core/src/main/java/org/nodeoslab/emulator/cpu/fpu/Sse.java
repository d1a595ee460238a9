package org.nodeoslab.emulator.cpu.fpu;

import org.nodeoslab.emulator.cpu.Cpu;
import org.nodeoslab.emulator.cpu.CpuFault;

/**
 * The 0F-map SIMD instructions: MMX, SSE, SSE2 and SSE3 (without MONITOR/MWAIT), with their mandatory
 * prefixes (none, 66, F3, F2), the availability checks (#UD/#NM), alignment checks (#GP) and SIMD
 * floating-point exceptions (#XM, or #UD when CR4.OSXMMEXCPT is clear).
 */
final class Sse {
    private static final int NONE = 0, P66 = 0x66, PF3 = 0xF3, PF2 = 0xF2;

    private final Fpu f;
    private final Cpu cpu;
    /** XMM n = (x[2n] low qword, x[2n+1] high qword). */
    private final long[] x;
    private final SimdFloat fp = new SimdFloat();

    // The current instruction's operands.
    private int modrm, reg, rm, linear;
    private boolean mem;
    private long srcLo, srcHi;

    Sse(Fpu fpu) {
        this.f = fpu;
        this.cpu = fpu.cpu;
        this.x = fpu.xmm;
    }

    static boolean handles(int op2) {
        return (op2 >= 0x10 && op2 <= 0x18) || op2 == 0x0D || (op2 >= 0x28 && op2 <= 0x2F)
                || (op2 >= 0x50 && op2 <= 0x7F) || (op2 >= 0xC2 && op2 <= 0xC6) || op2 >= 0xD0 || op2 == 0xAE;
    }

    void execute(int op2, int prefix, int modrm, int linear) {
        this.modrm = modrm;
        this.reg = (modrm >> 3) & 7;
        this.rm = modrm & 7;
        this.mem = modrm < 0xC0;
        this.linear = linear;
        switch (op2) {
            case 0x0D:
            case 0x18:
                return; // PREFETCH hints (and the reserved NOP forms)
            case 0xAE:
                groupAE();
                return;
            case 0xC3: // MOVNTI m32, r32: a general-register store, no SIMD state involved
                if (prefix != NONE || !mem) {
                    throw ud();
                }
                f.write32(linear, gpr(reg));
                return;
            case 0x77:
                if (prefix != NONE) {
                    throw ud();
                }
                f.checkMmx();
                f.tagValid = 0; // EMMS
                return;
            default:
                break;
        }
        if ((op2 >= 0x60 && op2 <= 0x7F && op2 != 0x7C && op2 != 0x7D) || op2 >= 0xD1 && op2 != 0xD6 && op2 != 0xE6
                && op2 != 0xF0) {
            if (prefix == NONE) {
                mmx(op2);
                return;
            }
            if (prefix == P66) {
                sseInteger(op2);
                return;
            }
        }
        if (op2 == 0xC4 || op2 == 0xC5) {
            if (prefix == NONE) {
                mmx(op2);
                return;
            }
            if (prefix == P66) {
                sseInteger(op2);
                return;
            }
        }
        sse(op2, prefix);
    }

    private static CpuFault ud() {
        return CpuFault.withoutCode(CpuFault.UD);
    }

    private static CpuFault gp0() {
        return CpuFault.withCode(CpuFault.GP, 0);
    }

    // ---- Operand access -----------------------------------------------------------------------------------

    private void source128(boolean aligned) {
        if (mem) {
            if (aligned && (linear & 15) != 0) {
                throw gp0();
            }
            srcLo = f.read64(linear);
            srcHi = f.read64(linear + 8);
        } else {
            srcLo = x[2 * rm];
            srcHi = x[2 * rm + 1];
        }
    }

    private long source64() {
        return mem ? f.read64(linear) : x[2 * rm];
    }

    private int source32() {
        return mem ? f.read32(linear) : (int) x[2 * rm];
    }

    private void store128(boolean aligned, long lo, long hi) {
        if (mem) {
            if (aligned && (linear & 15) != 0) {
                throw gp0();
            }
            f.checkWrite(linear, 16);
            f.write64(linear, lo);
            f.write64(linear + 8, hi);
        } else {
            x[2 * rm] = lo;
            x[2 * rm + 1] = hi;
        }
    }

    private void requireMemory() {
        if (!mem) {
            throw ud();
        }
    }

    private void requireRegister() {
        if (mem) {
            throw ud();
        }
    }

    /** Merges the instruction's SIMD FP flags into MXCSR; an unmasked one faults before any result is written. */
    private void finishFp() {
        int fl = fp.flags;
        if (fl != 0) {
            f.mxcsr |= fl;
            if ((fl & ~(f.mxcsr >> 7) & 0x3F) != 0) {
                throw CpuFault.withoutCode((cpu.cr4 & Cpu.CR4_OSXMMEXCPT) != 0 ? CpuFault.XM : CpuFault.UD);
            }
        }
    }

    private long mmxSource() {
        return mem ? f.read64(linear) : f.mant[rm];
    }

    private void setMmx(int i, long v) {
        f.mant[i] = v;
        f.signExp[i] = 0xFFFF;
    }

    /** The x87-to-MMX transition of every MMX instruction: TOP = 0, all registers valid. */
    private void enterMmx() {
        f.checkMmx();
        f.top = 0;
        f.tagValid = 0xFF;
    }

    private int gpr(int i) {
        return cpu.reg[i];
    }

    private void setGpr(int i, int v) {
        cpu.reg[i] = v;
    }

    // ---- MMX ------------------------------------------------------------------------------------------------

    private void mmx(int op2) {
        enterMmx();
        if (SimdInteger.laneBits(op2) != 0) {
            setMmx(reg, SimdInteger.op(op2, f.mant[reg], mmxSource()));
            return;
        }
        switch (op2) {
            case 0x60: case 0x61: case 0x62: {
                long a = f.mant[reg], b = mmxSource();
                setMmx(reg, SimdInteger.interleave((int) a, (int) b, 8 << (op2 - 0x60)));
                return;
            }
            case 0x68: case 0x69: case 0x6A: {
                long a = f.mant[reg], b = mmxSource();
                setMmx(reg, SimdInteger.interleave((int) (a >>> 32), (int) (b >>> 32), 8 << (op2 - 0x68)));
                return;
            }
            case 0x63: case 0x67: case 0x6B: {
                long a = f.mant[reg], b = mmxSource();
                setMmx(reg, SimdInteger.pack(op2, a) | (SimdInteger.pack(op2, b) << 32));
                return;
            }
            case 0x6E: // MOVD mm, r/m32
                setMmx(reg, (mem ? f.read32(linear) : gpr(rm)) & 0xFFFFFFFFL);
                return;
            case 0x6F: // MOVQ mm, mm/m64
                setMmx(reg, mmxSource());
                return;
            case 0x7E: // MOVD r/m32, mm
                if (mem) {
                    f.write32(linear, (int) f.mant[reg]);
                } else {
                    setGpr(rm, (int) f.mant[reg]);
                }
                return;
            case 0x7F: // MOVQ mm/m64, mm
                if (mem) {
                    f.write64(linear, f.mant[reg]);
                } else {
                    setMmx(rm, f.mant[reg]);
                }
                return;
            case 0x70: // PSHUFW
                setMmx(reg, shuffleWords(mmxSource(), cpu.simdImmediate8));
                return;
            case 0x71: case 0x72: case 0x73: {
                requireRegister();
                int bits = 16 << (op2 - 0x71);
                int kind = shiftKind(reg, op2);
                setMmx(rm, SimdInteger.shift(f.mant[rm], cpu.simdImmediate8 & 0xFF, bits, kind));
                return;
            }
            case 0xD1: case 0xD2: case 0xD3: case 0xE1: case 0xE2: case 0xF1: case 0xF2: case 0xF3:
                setMmx(reg, SimdInteger.shift(f.mant[reg], mmxSource(), shiftBits(op2), shiftKindOf(op2)));
                return;
            case 0xC4: // PINSRW mm, r32/m16, imm8
                setMmx(reg, insertWord(f.mant[reg], mem ? f.read16(linear) : gpr(rm), cpu.simdImmediate8 & 3));
                return;
            case 0xC5: // PEXTRW r32, mm, imm8
                requireRegister();
                setGpr(reg, (int) (f.mant[rm] >>> (16 * (cpu.simdImmediate8 & 3))) & 0xFFFF);
                return;
            case 0xD7: // PMOVMSKB r32, mm
                requireRegister();
                setGpr(reg, SimdInteger.byteMask(f.mant[rm]));
                return;
            case 0xE7: // MOVNTQ m64, mm
                requireMemory();
                f.write64(linear, f.mant[reg]);
                return;
            case 0xF7: // MASKMOVQ mm, mm: byte stores to DS:EDI
                requireRegister();
                maskedStore(f.mant[reg], f.mant[rm], cpu.segBase[Cpu.DS] + cpu.reg[Cpu.EDI]);
                return;
            default:
                throw ud();
        }
    }

    private static int shiftBits(int op2) {
        switch (op2) {
            case 0xD1: case 0xE1: case 0xF1: return 16;
            case 0xD2: case 0xE2: case 0xF2: return 32;
            default: return 64;
        }
    }

    private static int shiftKindOf(int op2) {
        return op2 >= 0xF0 ? 2 : op2 >= 0xE0 ? 1 : 0;
    }

    /** The immediate shift groups 0F 71-73: /2 right logical, /4 right arithmetic, /6 left. */
    private static int shiftKind(int reg, int op2) {
        switch (reg) {
            case 2: return 0;
            case 4:
                if (op2 == 0x73) {
                    throw ud();
                }
                return 1;
            case 6: return 2;
            default: throw ud();
        }
    }

    private static long shuffleWords(long v, int imm) {
        long r = 0;
        for (int i = 0; i < 4; i++) {
            int sel = (imm >> (2 * i)) & 3;
            r |= ((v >>> (16 * sel)) & 0xFFFF) << (16 * i);
        }
        return r;
    }

    private static long insertWord(long v, int w, int index) {
        int sh = 16 * index;
        return (v & ~(0xFFFFL << sh)) | ((long) (w & 0xFFFF) << sh);
    }

    private void maskedStore(long data, long mask, int address) {
        for (int i = 0; i < 8; i++) {
            if (((mask >>> (8 * i + 7)) & 1) != 0) {
                f.write8(address + i, (int) (data >>> (8 * i)));
            }
        }
    }

    // ---- SSE2 integer on XMM ------------------------------------------------------------------------------

    private void sseInteger(int op2) {
        f.checkSse();
        int d = 2 * reg;
        if (SimdInteger.laneBits(op2) != 0) {
            source128(true);
            x[d] = SimdInteger.op(op2, x[d], srcLo);
            x[d + 1] = SimdInteger.op(op2, x[d + 1], srcHi);
            return;
        }
        switch (op2) {
            case 0x60: case 0x61: case 0x62: {
                source128(true);
                int bits = 8 << (op2 - 0x60);
                long a = x[d];
                x[d] = SimdInteger.interleave((int) a, (int) srcLo, bits);
                x[d + 1] = SimdInteger.interleave((int) (a >>> 32), (int) (srcLo >>> 32), bits);
                return;
            }
            case 0x68: case 0x69: case 0x6A: {
                source128(true);
                int bits = 8 << (op2 - 0x68);
                long a = x[d + 1];
                x[d] = SimdInteger.interleave((int) a, (int) srcHi, bits);
                x[d + 1] = SimdInteger.interleave((int) (a >>> 32), (int) (srcHi >>> 32), bits);
                return;
            }
            case 0x6C: // PUNPCKLQDQ
                source128(true);
                x[d + 1] = srcLo;
                return;
            case 0x6D: // PUNPCKHQDQ
                source128(true);
                x[d] = x[d + 1];
                x[d + 1] = srcHi;
                return;
            case 0x63: case 0x67: case 0x6B: {
                source128(true);
                long lo = SimdInteger.pack(op2, x[d]) | (SimdInteger.pack(op2, x[d + 1]) << 32);
                x[d + 1] = SimdInteger.pack(op2, srcLo) | (SimdInteger.pack(op2, srcHi) << 32);
                x[d] = lo;
                return;
            }
            case 0x6E: // MOVD xmm, r/m32
                x[d] = (mem ? f.read32(linear) : gpr(rm)) & 0xFFFFFFFFL;
                x[d + 1] = 0;
                return;
            case 0x6F: // MOVDQA xmm, xmm/m128
                source128(true);
                x[d] = srcLo;
                x[d + 1] = srcHi;
                return;
            case 0x7E: // MOVD r/m32, xmm
                if (mem) {
                    f.write32(linear, (int) x[d]);
                } else {
                    setGpr(rm, (int) x[d]);
                }
                return;
            case 0x7F: // MOVDQA xmm/m128, xmm
                store128(true, x[d], x[d + 1]);
                return;
            case 0x70: { // PSHUFD
                source128(true);
                int imm = cpu.simdImmediate8;
                long lo = dword(shuffleSelect(imm, 0)) | (dword(shuffleSelect(imm, 1)) << 32);
                long hi = dword(shuffleSelect(imm, 2)) | (dword(shuffleSelect(imm, 3)) << 32);
                x[d] = lo;
                x[d + 1] = hi;
                return;
            }
            case 0x71: case 0x72: case 0x73: {
                requireRegister();
                int imm = cpu.simdImmediate8 & 0xFF;
                int s = 2 * rm;
                if (op2 == 0x73 && (reg == 3 || reg == 7)) {
                    byteShift(s, imm, reg == 7);
                    return;
                }
                int bits = 16 << (op2 - 0x71);
                int kind = shiftKind(reg, op2);
                x[s] = SimdInteger.shift(x[s], imm, bits, kind);
                x[s + 1] = SimdInteger.shift(x[s + 1], imm, bits, kind);
                return;
            }
            case 0xD1: case 0xD2: case 0xD3: case 0xE1: case 0xE2: case 0xF1: case 0xF2: case 0xF3: {
                source128(true);
                int bits = shiftBits(op2), kind = shiftKindOf(op2);
                x[d] = SimdInteger.shift(x[d], srcLo, bits, kind);
                x[d + 1] = SimdInteger.shift(x[d + 1], srcLo, bits, kind);
                return;
            }
            case 0xC4: { // PINSRW xmm, r32/m16, imm8
                int w = mem ? f.read16(linear) : gpr(rm);
                int index = cpu.simdImmediate8 & 7;
                int half = d + (index >> 2);
                x[half] = insertWord(x[half], w, index & 3);
                return;
            }
            case 0xC5: { // PEXTRW r32, xmm, imm8
                requireRegister();
                int index = cpu.simdImmediate8 & 7;
                setGpr(reg, (int) (x[2 * rm + (index >> 2)] >>> (16 * (index & 3))) & 0xFFFF);
                return;
            }
            case 0xD7: // PMOVMSKB r32, xmm
                requireRegister();
                setGpr(reg, SimdInteger.byteMask(x[2 * rm]) | (SimdInteger.byteMask(x[2 * rm + 1]) << 8));
                return;
            case 0xE7: // MOVNTDQ m128, xmm
                requireMemory();
                store128(true, x[d], x[d + 1]);
                return;
            case 0xF7: { // MASKMOVDQU xmm, xmm
                requireRegister();
                int address = cpu.segBase[Cpu.DS] + cpu.reg[Cpu.EDI];
                f.checkWrite(address, 16);
                maskedStore(x[d], x[2 * rm], address);
                maskedStore(x[d + 1], x[2 * rm + 1], address + 8);
                return;
            }
            default:
                throw ud();
        }
    }

    private static int shuffleSelect(int imm, int lane) {
        return (imm >> (2 * lane)) & 3;
    }

    /** Dword i (0..3) of the source operand (srcLo/srcHi). */
    private long dword(int i) {
        long q = i < 2 ? srcLo : srcHi;
        return (q >>> (32 * (i & 1))) & 0xFFFFFFFFL;
    }

    /** PSLLDQ/PSRLDQ: the whole register shifted by bytes. */
    private void byteShift(int s, int bytes, boolean left) {
        long lo = x[s], hi = x[s + 1];
        if (bytes > 15) {
            x[s] = 0;
            x[s + 1] = 0;
            return;
        }
        int n = bytes * 8;
        if (left) {
            if (n == 0) {
                return;
            }
            if (n < 64) {
                hi = (hi << n) | (lo >>> (64 - n));
                lo <<= n;
            } else {
                hi = lo << (n - 64);
                lo = 0;
            }
        } else {
            if (n == 0) {
                return;
            }
            if (n < 64) {
                lo = (lo >>> n) | (hi << (64 - n));
                hi >>>= n;
            } else {
                lo = hi >>> (n - 64);
                hi = 0;
            }
        }
        x[s] = lo;
        x[s + 1] = hi;
    }

    // ---- 0F AE ----------------------------------------------------------------------------------------------

    private void groupAE() {
        if (!mem) {
            if (reg >= 5) {
                return; // LFENCE, MFENCE, SFENCE: memory is already strongly ordered here
            }
            throw ud();
        }
        switch (reg) {
            case 0: // FXSAVE
                checkFxsr();
                f.fxsave(linear);
                return;
            case 1: // FXRSTOR
                checkFxsr();
                f.fxrstor(linear);
                return;
            case 2: // LDMXCSR
                f.checkSse();
                f.ldmxcsr(f.read32(linear));
                return;
            case 3: // STMXCSR
                f.checkSse();
                f.write32(linear, f.mxcsr);
                return;
            case 7: // CLFLUSH: no caches to flush, but the access is checked like a read
                f.read8(linear);
                return;
            default:
                throw ud();
        }
    }

    private void checkFxsr() {
        if ((cpu.cr0 & (Cpu.CR0_TS | Cpu.CR0_EM)) != 0) {
            throw CpuFault.withoutCode((cpu.cr0 & Cpu.CR0_EM) != 0 ? CpuFault.UD : CpuFault.NM);
        }
    }

    // ---- SSE / SSE2 / SSE3 floating point and moves ---------------------------------------------------------

    private void sse(int op2, int prefix) {
        f.checkSse();
        int d = 2 * reg;
        switch (op2) {
            case 0x10:
                movLoad(prefix, d);
                return;
            case 0x11:
                movStore(prefix, d);
                return;
            case 0x12:
            case 0x13:
            case 0x16:
            case 0x17:
                movHalves(op2, prefix, d);
                return;
            case 0x14:
            case 0x15:
                unpackFloat(op2 == 0x15, prefix, d);
                return;
            case 0x28: // MOVAPS/MOVAPD
                if (prefix == PF3 || prefix == PF2) {
                    throw ud();
                }
                source128(true);
                x[d] = srcLo;
                x[d + 1] = srcHi;
                return;
            case 0x29:
            case 0x2B: // MOVAPS/MOVAPD store, MOVNTPS/MOVNTPD
                if (prefix == PF3 || prefix == PF2 || (op2 == 0x2B && !mem)) {
                    throw ud();
                }
                store128(true, x[d], x[d + 1]);
                return;
            case 0x2A:
            case 0x2C:
            case 0x2D:
                SseConvert.scalarOrMmx(this, op2, prefix);
                return;
            case 0x2E:
            case 0x2F:
                comis(op2 == 0x2F, prefix);
                return;
            case 0x50: // MOVMSKPS/MOVMSKPD
                requireRegister();
                if (prefix == NONE) {
                    long lo = x[2 * rm], hi = x[2 * rm + 1];
                    setGpr(reg, (int) ((lo >>> 31) & 1 | (lo >>> 62) & 2 | ((hi >>> 31) & 1) << 2 | ((hi >>> 63) & 1) << 3));
                } else if (prefix == P66) {
                    setGpr(reg, (int) ((x[2 * rm] >>> 63) | ((x[2 * rm + 1] >>> 63) << 1)));
                } else {
                    throw ud();
                }
                return;
            case 0x51: case 0x58: case 0x59: case 0x5C: case 0x5D: case 0x5E: case 0x5F:
                arithmetic(op2, prefix, d);
                return;
            case 0x52:
            case 0x53:
                SseConvert.approximation(this, op2 == 0x52, prefix);
                return;
            case 0x54: case 0x55: case 0x56: case 0x57: {
                if (prefix == PF3 || prefix == PF2) {
                    throw ud();
                }
                source128(true);
                x[d] = logic(op2, x[d], srcLo);
                x[d + 1] = logic(op2, x[d + 1], srcHi);
                return;
            }
            case 0x5A:
            case 0x5B:
            case 0xE6:
                SseConvert.packed(this, op2, prefix);
                return;
            case 0x6F: // MOVDQU (F3)
                if (prefix != PF3) {
                    throw ud();
                }
                source128(false);
                x[d] = srcLo;
                x[d + 1] = srcHi;
                return;
            case 0x7F:
                if (prefix != PF3) {
                    throw ud();
                }
                store128(false, x[d], x[d + 1]);
                return;
            case 0x70: { // PSHUFHW (F3), PSHUFLW (F2)
                source128(true);
                int imm = cpu.simdImmediate8;
                if (prefix == PF3) {
                    x[d] = srcLo;
                    x[d + 1] = shuffleWords(srcHi, imm);
                } else if (prefix == PF2) {
                    x[d] = shuffleWords(srcLo, imm);
                    x[d + 1] = srcHi;
                } else {
                    throw ud();
                }
                return;
            }
            case 0x7C:
            case 0x7D:
            case 0xD0:
                horizontal(op2, prefix, d);
                return;
            case 0x7E: // MOVQ xmm, xmm/m64 (F3)
                if (prefix != PF3) {
                    throw ud();
                }
                x[d] = source64();
                x[d + 1] = 0;
                return;
            case 0xD6:
                movqD6(prefix, d);
                return;
            case 0xF0: // LDDQU (F2)
                if (prefix != PF2) {
                    throw ud();
                }
                requireMemory();
                source128(false);
                x[d] = srcLo;
                x[d + 1] = srcHi;
                return;
            case 0xC2:
                cmp(prefix, d, cpu.simdImmediate8 & 0xFF);
                return;
            case 0xC6:
                shuffleFloat(prefix, d, cpu.simdImmediate8 & 0xFF);
                return;
            default:
                throw ud();
        }
    }

    private static long logic(int op2, long a, long b) {
        switch (op2) {
            case 0x54: return a & b;
            case 0x55: return ~a & b;
            case 0x56: return a | b;
            default: return a ^ b;
        }
    }

    /** 0F 10: MOVUPS/MOVUPD (load), MOVSS/MOVSD (memory: upper part zeroed; register: low lane only). */
    private void movLoad(int prefix, int d) {
        switch (prefix) {
            case PF2:
                if (mem) {
                    x[d] = f.read64(linear);
                    x[d + 1] = 0;
                } else {
                    x[d] = x[2 * rm];
                }
                return;
            case PF3:
                if (mem) {
                    x[d] = f.read32(linear) & 0xFFFFFFFFL;
                    x[d + 1] = 0;
                } else {
                    x[d] = (x[d] & 0xFFFFFFFF00000000L) | (x[2 * rm] & 0xFFFFFFFFL);
                }
                return;
            default:
                source128(false);
                x[d] = srcLo;
                x[d + 1] = srcHi;
        }
    }

    private void movStore(int prefix, int d) {
        switch (prefix) {
            case PF2:
                if (mem) {
                    f.write64(linear, x[d]);
                } else {
                    x[2 * rm] = x[d];
                }
                return;
            case PF3:
                if (mem) {
                    f.write32(linear, (int) x[d]);
                } else {
                    x[2 * rm] = (x[2 * rm] & 0xFFFFFFFF00000000L) | (x[d] & 0xFFFFFFFFL);
                }
                return;
            default:
                store128(false, x[d], x[d + 1]);
        }
    }

    /** 0F 12/13/16/17: MOVLPS/MOVHLPS/MOVLPD, MOVHPS/MOVLHPS/MOVHPD, MOVSLDUP/MOVSHDUP/MOVDDUP. */
    private void movHalves(int op2, int prefix, int d) {
        boolean high = op2 >= 0x16;
        if (prefix == PF3 && (op2 == 0x12 || op2 == 0x16)) { // MOVSLDUP / MOVSHDUP
            source128(true);
            int sh = high ? 32 : 0;
            long l0 = (srcLo >>> sh) & 0xFFFFFFFFL, h0 = (srcHi >>> sh) & 0xFFFFFFFFL;
            x[d] = l0 | (l0 << 32);
            x[d + 1] = h0 | (h0 << 32);
            return;
        }
        if (prefix == PF2 && op2 == 0x12) { // MOVDDUP
            long v = source64();
            x[d] = v;
            x[d + 1] = v;
            return;
        }
        if (prefix != NONE && prefix != P66) {
            throw ud();
        }
        if (op2 == 0x13 || op2 == 0x17) { // stores
            requireMemory();
            f.write64(linear, x[d + (high ? 1 : 0)]);
            return;
        }
        if (!mem) {
            if (prefix == P66) {
                throw ud();
            }
            if (high) {
                x[d + 1] = x[2 * rm]; // MOVLHPS
            } else {
                x[d] = x[2 * rm + 1]; // MOVHLPS
            }
            return;
        }
        x[d + (high ? 1 : 0)] = f.read64(linear);
    }

    private void unpackFloat(boolean high, int prefix, int d) {
        source128(true);
        if (prefix == P66) {
            if (high) {
                x[d] = x[d + 1];
                x[d + 1] = srcHi;
            } else {
                x[d + 1] = srcLo;
            }
            return;
        }
        if (prefix != NONE) {
            throw ud();
        }
        long a = high ? x[d + 1] : x[d], b = high ? srcHi : srcLo;
        x[d] = (a & 0xFFFFFFFFL) | (b << 32);
        x[d + 1] = (a >>> 32) | (b & 0xFFFFFFFF00000000L);
    }

    /** 0F D6: MOVQ xmm/m64, xmm (66), MOVQ2DQ xmm, mm (F3), MOVDQ2Q mm, xmm (F2). */
    private void movqD6(int prefix, int d) {
        switch (prefix) {
            case P66:
                if (mem) {
                    f.write64(linear, x[d]);
                } else {
                    x[2 * rm] = x[d];
                    x[2 * rm + 1] = 0;
                }
                return;
            case PF3:
                requireRegister();
                enterMmx();
                x[d] = f.mant[rm];
                x[d + 1] = 0;
                return;
            case PF2:
                requireRegister();
                enterMmx();
                setMmx(reg, x[2 * rm]);
                return;
            default:
                throw ud();
        }
    }

    // ---- Floating-point arithmetic ------------------------------------------------------------------------

    private static int arithOp(int op2) {
        switch (op2) {
            case 0x58: return SimdFloat.ADD;
            case 0x59: return SimdFloat.MUL;
            case 0x5C: return SimdFloat.SUB;
            case 0x5D: return SimdFloat.MIN;
            case 0x5E: return SimdFloat.DIV;
            case 0x5F: return SimdFloat.MAX;
            default: return SimdFloat.SQRT;
        }
    }

    private void arithmetic(int op2, int prefix, int d) {
        int op = arithOp(op2);
        fp.begin(f.mxcsr);
        switch (prefix) {
            case PF2: { // scalar double: the V8 hot path
                long r = fp.op64(op, x[d], source64());
                finishFp();
                x[d] = r;
                return;
            }
            case PF3: {
                int r = fp.op32(op, (int) x[d], source32());
                finishFp();
                x[d] = (x[d] & 0xFFFFFFFF00000000L) | (r & 0xFFFFFFFFL);
                return;
            }
            case P66: {
                source128(true);
                long lo = fp.op64(op, x[d], srcLo), hi = fp.op64(op, x[d + 1], srcHi);
                finishFp();
                x[d] = lo;
                x[d + 1] = hi;
                return;
            }
            default: {
                source128(true);
                long lo = packedSingle(op, x[d], srcLo), hi = packedSingle(op, x[d + 1], srcHi);
                finishFp();
                x[d] = lo;
                x[d + 1] = hi;
            }
        }
    }

    private long packedSingle(int op, long a, long b) {
        int r0 = fp.op32(op, (int) a, (int) b), r1 = fp.op32(op, (int) (a >>> 32), (int) (b >>> 32));
        return (r0 & 0xFFFFFFFFL) | ((long) r1 << 32);
    }

    /** ADDSUBPD/PS (D0), HADDPD/PS (7C), HSUBPD/PS (7D): SSE3. */
    private void horizontal(int op2, int prefix, int d) {
        if (prefix != P66 && prefix != PF2) {
            throw ud();
        }
        source128(true);
        fp.begin(f.mxcsr);
        long lo, hi;
        if (prefix == P66) {
            if (op2 == 0xD0) {
                lo = fp.op64(SimdFloat.SUB, x[d], srcLo);
                hi = fp.op64(SimdFloat.ADD, x[d + 1], srcHi);
            } else {
                int op = op2 == 0x7C ? SimdFloat.ADD : SimdFloat.SUB;
                lo = fp.op64(op, x[d], x[d + 1]);
                hi = fp.op64(op, srcLo, srcHi);
            }
        } else {
            long a0 = x[d], a1 = x[d + 1];
            if (op2 == 0xD0) {
                lo = pair(fp.op32(SimdFloat.SUB, (int) a0, (int) srcLo),
                        fp.op32(SimdFloat.ADD, (int) (a0 >>> 32), (int) (srcLo >>> 32)));
                hi = pair(fp.op32(SimdFloat.SUB, (int) a1, (int) srcHi),
                        fp.op32(SimdFloat.ADD, (int) (a1 >>> 32), (int) (srcHi >>> 32)));
            } else {
                int op = op2 == 0x7C ? SimdFloat.ADD : SimdFloat.SUB;
                lo = pair(fp.op32(op, (int) a0, (int) (a0 >>> 32)), fp.op32(op, (int) a1, (int) (a1 >>> 32)));
                hi = pair(fp.op32(op, (int) srcLo, (int) (srcLo >>> 32)),
                        fp.op32(op, (int) srcHi, (int) (srcHi >>> 32)));
            }
        }
        finishFp();
        x[d] = lo;
        x[d + 1] = hi;
    }

    static long pair(int lo, int hi) {
        return (lo & 0xFFFFFFFFL) | ((long) hi << 32);
    }

    private void cmp(int prefix, int d, int predicate) {
        if (predicate > 7) {
            predicate &= 7; // SSE/SSE2 encode 0..7; AVX's extra predicates do not exist here
        }
        fp.begin(f.mxcsr);
        switch (prefix) {
            case PF2: {
                long r = fp.compare64(predicate, x[d], source64()) ? -1L : 0;
                finishFp();
                x[d] = r;
                return;
            }
            case PF3: {
                int r = fp.compare32(predicate, (int) x[d], source32()) ? -1 : 0;
                finishFp();
                x[d] = (x[d] & 0xFFFFFFFF00000000L) | (r & 0xFFFFFFFFL);
                return;
            }
            case P66: {
                source128(true);
                long lo = fp.compare64(predicate, x[d], srcLo) ? -1L : 0;
                long hi = fp.compare64(predicate, x[d + 1], srcHi) ? -1L : 0;
                finishFp();
                x[d] = lo;
                x[d + 1] = hi;
                return;
            }
            default: {
                source128(true);
                long lo = pair(cmp32(predicate, x[d], srcLo, 0), cmp32(predicate, x[d], srcLo, 32));
                long hi = pair(cmp32(predicate, x[d + 1], srcHi, 0), cmp32(predicate, x[d + 1], srcHi, 32));
                finishFp();
                x[d] = lo;
                x[d + 1] = hi;
            }
        }
    }

    private int cmp32(int predicate, long a, long b, int sh) {
        return fp.compare32(predicate, (int) (a >>> sh), (int) (b >>> sh)) ? -1 : 0;
    }

    private void comis(boolean signalQuiet, int prefix) {
        int d = 2 * reg;
        fp.begin(f.mxcsr);
        int zpc;
        if (prefix == P66) {
            zpc = fp.comi64(x[d], source64(), signalQuiet);
        } else if (prefix == NONE) {
            zpc = fp.comi32((int) x[d], source32(), signalQuiet);
        } else {
            throw ud();
        }
        finishFp();
        int mask = Cpu.FLAG_ZF | Cpu.FLAG_PF | Cpu.FLAG_CF | Cpu.FLAG_OF | Cpu.FLAG_SF | Cpu.FLAG_AF;
        int flags = (zpc & 1) * Cpu.FLAG_CF | ((zpc >> 2) & 1) * Cpu.FLAG_PF | ((zpc >> 6) & 1) * Cpu.FLAG_ZF;
        cpu.setEflags((cpu.getEflags() & ~mask) | flags);
    }

    private void shuffleFloat(int prefix, int d, int imm) {
        source128(true);
        if (prefix == P66) {
            long lo = (imm & 1) == 0 ? x[d] : x[d + 1];
            long hi = (imm & 2) == 0 ? srcLo : srcHi;
            x[d] = lo;
            x[d + 1] = hi;
            return;
        }
        if (prefix != NONE) {
            throw ud();
        }
        long a0 = x[d], a1 = x[d + 1];
        long r0 = lane32(a0, a1, imm & 3), r1 = lane32(a0, a1, (imm >> 2) & 3);
        long r2 = lane32(srcLo, srcHi, (imm >> 4) & 3), r3 = lane32(srcLo, srcHi, (imm >> 6) & 3);
        x[d] = r0 | (r1 << 32);
        x[d + 1] = r2 | (r3 << 32);
    }

    private static long lane32(long lo, long hi, int i) {
        long q = i < 2 ? lo : hi;
        return (q >>> (32 * (i & 1))) & 0xFFFFFFFFL;
    }

    // ---- Accessors for SseConvert ---------------------------------------------------------------------------

    SimdFloat fp() {
        return fp;
    }

    long[] xmm() {
        return x;
    }

    Fpu fpu() {
        return f;
    }

    int reg() {
        return reg;
    }

    int rm() {
        return rm;
    }

    boolean isMemory() {
        return mem;
    }

    int linear() {
        return linear;
    }

    long readSource64() {
        return source64();
    }

    int readSource32() {
        return source32();
    }

    long[] readSource128(boolean aligned) {
        source128(aligned);
        return new long[] {srcLo, srcHi};
    }

    long readMmxSource() {
        return mmxSource();
    }

    void writeMmx(int i, long v) {
        setMmx(i, v);
    }

    void mmxTransition() {
        enterMmx();
    }

    void completeFp() {
        finishFp();
    }
}
