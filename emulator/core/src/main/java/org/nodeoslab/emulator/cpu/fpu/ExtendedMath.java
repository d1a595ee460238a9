package org.nodeoslab.emulator.cpu.fpu;

/**
 * The finite, non-zero cases of the x87 transcendental functions. The value is evaluated with Java's
 * {@link StrictMath} in binary64 and then widened to extended, so results agree with the host x87 to about
 * 53 bits, not 64: the differential report lists these instructions' last-bit differences. Exactly
 * representable special results (multiples of pi/4) are rounded from a 128-bit pi, as the x87 does.
 */
final class ExtendedMath {
    /** pi to 128 bits: the x87 rounds its constants and exact special results from such a value. */
    private static final long PI_HI = 0xC90FDAA22168C234L, PI_LO = 0xC4C6628B80DC1CD1L;

    private final SoftFloat sf;
    private double sinValue, cosValue;

    ExtendedMath(SoftFloat sf) {
        this.sf = sf;
    }

    /** Extended to double, rounded to nearest; exponents beyond double's range saturate (callers avoid them). */
    private double toDouble(int se, long m) {
        int savedFlags = sf.flags, savedRounding = sf.rounding;
        boolean savedUnder = sf.underflowUnmasked, savedOver = sf.overflowUnmasked;
        sf.rounding = SoftFloat.RN;
        sf.underflowUnmasked = false;
        sf.overflowUnmasked = false;
        sf.round(se, m, SoftFloat.F64);
        sf.flags = savedFlags;
        sf.rounding = savedRounding;
        sf.underflowUnmasked = savedUnder;
        sf.overflowUnmasked = savedOver;
        return Double.longBitsToDouble(sf.rBits);
    }

    /** Delivers an inexact double result as extended, with PE (and UE when tiny). */
    private void deliver(double v) {
        sf.fromF64(Double.doubleToRawLongBits(v));
        sf.flags &= ~SoftFloat.DE; // widening a double is exact: no operand exception
        sf.flags |= SoftFloat.PE;
        sf.roundedUp = false;
        if (v != 0 && Math.abs(v) < Double.MIN_NORMAL) {
            sf.flags |= SoftFloat.UE;
        }
    }

    void sinCos(int se, long m) {
        double x = toDouble(se, m);
        sinValue = StrictMath.sin(x);
        cosValue = StrictMath.cos(x);
    }

    void roundSin() {
        deliver(sinValue);
    }

    void roundCos() {
        deliver(cosValue);
    }

    void roundTan() {
        deliver(sinValue / cosValue);
    }

    void exp2m1(int se, long m) {
        double x = toDouble(se, m);
        deliver(StrictMath.expm1(x * 0.6931471805599453));
    }

    /** y * log2(x) or y * log2(x + 1), x finite positive (or > -1), y finite non-zero. */
    void yLog2(int xSe, long xM, int ySe, long yM, boolean plusOne) {
        double lg;
        if (plusOne) {
            lg = StrictMath.log1p(toDouble(xSe, xM)) / 0.6931471805599453;
        } else {
            sf.unpack(xSe, xM);
            int e = sf.uExp - SoftFloat.BIAS;
            double mant = Double.longBitsToDouble(0x3FF0000000000000L | ((sf.uSig << 1) >>> 12));
            lg = e + StrictMath.log(mant) / 0.6931471805599453;
        }
        sf.fromF64(Double.doubleToRawLongBits(lg));
        int lgSe = sf.rSe;
        long lgM = sf.rM;
        sf.mul(ySe, yM, lgSe, lgM, SoftFloat.EXT64);
        sf.flags |= SoftFloat.PE;
    }

    void atan2(int ySe, long yM, int xSe, long xM) {
        deliver(StrictMath.atan2(toDouble(ySe, yM), toDouble(xSe, xM)));
    }

    /** sign * quarters * pi / 4 (quarters 1..4), rounded by the current rounding control. */
    void piMultiple(int sign, int quarters) {
        long hi = PI_HI, lo = PI_LO;
        int exp = SoftFloat.BIAS + 1; // pi = 1.57... * 2^1
        if (quarters == 3) {
            // 3 * pi / 4 = (3 * sig / 4) * 2^1: form 3 * sig as a 130-bit number and shift it right by 2.
            long lo2 = lo << 1, hi2 = (hi << 1) | (lo >>> 63);
            long above = hi >>> 63;
            long sumLo = lo2 + lo;
            long carry0 = Long.compareUnsigned(sumLo, lo2) < 0 ? 1 : 0;
            long sumHi = hi2 + hi + carry0;
            boolean carry1 = Long.compareUnsigned(sumHi, hi) < 0 || (carry0 == 1 && sumHi == hi);
            above += carry1 ? 1 : 0;
            long newHi = (above << 62) | (sumHi >>> 2);
            long newLo = (sumHi << 62) | (sumLo >>> 2) | ((sumLo & 3) != 0 ? 1 : 0);
            hi = newHi;
            lo = newLo;
        } else {
            exp += quarters == 1 ? -2 : quarters == 2 ? -1 : 0; // pi/4, pi/2, pi
        }
        sf.roundPack(sign, exp, hi, lo, SoftFloat.EXT64);
    }
}
