package org.nodeoslab.emulator.cpu.fpu;

/**
 * IEEE-754 arithmetic in integers on the x87 80-bit extended format, rounding to extended (with x87 precision
 * control), double or single: the softfloat behind the x87 and behind the SSE slow path.
 *
 * <p>An extended value is a pair {@code (se, m)}: sign in bit 15 and biased exponent (bias 16383) in bits 0..14
 * of {@code se}, the 64-bit significand with its explicit integer bit in {@code m}. Operations compute the exact
 * result (to 128 bits plus a sticky bit), round once with {@link #rounding}, and leave the result in
 * {@link #rSe}/{@link #rM} (extended) or {@link #rBits} (double or single), OR-ing the exception flags (x87
 * status-word / MXCSR bit layout, identical for the six flags) into {@link #flags}.
 *
 * <p>NaN results follow the x87 rules (the larger significand wins); the SSE code applies its own
 * first-operand rule before calling in. Tininess is detected after rounding, as on Intel processors.
 */
final class SoftFloat {
    static final int RN = 0, RD = 1, RU = 2, RZ = 3;
    static final int IE = 1, DE = 2, ZE = 4, OE = 8, UE = 16, PE = 32;

    /** Destination formats: extended with 24/53/64-bit precision control, then the memory/SSE formats. */
    static final int EXT24 = 0, EXT53 = 2, EXT64 = 3, F64 = 4, F32 = 5;

    static final int BIAS = 16383;
    static final int INDEFINITE_SE = 0xFFFF;
    static final long INDEFINITE_M = 0xC000000000000000L;
    static final long F64_INDEFINITE = 0xFFF8000000000000L;
    static final int F32_INDEFINITE = 0xFFC00000;

    // Operand classes.
    static final int ZERO = 0, NORMAL = 1, DENORMAL = 2, INF = 3, QNAN = 4, SNAN = 5, UNSUPPORTED = 6;

    /** Rounding control (x87 RC / MXCSR RC encoding). */
    int rounding;
    /** When set, a tiny x87 result is delivered with its exponent biased up by 24576 instead of denormalized. */
    boolean underflowUnmasked;
    /** When set, an overflowing x87 result is delivered with its exponent biased down by 24576. */
    boolean overflowUnmasked;
    /** SSE flush-to-zero: masked tiny results become zero. */
    boolean flushToZero;
    /** Accumulated exception flags. */
    int flags;
    /** The last rounding went away from zero (the x87 reports it in C1). */
    boolean roundedUp;

    /** Extended result. */
    int rSe;
    long rM;
    /** Double or single result (the latter in the low 32 bits). */
    long rBits;

    // Unpacked operand (after unpack()): sign 0/1, biased exponent (may be below 1 for denormals), normalized sig.
    int uSign, uExp;
    long uSig;
    // 128-bit scratch (hi, lo).
    private long h, l;

    // ---- Classification and unpacking ---------------------------------------------------------------------

    static int classify(int se, long m) {
        int e = se & 0x7FFF;
        if (e == 0) {
            return m == 0 ? ZERO : DENORMAL;
        }
        if (e == 0x7FFF) {
            if (m >= 0) {
                return UNSUPPORTED; // pseudo-infinity or pseudo-NaN
            }
            if ((m << 1) == 0) {
                return INF;
            }
            return (m & 0x4000000000000000L) != 0 ? QNAN : SNAN;
        }
        return m < 0 ? NORMAL : UNSUPPORTED; // unnormal
    }

    static boolean isNaN(int se, long m) {
        return (se & 0x7FFF) == 0x7FFF && (m << 1) != 0;
    }

    /** Unpacks a finite non-zero value into uSign/uExp/uSig (normalized). */
    void unpack(int se, long m) {
        uSign = (se >> 15) & 1;
        int e = se & 0x7FFF;
        if (m < 0) {
            uExp = e == 0 ? 1 : e; // a pseudo-denormal reads as exponent 1
            uSig = m;
        } else {
            int s = Long.numberOfLeadingZeros(m);
            uSig = m << s;
            uExp = (e == 0 ? 1 : e) - s;
        }
    }

    void setIndefinite() {
        flags |= IE;
        rSe = INDEFINITE_SE;
        rM = INDEFINITE_M;
    }

    void setResult(int se, long m) {
        rSe = se;
        rM = m;
    }

    /** The x87 rule for two NaN operands (or one): quiet the result, the larger significand wins. */
    void propagateNaN(int aSe, long aM, int bSe, long bM) {
        boolean aNaN = isNaN(aSe, aM), bNaN = isNaN(bSe, bM);
        boolean aSignal = aNaN && (aM & 0x4000000000000000L) == 0;
        boolean bSignal = bNaN && (bM & 0x4000000000000000L) == 0;
        if (aSignal || bSignal) {
            flags |= IE;
        }
        long qa = aM | 0xC000000000000000L, qb = bM | 0xC000000000000000L;
        if (!bNaN) {
            setResult(aSe, qa);
        } else if (!aNaN) {
            setResult(bSe, qb);
        } else if (aSignal != bSignal) {
            // A quiet NaN wins over a signalling one.
            if (aSignal) {
                setResult(bSe, qb);
            } else {
                setResult(aSe, qa);
            }
        } else {
            int c = Long.compareUnsigned(aM << 1, bM << 1);
            if (c > 0 || (c == 0 && aSe < bSe)) {
                setResult(aSe, qa);
            } else {
                setResult(bSe, qb);
            }
        }
    }

    /** Single-operand NaN: quiet it (IE if it was signalling). */
    void propagateNaN(int aSe, long aM) {
        if ((aM & 0x4000000000000000L) == 0) {
            flags |= IE;
        }
        setResult(aSe, aM | 0xC000000000000000L);
    }

    /**
     * Common handling of special operands for two-operand arithmetic. Returns true when the result is already
     * decided (NaN, unsupported). Raises DE for denormal operands.
     */
    private boolean specialOperands(int ca, int cb, int aSe, long aM, int bSe, long bM) {
        if (ca == UNSUPPORTED || cb == UNSUPPORTED) {
            setIndefinite();
            return true;
        }
        if (ca >= QNAN || cb >= QNAN) {
            propagateNaN(aSe, aM, bSe, bM);
            return true;
        }
        if (ca == DENORMAL || cb == DENORMAL) {
            flags |= DE;
        }
        return false;
    }

    // ---- Arithmetic --------------------------------------------------------------------------------------

    /** a + b (or a - b when {@code subtract}). */
    void add(int aSe, long aM, int bSe, long bM, boolean subtract, int fmt) {
        int ca = classify(aSe, aM), cb = classify(bSe, bM);
        if (specialOperands(ca, cb, aSe, aM, bSe, bM)) {
            return; // a NaN keeps its own sign even when subtracted
        }
        if (subtract) {
            bSe ^= 0x8000;
        }
        if (ca == INF || cb == INF) {
            if (ca == INF && cb == INF && ((aSe ^ bSe) & 0x8000) != 0) {
                setIndefinite();
            } else {
                int s = ca == INF ? aSe : bSe;
                setResult(s | 0x7FFF, 0x8000000000000000L);
                packSpecial(fmt);
            }
            return;
        }
        if (ca == ZERO && cb == ZERO) {
            int sign = (aSe & bSe & 0x8000) != 0 ? 1 : ((aSe ^ bSe) & 0x8000) != 0 && rounding == RD ? 1 : 0;
            zero(sign, fmt);
            return;
        }
        if (ca == ZERO || cb == ZERO) {
            unpack(ca == ZERO ? bSe : aSe, ca == ZERO ? bM : aM);
            roundPack(uSign, uExp, uSig, 0, fmt);
            return;
        }
        unpack(aSe, aM);
        int sa = uSign, ea = uExp;
        long ma = uSig;
        unpack(bSe, bM);
        int sb = uSign, eb = uExp;
        long mb = uSig;
        if (ea < eb || (ea == eb && Long.compareUnsigned(ma, mb) < 0)) {
            int ts = sa; sa = sb; sb = ts;
            int te = ea; ea = eb; eb = te;
            long tm = ma; ma = mb; mb = tm;
        }
        // |a| >= |b| now.
        shiftRightJam(mb, 0, ea - eb);
        long bh = h, bl = l;
        if (sa == sb) {
            long lo = bl;
            long hi = ma + bh;
            boolean carry = Long.compareUnsigned(hi, ma) < 0;
            if (carry) {
                lo = (lo >>> 1) | (hi << 63) | (lo & 1);
                hi = (hi >>> 1) | 0x8000000000000000L;
                ea++;
            }
            roundPack(sa, ea, hi, lo, fmt);
        } else {
            long lo = -bl;
            long hi = ma - bh - (bl != 0 ? 1 : 0);
            if (hi == 0 && lo == 0) {
                zero(rounding == RD ? 1 : 0, fmt);
                return;
            }
            roundPack(sa, ea, hi, lo, fmt);
        }
    }

    void mul(int aSe, long aM, int bSe, long bM, int fmt) {
        int ca = classify(aSe, aM), cb = classify(bSe, bM);
        if (specialOperands(ca, cb, aSe, aM, bSe, bM)) {
            return;
        }
        int sign = ((aSe ^ bSe) >> 15) & 1;
        if (ca == INF || cb == INF) {
            if (ca == ZERO || cb == ZERO) {
                setIndefinite();
            } else {
                infinity(sign, fmt);
            }
            return;
        }
        if (ca == ZERO || cb == ZERO) {
            zero(sign, fmt);
            return;
        }
        unpack(aSe, aM);
        int ea = uExp;
        long ma = uSig;
        unpack(bSe, bM);
        long hi = mulHigh(ma, uSig), lo = ma * uSig;
        roundPack(sign, ea + uExp - BIAS + 1, hi, lo, fmt);
    }

    void div(int aSe, long aM, int bSe, long bM, int fmt) {
        int ca = classify(aSe, aM), cb = classify(bSe, bM);
        int flagsBefore = flags;
        if (specialOperands(ca, cb, aSe, aM, bSe, bM)) {
            return;
        }
        int sign = ((aSe ^ bSe) >> 15) & 1;
        if (ca == INF) {
            if (cb == INF) {
                setIndefinite();
            } else {
                infinity(sign, fmt);
            }
            return;
        }
        if (cb == INF) {
            zero(sign, fmt);
            return;
        }
        if (cb == ZERO) {
            if (ca == ZERO) {
                setIndefinite();
            } else {
                flags = flagsBefore | ZE; // division by zero takes precedence over a denormal dividend
                infinity(sign, fmt);
            }
            return;
        }
        if (ca == ZERO) {
            zero(sign, fmt);
            return;
        }
        unpack(aSe, aM);
        int ea = uExp;
        long ma = uSig;
        unpack(bSe, bM);
        long mb = uSig;
        int e = ea - uExp + BIAS;
        // Long division: 65 quotient bits (the first may be zero) plus the remainder as a sticky bit.
        long rem = ma;
        boolean remTop = false;
        long q = 0;
        int qExtra = 0;
        for (int i = 0; i < 66; i++) {
            boolean ge = remTop || Long.compareUnsigned(rem, mb) >= 0;
            int bit = 0;
            if (ge) {
                rem -= mb;
                bit = 1;
            }
            if (i < 64) {
                q = (q << 1) | bit;
            } else {
                qExtra = (qExtra << 1) | bit;
            }
            remTop = rem < 0;
            rem <<= 1;
        }
        long lo = ((long) qExtra << 62) | ((rem != 0 || remTop) ? 1 : 0);
        roundPack(sign, e, q, lo, fmt);
    }

    void sqrt(int aSe, long aM, int fmt) {
        int ca = classify(aSe, aM);
        if (ca == UNSUPPORTED) {
            setIndefinite();
            return;
        }
        if (ca >= QNAN) {
            propagateNaN(aSe, aM);
            return;
        }
        if (ca == ZERO) {
            zero((aSe >> 15) & 1, fmt);
            return;
        }
        if ((aSe & 0x8000) != 0) {
            setIndefinite();
            return;
        }
        if (ca == INF) {
            infinity(0, fmt);
            return;
        }
        if (ca == DENORMAL) {
            flags |= DE;
        }
        unpack(aSe, aM);
        int unbiased = uExp - BIAS;
        long nh, nl;
        if ((unbiased & 1) == 0) {
            nh = uSig >>> 1;
            nl = uSig << 63;
        } else {
            nh = uSig;
            nl = 0;
        }
        // Digit-by-digit square root of the 128-bit radicand: 64 root bits, remainder < 2^66.
        long root = 0, remHi = 0, remLo = 0;
        for (int i = 0; i < 64; i++) {
            long two = i < 32 ? (nh >>> (62 - 2 * i)) & 3 : (nl >>> (126 - 2 * i)) & 3;
            remHi = (remHi << 2) | (remLo >>> 62);
            remLo = (remLo << 2) | two;
            long tHi = root >>> 62, tLo = (root << 2) | 1;
            if (Long.compareUnsigned(remHi, tHi) > 0 || (remHi == tHi && Long.compareUnsigned(remLo, tLo) >= 0)) {
                long nLo = remLo - tLo;
                remHi = remHi - tHi - (Long.compareUnsigned(remLo, tLo) < 0 ? 1 : 0);
                remLo = nLo;
                root = (root << 1) | 1;
            } else {
                root <<= 1;
            }
        }
        long lo;
        if (remHi == 0 && remLo == 0) {
            lo = 0;
        } else if (remHi != 0 || Long.compareUnsigned(remLo, root) > 0) {
            lo = 0xC000000000000000L; // above the half-way point
        } else {
            lo = 0x4000000000000000L; // below it, not exact
        }
        roundPack(0, Math.floorDiv(unbiased, 2) + BIAS, root, lo, fmt);
    }

    /** Rounds an extended value to fmt (FST, FRNDINT's neighbours, precision changes). */
    void round(int aSe, long aM, int fmt) {
        int ca = classify(aSe, aM);
        switch (ca) {
            case UNSUPPORTED:
                setIndefinite();
                packSpecial(fmt);
                return;
            case QNAN:
            case SNAN:
                propagateNaN(aSe, aM);
                packSpecial(fmt);
                return;
            case ZERO:
                zero((aSe >> 15) & 1, fmt);
                return;
            case INF:
                infinity((aSe >> 15) & 1, fmt);
                return;
            default:
                break; // storing a denormal is not a denormal-operand exception
        }
        unpack(aSe, aM);
        roundPack(uSign, uExp, uSig, 0, fmt);
    }

    // ---- Rounding and packing -----------------------------------------------------------------------------

    private static int precision(int fmt) {
        switch (fmt) {
            case EXT24:
            case F32:
                return 24;
            case EXT53:
            case F64:
                return 53;
            default:
                return 64;
        }
    }

    private static int minExp(int fmt) {
        return fmt == F64 ? BIAS - 1022 : fmt == F32 ? BIAS - 126 : 1;
    }

    private static int maxExp(int fmt) {
        return fmt == F64 ? BIAS + 1023 : fmt == F32 ? BIAS + 127 : 0x7FFE;
    }

    // Result of roundSig().
    private long roundedSig;
    private boolean roundCarry;

    /** Rounds the 64-bit sig (with the lower bits in lo) to p bits; sets roundedSig (left-aligned), roundCarry. */
    private boolean roundSig(int sign, long hi, long lo, int p) {
        long main, guard;
        if (p == 64) {
            main = hi;
            guard = lo;
        } else {
            main = hi >>> (64 - p);
            guard = (hi << p) | (lo != 0 ? 1 : 0);
        }
        boolean inexact = guard != 0;
        boolean up;
        switch (rounding) {
            case RN:
                up = Long.compareUnsigned(guard, 0x8000000000000000L) > 0
                        || (guard == 0x8000000000000000L && (main & 1) != 0);
                break;
            case RD:
                up = inexact && sign != 0;
                break;
            case RU:
                up = inexact && sign == 0;
                break;
            default:
                up = false;
                break;
        }
        roundCarry = false;
        if (up) {
            main++;
            if (p == 64 ? main == 0 : main == 1L << p) {
                roundCarry = true;
                main = p == 64 ? 0x8000000000000000L : 1L << (p - 1);
            }
        }
        roundedSig = p == 64 ? main : main << (64 - p);
        roundedUp = up;
        return inexact;
    }

    /** Rounds sign * 1.(hi:lo) * 2^(exp - BIAS) (hi:lo normalized or not) to fmt, with exceptions. */
    void roundPack(int sign, int exp, long hi, long lo, int fmt) {
        if (hi >= 0) {
            if (hi == 0 && lo == 0) {
                zero(sign, fmt);
                return;
            }
            int s = hi != 0 ? Long.numberOfLeadingZeros(hi) : 64 + Long.numberOfLeadingZeros(lo);
            shiftLeft(hi, lo, s);
            hi = h;
            lo = l;
            exp -= s;
        }
        int p = precision(fmt), min = minExp(fmt), max = maxExp(fmt);
        roundedUp = false;
        if (exp < min) {
            boolean x87 = fmt <= EXT64;
            if (x87 && underflowUnmasked) {
                flags |= UE;
                exp += 24576;
            } else {
                boolean carriesOut = exp == min - 1 && !roundSigDry(sign, hi, lo, p);
                boolean tiny = exp < min - 1 || !carriesOut;
                if (!x87 && tiny) {
                    if (underflowUnmasked) {
                        flags |= UE; // SSE: the caller raises #XM and stores nothing
                    } else if (flushToZero) {
                        flags |= UE | PE;
                        zero(sign, fmt);
                        return;
                    }
                }
                shiftRightJam(hi, lo, min - exp);
                boolean inexact = roundSig(sign, h, l, p);
                if (inexact) {
                    flags |= PE;
                    if (tiny) {
                        flags |= UE;
                    }
                }
                long sig = roundedSig;
                pack(sign, sig < 0 ? min : min - 1, sig, fmt); // min - 1 encodes a denormal
                return;
            }
        }
        boolean inexact = roundSig(sign, hi, lo, p);
        long sig = roundedSig;
        if (roundCarry) {
            exp++;
        }
        if (inexact) {
            flags |= PE;
        }
        if (exp > max) {
            boolean x87 = fmt <= EXT64;
            if (x87 && overflowUnmasked) {
                flags |= OE;
                exp -= 24576;
            } else {
                flags |= OE | PE;
                boolean toInfinity = rounding == RN || (rounding == RU && sign == 0) || (rounding == RD && sign != 0);
                if (toInfinity) {
                    roundedUp = true;
                    infinity(sign, fmt);
                } else {
                    roundedUp = false;
                    long ones = p == 64 ? -1L : -1L << (64 - p);
                    pack(sign, max, ones, fmt);
                }
                return;
            }
        }
        pack(sign, exp, sig, fmt);
    }

    private boolean roundSigDry(int sign, long hi, long lo, int p) {
        boolean saved = roundedUp;
        roundSig(sign, hi, lo, p);
        roundedUp = saved;
        return !roundCarry;
    }

    /** Packs a rounded value; exp == minExp(fmt) - 1 means a denormal (sig's integer bit clear). */
    private void pack(int sign, int exp, long sig, int fmt) {
        switch (fmt) {
            case F64: {
                long e = sig < 0 ? exp - (BIAS - 1023) : 0;
                rBits = ((long) sign << 63) | (e << 52) | ((sig >>> 11) & 0xFFFFFFFFFFFFFL);
                return;
            }
            case F32: {
                long e = sig < 0 ? exp - (BIAS - 127) : 0;
                rBits = ((long) sign << 31) | (e << 23) | ((sig >>> 40) & 0x7FFFFF);
                return;
            }
            default:
                rSe = (sign << 15) | (sig < 0 ? exp : 0);
                rM = sig;
        }
    }

    void zero(int sign, int fmt) {
        rSe = sign << 15;
        rM = 0;
        rBits = fmt == F32 ? (long) sign << 31 : (long) sign << 63;
    }

    void infinity(int sign, int fmt) {
        rSe = (sign << 15) | 0x7FFF;
        rM = 0x8000000000000000L;
        rBits = fmt == F32 ? ((long) sign << 31) | 0x7F800000L : ((long) sign << 63) | 0x7FF0000000000000L;
    }

    /** Converts an already-decided extended special result (NaN/infinity) to the memory format. */
    void packSpecial(int fmt) {
        if (fmt == F64) {
            rBits = ((long) (rSe >> 15) << 63) | 0x7FF0000000000000L | ((rM >>> 11) & 0xFFFFFFFFFFFFFL);
        } else if (fmt == F32) {
            rBits = ((long) ((rSe >> 15) & 1) << 31) | 0x7F800000L | ((rM >>> 40) & 0x7FFFFF);
        }
    }

    // ---- Conversions ------------------------------------------------------------------------------------

    /** Double bits to extended (exact); SNaN → QNaN with IE, denormal → DE. Result in rSe/rM. */
    void fromF64(long bits) {
        widen((int) (bits >>> 63), (int) (bits >>> 52) & 0x7FF, bits & 0xFFFFFFFFFFFFFL, 52, 0x7FF, 1023);
    }

    /** Single bits to extended (exact). */
    void fromF32(int bits) {
        widen(bits >>> 31, (bits >>> 23) & 0xFF, bits & 0x7FFFFF, 23, 0xFF, 127);
    }

    /** Widens a binary format (fraction of fracBits, exponent field e, bias) to extended. */
    private void widen(int sign, int e, long frac, int fracBits, int maxField, int bias) {
        int align = 63 - fracBits;
        if (e == maxField) {
            rSe = (sign << 15) | 0x7FFF;
            rM = 0x8000000000000000L | (frac << align);
            if (frac != 0 && (frac & (1L << (fracBits - 1))) == 0) {
                flags |= IE;
                rM |= 0x4000000000000000L;
            }
        } else if (e == 0) {
            if (frac == 0) {
                rSe = sign << 15;
                rM = 0;
            } else {
                flags |= DE;
                int s = Long.numberOfLeadingZeros(frac) - align;
                rSe = (sign << 15) | (BIAS - bias + 1 - s);
                rM = frac << (align + s);
            }
        } else {
            rSe = (sign << 15) | (e + BIAS - bias);
            rM = 0x8000000000000000L | (frac << align);
        }
    }

    /** A signed integer to extended (exact). */
    void fromLong(long v) {
        if (v == 0) {
            rSe = 0;
            rM = 0;
            return;
        }
        int sign = v < 0 ? 1 : 0;
        long mag = v < 0 ? -v : v; // MIN_VALUE stays 2^63 as an unsigned magnitude
        int s = Long.numberOfLeadingZeros(mag);
        rSe = (sign << 15) | (BIAS + 63 - s);
        rM = mag << s;
    }

    /**
     * Extended to a signed integer of {@code bits} (16, 32 or 64) with the given rounding; out of range or NaN
     * gives IE and the integer indefinite (the most negative value).
     */
    long toInt(int aSe, long aM, int bits, int rc) {
        int ca = classify(aSe, aM);
        long indefinite = bits == 64 ? Long.MIN_VALUE : -(1L << (bits - 1));
        if (ca >= INF) {
            flags |= IE;
            return indefinite;
        }
        if (ca == ZERO) {
            return 0;
        }
        unpack(aSe, aM); // a denormal operand is not an exception for FIST
        int sign = uSign;
        int e = uExp - BIAS;
        if (e > 63) {
            flags |= IE;
            return indefinite;
        }
        boolean up = splitAndRound(e, rc);
        boolean inexact = fracPart != 0;
        long intPart = this.intPart;
        if (up) {
            intPart++;
            if (intPart == 0) { // carried out of 64 bits
                flags |= IE;
                return indefinite;
            }
        }
        long limit = bits == 64 ? Long.MIN_VALUE : 1L << (bits - 1); // magnitude limit for negatives
        boolean overflow = sign != 0 ? Long.compareUnsigned(intPart, limit) > 0
                : Long.compareUnsigned(intPart, limit) >= 0;
        if (overflow) {
            flags |= IE;
            return indefinite;
        }
        if (inexact) {
            flags |= PE;
        }
        roundedUp = up;
        return sign != 0 ? -intPart : intPart;
    }

    /** FRNDINT: rounds to an integral value in extended format (rc from {@link #rounding}). */
    void roundToInt(int aSe, long aM) {
        int ca = classify(aSe, aM);
        if (ca == UNSUPPORTED) {
            setIndefinite();
            return;
        }
        if (ca >= QNAN) {
            propagateNaN(aSe, aM);
            return;
        }
        if (ca == ZERO || ca == INF) {
            setResult(aSe, aM);
            return;
        }
        if (ca == DENORMAL) {
            flags |= DE;
        }
        unpack(aSe, aM);
        int e = uExp - BIAS;
        if (e >= 63) {
            setResult(aSe, aM);
            return;
        }
        int sign = uSign;
        boolean up = splitAndRound(e, rounding);
        boolean inexact = fracPart != 0;
        long intPart = this.intPart;
        roundedUp = up;
        if (inexact) {
            flags |= PE;
        }
        if (up) {
            intPart++;
        }
        if (intPart == 0) {
            setResult(sign << 15, 0);
            return;
        }
        int s = Long.numberOfLeadingZeros(intPart);
        setResult((sign << 15) | (BIAS + 63 - s), intPart << s);
    }

    private long intPart, fracPart;

    /**
     * Splits the unpacked value (uSig * 2^(e - 63), e <= 63) into intPart and a fraction guard word (the
     * fraction's bits left-aligned, bits beyond 64 OR-ed into bit 0); returns whether rounding by rc goes up.
     */
    private boolean splitAndRound(int e, int rc) {
        if (e < 0) {
            intPart = 0;
            fracPart = e == -1 ? uSig : e > -65 ? (uSig >>> (-e - 1)) | ((uSig << (65 + e)) != 0 ? 1 : 0) : 1;
        } else if (e < 63) {
            intPart = uSig >>> (63 - e);
            fracPart = uSig << (e + 1);
        } else {
            intPart = uSig;
            fracPart = 0;
        }
        boolean inexact = fracPart != 0;
        switch (rc) {
            case RN:
                return Long.compareUnsigned(fracPart, 0x8000000000000000L) > 0
                        || (fracPart == 0x8000000000000000L && (intPart & 1) != 0);
            case RD:
                return inexact && uSign != 0;
            case RU:
                return inexact && uSign == 0;
            default:
                return false;
        }
    }

    // ---- Comparison ---------------------------------------------------------------------------------------

    static final int LESS = 0, EQUAL = 1, GREATER = 2, UNORDERED = 3;

    /**
     * Compares a with b. {@code quiet}: QNaN operands do not raise IE (FUCOM/UCOMIS); SNaNs always do.
     */
    int compare(int aSe, long aM, int bSe, long bM, boolean quiet) {
        int ca = classify(aSe, aM), cb = classify(bSe, bM);
        if (ca == UNSUPPORTED || cb == UNSUPPORTED) {
            flags |= IE;
            return UNORDERED;
        }
        if (ca >= QNAN || cb >= QNAN) {
            if (!quiet || ca == SNAN || cb == SNAN) {
                flags |= IE;
            }
            return UNORDERED;
        }
        if (ca == DENORMAL || cb == DENORMAL) {
            flags |= DE;
        }
        if (ca == ZERO && cb == ZERO) {
            return EQUAL;
        }
        int sa = ca == ZERO ? (bSe >> 15 & 1) ^ 1 : (aSe >> 15) & 1;
        int sb = cb == ZERO ? (aSe >> 15 & 1) ^ 1 : (bSe >> 15) & 1;
        if (ca == ZERO) {
            return sb != 0 ? GREATER : LESS;
        }
        if (cb == ZERO) {
            return sa != 0 ? LESS : GREATER;
        }
        if (sa != sb) {
            return sa != 0 ? LESS : GREATER;
        }
        int mag;
        if (ca == INF || cb == INF) {
            mag = ca == cb ? 0 : ca == INF ? 1 : -1;
        } else {
            unpack(aSe, aM);
            int ea = uExp;
            long ma = uSig;
            unpack(bSe, bM);
            mag = ea != uExp ? (ea > uExp ? 1 : -1) : Long.compareUnsigned(ma, uSig);
        }
        if (mag == 0) {
            return EQUAL;
        }
        return (mag > 0) == (sa == 0) ? GREATER : LESS;
    }

    // ---- 128-bit helpers ----------------------------------------------------------------------------------

    /** Unsigned high 64 bits of a 64x64-bit product. */
    static long mulHigh(long a, long b) {
        long aLo = a & 0xFFFFFFFFL, aHi = a >>> 32, bLo = b & 0xFFFFFFFFL, bHi = b >>> 32;
        long ll = aLo * bLo, lh = aLo * bHi, hl = aHi * bLo, hh = aHi * bHi;
        long mid = (ll >>> 32) + (lh & 0xFFFFFFFFL) + (hl & 0xFFFFFFFFL);
        return hh + (lh >>> 32) + (hl >>> 32) + (mid >>> 32);
    }

    /** (hi:lo) >> n into h/l, OR-ing every bit shifted out into bit 0 of l. */
    void shiftRightJam(long hi, long lo, int n) {
        if (n == 0) {
            h = hi;
            l = lo;
        } else if (n < 64) {
            h = hi >>> n;
            l = (hi << (64 - n)) | (lo >>> n) | ((lo << (64 - n)) != 0 ? 1 : 0);
        } else if (n == 64) {
            h = 0;
            l = hi | (lo != 0 ? 1 : 0);
        } else if (n < 128) {
            h = 0;
            l = (hi >>> (n - 64)) | (((hi << (128 - n)) | lo) != 0 ? 1 : 0);
        } else {
            h = 0;
            l = (hi | lo) != 0 ? 1 : 0;
        }
    }

    void shiftLeft(long hi, long lo, int n) {
        if (n == 0) {
            h = hi;
            l = lo;
        } else if (n < 64) {
            h = (hi << n) | (lo >>> (64 - n));
            l = lo << n;
        } else {
            h = lo << (n - 64);
            l = 0;
        }
    }
}
