package org.nodeoslab.emulator.cpu.fpu;

/**
 * The finite, non-zero cases of the x87 transcendental functions, evaluated in double-double arithmetic (about
 * 106 bits) and rounded once to extended precision by the current rounding control, so results are the
 * correctly rounded 64-bit values except when the true value lies within about 2^-100 of a rounding boundary.
 *
 * <p>As the x87 does, FSIN/FCOS/FSINCOS/FPTAN reduce their argument exactly modulo a 66-bit approximation of
 * pi/2 (so sin(pi) is the x87's -2^-64, not -5.0e-20). Exactly representable special results (multiples of pi/4)
 * are rounded from a 128-bit pi.
 */
final class ExtendedMath {
    /** pi to 128 bits: the x87 rounds its constants and exact special results from such a value. */
    private static final long PI_HI = 0xC90FDAA22168C234L, PI_LO = 0xC4C6628B80DC1CD1L;
    /** ln 2 to 128 bits. */
    private static final long LN2_HI = 0xB17217F7D1CF79ABL, LN2_LO = 0xC9E3B39803F2F6AFL;
    /** The x87's pi/2 for argument reduction: the 66-bit pi (C90FDAA22168C234 followed by binary 11), halved. */
    private static final long Q66_HI = 0x3L, Q66_LO = 0x243F6A8885A308D3L; // pi66 * 2^64 as a 66-bit integer
    private static final double LN2_H = 0.6931471805599453, LN2_L = 2.3190468138462996e-17;
    private static final double PIO2_H = 1.5707963267948966, PIO2_L = 6.123233995736766e-17;

    private final SoftFloat sf;
    private final DoubleDouble d = new DoubleDouble();
    private double sinH, sinL, cosH, cosL;

    ExtendedMath(SoftFloat sf) {
        this.sf = sf;
    }

    // ---- Conversions ------------------------------------------------------------------------------------

    private static double pow2(int e) {
        double r = 1;
        while (e > 1000) {
            r *= 0x1p1000;
            e -= 1000;
        }
        while (e < -1000) {
            r *= 0x1p-1000;
            e += 1000;
        }
        return r * Double.longBitsToDouble((long) (e + 1023) << 52);
    }

    private double xh, xl;

    /** An extended value as a double-double (exact for exponents within binary64's range). */
    private void toDD(int se, long m) {
        sf.unpack(se, m);
        int e = sf.uExp - SoftFloat.BIAS;
        double h = (double) (sf.uSig >>> 11) * pow2(e - 52);
        double l = (double) (sf.uSig & 0x7FF) * pow2(e - 63);
        if (sf.uSign != 0) {
            h = -h;
            l = -l;
        }
        d.set(h, l);
        xh = d.hi;
        xl = d.lo;
    }

    private static int exponentOf(int se, long m) {
        return (se & 0x7FFF) - SoftFloat.BIAS - Long.numberOfLeadingZeros(m);
    }

    /** Rounds hi + lo once to extended by the rounding control; the result is inexact (PE). */
    private void deliver(double h, double l) {
        int flags = sf.flags;
        sf.fromF64(Double.doubleToRawLongBits(h));
        int hSe = sf.rSe;
        long hM = sf.rM;
        sf.fromF64(Double.doubleToRawLongBits(l));
        sf.flags = 0;
        sf.add(hSe, hM, sf.rSe, sf.rM, false, SoftFloat.EXT64);
        sf.flags = flags | (sf.flags & ~SoftFloat.DE) | SoftFloat.PE;
    }

    /** A result just below (or above) the extended value (se, m) in magnitude, rounded by the rounding control. */
    void nudged(int se, long m, boolean below) {
        deliverNudged(se, m, below);
    }

    private void deliverNudged(int se, long m, boolean below) {
        sf.unpack(se, m);
        long hi = sf.uSig, lo;
        if (below) {
            hi -= 1;
            lo = 0xFFFFFFFFFFFFFFFFL; // |x| - tiny
        } else {
            lo = 1; // |x| + tiny
        }
        sf.roundPack(sf.uSign, sf.uExp, hi, lo, SoftFloat.EXT64);
        sf.flags |= SoftFloat.PE;
    }

    // ---- sin, cos, tan ------------------------------------------------------------------------------------

    /** Computes sin and cos of x (|x| < 2^63, non-zero, finite). */
    void sinCos(int se, long m) {
        int e = exponentOf(se, m);
        if (e < -32) {
            // x^3/6 is below half an ulp of x (and x^2/2 of 1): the results are x or 1 nudged, exactly.
            sinH = 0;
            tinySe = se;
            tinyM = m;
            tiny = true;
            return;
        }
        tiny = false;
        // r = |x| mod pi66/2 by exact long division in units of 2^-65 (x = sig * 2^(ue+2) units), then centred.
        sf.unpack(se, m);
        int negative = sf.uSign;
        int ue = sf.uExp - SoftFloat.BIAS;
        long k = 0;
        double rh, rl;
        if (ue < -1) {
            toDD(se & 0x7FFF, m);
            rh = xh;
            rl = xl;
        } else {
            long sig = sf.uSig;
            int bits = 64 + ue + 2;
            long remHi = 0, remLo = 0;
            for (int i = 0; i < bits; i++) {
                long bit = i < 64 ? (sig >>> (63 - i)) & 1 : 0;
                remHi = (remHi << 1) | (remLo >>> 63);
                remLo = (remLo << 1) | bit;
                k <<= 1;
                if (remHi > Q66_HI || (remHi == Q66_HI && Long.compareUnsigned(remLo, Q66_LO) >= 0)) {
                    remHi = remHi - Q66_HI - (Long.compareUnsigned(remLo, Q66_LO) < 0 ? 1 : 0);
                    remLo -= Q66_LO;
                    k |= 1;
                }
            }
            // Centre: r > Q/2 becomes r - Q (the next quadrant).
            long twiceHi = (remHi << 1) | (remLo >>> 63), twiceLo = remLo << 1;
            boolean neg = twiceHi > Q66_HI || (twiceHi == Q66_HI && Long.compareUnsigned(twiceLo, Q66_LO) > 0);
            if (neg) {
                long nLo = Q66_LO - remLo;
                remHi = Q66_HI - remHi - (Long.compareUnsigned(Q66_LO, remLo) < 0 ? 1 : 0);
                remLo = nLo;
                k++;
            }
            // At most 67 bits: hi = the top 53, lo = the rest (exact).
            int lz = remHi != 0 ? Long.numberOfLeadingZeros(remHi) : 64 + Long.numberOfLeadingZeros(remLo);
            if (lz >= 128) {
                rh = 0;
                rl = 0;
            } else {
                long top = lz < 64 ? (lz == 0 ? remHi : (remHi << lz) | (remLo >>> (64 - lz))) : remLo << (lz - 64);
                long next = lz < 64 ? remLo << lz : 0;
                int scale = 127 - lz - 65;
                double h = (double) (top >>> 11) * pow2(scale - 52);
                double l = (double) (((top & 0x7FF) << 42) | (next >>> 22)) * pow2(scale - 105);
                d.set(neg ? -h : h, neg ? -l : l);
                rh = d.hi;
                rl = d.lo;
            }
        }
        taylor(rh, rl);
        double sh = sinH, sl = sinL, ch = cosH, cl = cosL;
        switch ((int) (k & 3)) {
            case 1:
                sinH = ch; sinL = cl; cosH = -sh; cosL = -sl;
                break;
            case 2:
                sinH = -sh; sinL = -sl; cosH = -ch; cosL = -cl;
                break;
            case 3:
                sinH = -ch; sinL = -cl; cosH = sh; cosL = sl;
                break;
            default:
                break;
        }
        if (negative != 0) {
            sinH = -sinH;
            sinL = -sinL;
        }
    }

    private boolean tiny;
    private int tinySe;
    private long tinyM;

    /** Taylor series of sin and cos for |r| <= pi/4 (plus a little) in double-double. */
    private void taylor(double rh, double rl) {
        d.mul(rh, rl, rh, rl);
        double r2h = d.hi, r2l = d.lo;
        // sin
        double sh = rh, sl = rl, th = rh, tl = rl;
        for (int n = 1; n < 40; n++) {
            d.mul(th, tl, r2h, r2l);
            d.div(d.hi, d.lo, -(2.0 * n) * (2.0 * n + 1), 0);
            th = d.hi;
            tl = d.lo;
            d.add(sh, sl, th, tl);
            sh = d.hi;
            sl = d.lo;
            if (Math.abs(th) < Math.abs(sh) * 0x1p-110) {
                break;
            }
        }
        sinH = sh;
        sinL = sl;
        // cos
        double ch = 1, cl = 0;
        th = 1;
        tl = 0;
        for (int n = 1; n < 40; n++) {
            d.mul(th, tl, r2h, r2l);
            d.div(d.hi, d.lo, -(2.0 * n - 1) * (2.0 * n), 0);
            th = d.hi;
            tl = d.lo;
            d.add(ch, cl, th, tl);
            ch = d.hi;
            cl = d.lo;
            if (Math.abs(th) < 0x1p-110) {
                break;
            }
        }
        cosH = ch;
        cosL = cl;
    }

    void roundSin() {
        if (tiny) {
            deliverNudged(tinySe, tinyM, true); // sin x = x - x^3/6: just below |x|
            return;
        }
        deliver(sinH, sinL);
    }

    void roundCos() {
        if (tiny) {
            deliverNudged(0x3FFF, 0x8000000000000000L, true); // cos x = 1 - x^2/2: just below 1
            return;
        }
        deliver(cosH, cosL);
    }

    void roundTan() {
        if (tiny) {
            // tan x = x + x^3/3 is just above |x|, but the x87 delivers tiny tangents as just below (as for sin).
            deliverNudged(tinySe, tinyM, true);
            return;
        }
        d.div(sinH, sinL, cosH, cosL);
        deliver(d.hi, d.lo);
    }

    // ---- 2^x - 1 ----------------------------------------------------------------------------------------

    void exp2m1(int se, long m) {
        int e = exponentOf(se, m);
        if (e < -900) {
            // 2^x - 1 = x ln2 (1 + x ln2 / 2 + ...): far below the last bit, so x * ln2 rounded once.
            sf.unpack(se, m);
            long hi = SoftFloat.mulHigh(sf.uSig, LN2_HI), lo = sf.uSig * LN2_HI;
            long carry = SoftFloat.mulHigh(sf.uSig, LN2_LO);
            lo += carry;
            if (Long.compareUnsigned(lo, carry) < 0) {
                hi++;
            }
            sf.roundPack(sf.uSign, sf.uExp, hi, lo | 1, SoftFloat.EXT64);
            sf.flags |= SoftFloat.PE;
            return;
        }
        toDD(se, m);
        d.mul(xh, xl, LN2_H, LN2_L);
        double uh = d.hi, ul = d.lo;
        // expm1(u) = u + u^2/2! + ...: no cancellation, so small results keep their relative accuracy.
        double sh = uh, sl = ul, th = uh, tl = ul;
        for (int n = 2; n < 60; n++) {
            d.mul(th, tl, uh, ul);
            d.div(d.hi, d.lo, n, 0);
            th = d.hi;
            tl = d.lo;
            d.add(sh, sl, th, tl);
            sh = d.hi;
            sl = d.lo;
            if (Math.abs(th) < Math.abs(sh) * 0x1p-110) {
                break;
            }
        }
        deliver(sh, sl);
    }

    // ---- logarithms ---------------------------------------------------------------------------------------

    /** ln((1 + s) / (1 - s)) = 2 atanh(s) for |s| <= 0.18, in double-double. */
    private void twoAtanh(double sh, double sl) {
        d.mul(sh, sl, sh, sl);
        double s2h = d.hi, s2l = d.lo;
        double rh = sh, rl = sl, ph = sh, pl = sl;
        for (int n = 1; n < 60; n++) {
            d.mul(ph, pl, s2h, s2l);
            ph = d.hi;
            pl = d.lo;
            d.div(ph, pl, 2 * n + 1, 0);
            double th = d.hi, tl = d.lo;
            d.add(rh, rl, th, tl);
            rh = d.hi;
            rl = d.lo;
            if (Math.abs(th) < Math.abs(rh) * 0x1p-110) {
                break;
            }
        }
        d.set(2 * rh, 2 * rl);
    }

    /** y * log2(x) (x > 0 finite, not 1) or y * log2(1 + x); y finite non-zero. */
    void yLog2(int xSe, long xM, int ySe, long yM, boolean plusOne) {
        double lnH, lnL;
        int e2 = 0;
        if (plusOne) {
            int e = exponentOf(xSe, xM);
            if (e < -900) {
                // log2(1 + x) = x / ln2 (1 - x/2 ...): y * x / ln2 rounded once, nudged toward zero.
                yTimesXOverLn2(xSe, xM, ySe, yM);
                return;
            }
            toDD(xSe, xM);
            // s = x / (2 + x): ln(1 + x) = 2 atanh(s)
            d.add(2, 0, xh, xl);
            d.div(xh, xl, d.hi, d.lo);
            twoAtanh(d.hi, d.lo);
            lnH = d.hi;
            lnL = d.lo;
        } else {
            sf.unpack(xSe, xM);
            e2 = sf.uExp - SoftFloat.BIAS;
            long sig = sf.uSig;
            int mantExp = 0;
            if (Long.compareUnsigned(sig, 0xB504F333F9DE6484L) > 0) { // m > sqrt(2): use m/2, e + 1
                mantExp = -1;
                e2++;
            }
            double mh = (double) (sig >>> 11) * pow2(-52 + mantExp), ml = (double) (sig & 0x7FF) * pow2(-63 + mantExp);
            // s = (m - 1) / (m + 1)
            d.add(mh, ml, -1, 0);
            double nh = d.hi, nl = d.lo;
            d.add(mh, ml, 1, 0);
            d.div(nh, nl, d.hi, d.lo);
            twoAtanh(d.hi, d.lo);
            lnH = d.hi;
            lnL = d.lo;
        }
        // log2 = e2 + ln / ln2
        d.div(lnH, lnL, LN2_H, LN2_L);
        d.add(e2, 0, d.hi, d.lo);
        double lh = d.hi, ll = d.lo;
        int ye = exponentOf(ySe, yM);
        if (ye > 900 || ye < -900) {
            // y outside binary64's range: round log2 to extended, then one extended multiplication.
            deliver(lh, ll);
            int lSe = sf.rSe;
            long lM = sf.rM;
            sf.mul(ySe, yM, lSe, lM, SoftFloat.EXT64);
            sf.flags |= SoftFloat.PE;
            return;
        }
        toDD(ySe, yM);
        d.mul(xh, xl, lh, ll);
        deliver(d.hi, d.lo);
    }

    private void yTimesXOverLn2(int xSe, long xM, int ySe, long yM) {
        // 1/ln2 = 1.4426950408889634...: x * y / ln2 in extended, nudged (log2(1+x) is slightly below x/ln2).
        sf.mul(xSe, xM, ySe, yM, SoftFloat.EXT64);
        int pSe = sf.rSe;
        long pM = sf.rM;
        sf.mul(pSe, pM, 0x3FFF, 0xB8AA3B295C17F0BCL, SoftFloat.EXT64);
        sf.flags |= SoftFloat.PE;
    }

    // ---- arctangent ---------------------------------------------------------------------------------------

    /** atan2(y, x) for finite non-zero x and y. */
    void atan2(int ySe, long yM, int xSe, long xM) {
        int ey = exponentOf(ySe, yM), ex = exponentOf(xSe, xM);
        int ySign = (ySe >> 15) & 1, xSign = (xSe >> 15) & 1;
        if (ey - ex < -900) {
            if (xSign == 0) {
                // atan(t) = t - t^3/3: just below |y/x|.
                sf.div(ySe & 0x7FFF, yM, xSe & 0x7FFF, xM, SoftFloat.EXT64);
                int qSe = sf.rSe;
                long qM = sf.rM;
                deliverNudged(qSe | (ySign << 15), qM, true);
            } else {
                piMultiple(ySign, 4); // pi - |y/x|: pi to within far less than an ulp
            }
            return;
        }
        if (ey - ex > 900) {
            piMultiple(ySign, 2); // pi/2 -+ |x/y|
            return;
        }
        if (ey > 900 || ey < -900 || ex > 900 || ex < -900) {
            // Scale both by the same power of two into binary64's range (only the ratio matters).
            int shift = (ey + ex) / 2;
            ySe = (ySe & 0x8000) | ((ySe & 0x7FFF) - shift);
            xSe = (xSe & 0x8000) | ((xSe & 0x7FFF) - shift);
        }
        toDD(ySe & 0x7FFF, yM);
        double yh = xh, yl = xl;
        toDD(xSe & 0x7FFF, xM);
        double ah = xh, al = xl;
        boolean swap = yh > ah; // atan(y/x) = pi/2 - atan(x/y) keeps the ratio <= 1
        if (swap) {
            d.div(ah, al, yh, yl);
        } else {
            d.div(yh, yl, ah, al);
        }
        double th = d.hi, tl = d.lo;
        // z0 = atan(t) in binary64, then one Newton step on tan: z1 = z0 - (sin z0 - t cos z0) * cos z0.
        double z0 = Math.atan(th);
        taylor(z0, 0);
        double sh = sinH, sl = sinL, ch = cosH, cl = cosL;
        d.mul(th, tl, ch, cl);
        d.add(sh, sl, -d.hi, -d.lo);
        d.mul(d.hi, d.lo, ch, cl);
        d.add(z0, 0, -d.hi, -d.lo);
        double zh = d.hi, zl = d.lo;
        if (swap) {
            d.add(PIO2_H, PIO2_L, -zh, -zl);
            zh = d.hi;
            zl = d.lo;
        }
        if (xSign != 0) {
            d.add(2 * PIO2_H, 2 * PIO2_L, -zh, -zl);
            zh = d.hi;
            zl = d.lo;
        }
        if (ySign != 0) {
            zh = -zh;
            zl = -zl;
        }
        deliver(zh, zl);
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
        sf.flags |= SoftFloat.PE;
    }
}
