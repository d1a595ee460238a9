package org.nodeoslab.emulator.cpu.fpu;

import org.nodeoslab.emulator.cpu.CpuFault;

/** The SSE/SSE2 conversions (0F 2A/2C/2D/5A/5B/E6) and the RCP/RSQRT approximations (0F 52/53). */
final class SseConvert {
    private SseConvert() {
    }

    private static CpuFault ud() {
        return CpuFault.withoutCode(CpuFault.UD);
    }

    /** 0F 2A (int → float), 2C (truncating float → int), 2D (rounding float → int). */
    static void scalarOrMmx(Sse s, int op2, int prefix) {
        long[] x = s.xmm();
        SimdFloat fp = s.fp();
        int d = 2 * s.reg();
        fp.begin(s.fpu().mxcsr);
        if (op2 == 0x2A) {
            switch (prefix) {
                case 0xF2: { // CVTSI2SD
                    int v = s.isMemory() ? s.fpu().read32(s.linear()) : s.fpu().cpu.reg[s.rm()];
                    x[d] = SimdFloat.intToF64(v);
                    return;
                }
                case 0xF3: { // CVTSI2SS
                    int v = s.isMemory() ? s.fpu().read32(s.linear()) : s.fpu().cpu.reg[s.rm()];
                    int r = fp.intToF32(v);
                    s.completeFp();
                    x[d] = (x[d] & 0xFFFFFFFF00000000L) | (r & 0xFFFFFFFFL);
                    return;
                }
                case 0x66: { // CVTPI2PD xmm, mm/m64
                    long v = mmxOperand(s);
                    x[d] = SimdFloat.intToF64((int) v);
                    x[d + 1] = SimdFloat.intToF64((int) (v >>> 32));
                    return;
                }
                default: { // CVTPI2PS xmm, mm/m64
                    long v = mmxOperand(s);
                    int r0 = fp.intToF32((int) v), r1 = fp.intToF32((int) (v >>> 32));
                    s.completeFp();
                    x[d] = Sse.pair(r0, r1);
                }
            }
            return;
        }
        boolean truncate = op2 == 0x2C;
        switch (prefix) {
            case 0xF2: {
                int r = fp.f64ToInt(s.readSource64(), truncate);
                s.completeFp();
                s.fpu().cpu.reg[s.reg()] = r;
                return;
            }
            case 0xF3: {
                int r = fp.f32ToInt(s.readSource32(), truncate);
                s.completeFp();
                s.fpu().cpu.reg[s.reg()] = r;
                return;
            }
            case 0x66: { // CVT(T)PD2PI mm, xmm/m128
                long[] src = s.readSource128(true);
                s.mmxTransition();
                int r0 = fp.f64ToInt(src[0], truncate), r1 = fp.f64ToInt(src[1], truncate);
                s.completeFp();
                s.writeMmx(s.reg(), Sse.pair(r0, r1));
                return;
            }
            default: { // CVT(T)PS2PI mm, xmm/m64
                long v = s.readSource64();
                s.mmxTransition();
                int r0 = fp.f32ToInt((int) v, truncate), r1 = fp.f32ToInt((int) (v >>> 32), truncate);
                s.completeFp();
                s.writeMmx(s.reg(), Sse.pair(r0, r1));
            }
        }
    }

    /** An mm/m64 source: a register operand makes the x87-to-MMX transition, a memory one does not. */
    private static long mmxOperand(Sse s) {
        if (!s.isMemory()) {
            s.mmxTransition();
        }
        return s.readMmxSource();
    }

    /** 0F 5A (float ↔ double), 5B (int ↔ float), E6 (int ↔ double). */
    static void packed(Sse s, int op2, int prefix) {
        long[] x = s.xmm();
        SimdFloat fp = s.fp();
        int d = 2 * s.reg();
        fp.begin(s.fpu().mxcsr);
        long lo, hi;
        switch (op2 << 8 | prefix) {
            case 0x5A00: { // CVTPS2PD
                long v = s.readSource64();
                lo = fp.f32ToF64((int) v);
                hi = fp.f32ToF64((int) (v >>> 32));
                break;
            }
            case 0x5A66: { // CVTPD2PS
                long[] src = s.readSource128(true);
                lo = Sse.pair(fp.f64ToF32(src[0]), fp.f64ToF32(src[1]));
                hi = 0;
                break;
            }
            case 0x5AF3: { // CVTSS2SD
                lo = fp.f32ToF64(s.readSource32());
                hi = x[d + 1];
                break;
            }
            case 0x5AF2: { // CVTSD2SS
                lo = (x[d] & 0xFFFFFFFF00000000L) | (fp.f64ToF32(s.readSource64()) & 0xFFFFFFFFL);
                hi = x[d + 1];
                break;
            }
            case 0x5B00: { // CVTDQ2PS
                long[] src = s.readSource128(true);
                lo = Sse.pair(fp.intToF32((int) src[0]), fp.intToF32((int) (src[0] >>> 32)));
                hi = Sse.pair(fp.intToF32((int) src[1]), fp.intToF32((int) (src[1] >>> 32)));
                break;
            }
            case 0x5B66: // CVTPS2DQ
            case 0x5BF3: { // CVTTPS2DQ
                boolean t = prefix == 0xF3;
                long[] src = s.readSource128(true);
                lo = Sse.pair(fp.f32ToInt((int) src[0], t), fp.f32ToInt((int) (src[0] >>> 32), t));
                hi = Sse.pair(fp.f32ToInt((int) src[1], t), fp.f32ToInt((int) (src[1] >>> 32), t));
                break;
            }
            case 0xE666: // CVTTPD2DQ
            case 0xE6F2: { // CVTPD2DQ
                boolean t = prefix == 0x66;
                long[] src = s.readSource128(true);
                lo = Sse.pair(fp.f64ToInt(src[0], t), fp.f64ToInt(src[1], t));
                hi = 0;
                break;
            }
            case 0xE6F3: { // CVTDQ2PD
                long v = s.readSource64();
                lo = SimdFloat.intToF64((int) v);
                hi = SimdFloat.intToF64((int) (v >>> 32));
                break;
            }
            default:
                throw ud();
        }
        s.completeFp();
        x[d] = lo;
        x[d + 1] = hi;
    }

    /** RSQRTPS/RSQRTSS (rsqrt) and RCPPS/RCPSS: 12-bit approximations, no exceptions. */
    static void approximation(Sse s, boolean rsqrt, int prefix) {
        long[] x = s.xmm();
        int d = 2 * s.reg();
        if (prefix == 0xF3) {
            int r = approximate(s.readSource32(), rsqrt);
            x[d] = (x[d] & 0xFFFFFFFF00000000L) | (r & 0xFFFFFFFFL);
            return;
        }
        if (prefix != 0) {
            throw ud();
        }
        long[] src = s.readSource128(true);
        x[d] = Sse.pair(approximate((int) src[0], rsqrt), approximate((int) (src[0] >>> 32), rsqrt));
        x[d + 1] = Sse.pair(approximate((int) src[1], rsqrt), approximate((int) (src[1] >>> 32), rsqrt));
    }

    /**
     * The exact reciprocal (square root) truncated to 12 significand bits: within the architected relative
     * error of 1.5 * 2^-12, though a given processor's table may differ in the last bits.
     */
    private static int approximate(int bits, boolean rsqrt) {
        if (SimdFloat.isNaN32(bits)) {
            return bits | 0x00400000;
        }
        int sign = bits & 0x80000000;
        if ((bits & 0x7F800000) == 0) { // zero or denormal: treated as zero
            return sign | 0x7F800000;
        }
        if ((bits & 0x7FFFFFFF) == 0x7F800000) {
            return rsqrt && sign != 0 ? SoftFloat.F32_INDEFINITE : sign;
        }
        if (rsqrt && sign != 0) {
            return SoftFloat.F32_INDEFINITE;
        }
        double v = Float.intBitsToFloat(bits);
        double r = rsqrt ? 1.0 / Math.sqrt(v) : 1.0 / v;
        int rb = Float.floatToRawIntBits((float) r);
        if ((rb & 0x7F800000) == 0) {
            return sign; // results too small to be normal are flushed
        }
        return rb & 0xFFFFF000;
    }
}
