package org.nodeoslab.emulator.cpu.fpu;

/**
 * One lane of SSE/SSE2 floating-point arithmetic under MXCSR: single and double values as raw bits, exception
 * flags accumulated in {@link #flags} (MXCSR bit layout) for the instruction to check and merge.
 *
 * <p>Fast path: Java's float/double arithmetic is exactly IEEE round-to-nearest. When MXCSR is at its default
 * (all exceptions masked, round to nearest, no DAZ/FTZ) and PE is already set (it is sticky, so an inexact
 * result changes nothing), a result that is a normal number computed from normal operands needs no more work.
 * Everything else (zeros, denormals, infinities, NaNs, other modes, the first inexact operation) goes through
 * the {@link SoftFloat}, which sets every flag exactly.
 */
final class SimdFloat {
    static final int ADD = 0, SUB = 1, MUL = 2, DIV = 3, MIN = 4, MAX = 5, SQRT = 6;

    private final SoftFloat sf = new SoftFloat();
    /** Exceptions raised since {@link #begin}. */
    int flags;
    private boolean daz;
    private boolean fast;

    /** Reads MXCSR's controls for the coming operations and clears the flags. */
    void begin(int mxcsr) {
        flags = 0;
        sf.rounding = (mxcsr >> 13) & 3;
        sf.flushToZero = (mxcsr & 0x8000) != 0;
        sf.underflowUnmasked = (mxcsr & (SoftFloat.UE << 7)) == 0;
        sf.overflowUnmasked = false;
        daz = (mxcsr & 0x40) != 0;
        fast = (mxcsr & 0xFFC0) == 0x1F80 && (mxcsr & SoftFloat.PE) != 0;
    }

    int rounding() {
        return sf.rounding;
    }

    // ---- Double ------------------------------------------------------------------------------------------

    private static boolean normal64(long bits) {
        int e = (int) (bits >>> 52) & 0x7FF;
        return e != 0 && e != 0x7FF;
    }

    static boolean isNaN64(long b) {
        return (b & 0x7FFFFFFFFFFFFFFFL) > 0x7FF0000000000000L;
    }

    private static boolean isSNaN64(long b) {
        return isNaN64(b) && (b & 0x0008000000000000L) == 0;
    }

    private long daz64(long b) {
        if (daz && (b & 0x7FF0000000000000L) == 0) {
            return b & 0x8000000000000000L;
        }
        return b;
    }

    private void denormalCheck64(long b) {
        if ((b & 0x7FF0000000000000L) == 0 && (b & 0xFFFFFFFFFFFFFL) != 0) {
            flags |= SoftFloat.DE;
        }
    }

    long op64(int op, long a, long b) {
        if (fast && normal64(a) && normal64(b)) {
            double x = Double.longBitsToDouble(a), y = Double.longBitsToDouble(b), r;
            switch (op) {
                case ADD: r = x + y; break;
                case SUB: r = x - y; break;
                case MUL: r = x * y; break;
                case DIV: r = x / y; break;
                case MIN: return x < y ? a : b;
                case MAX: return x > y ? a : b;
                default: r = Math.sqrt(y); break;
            }
            long rb = Double.doubleToRawLongBits(r);
            if (normal64(rb)) {
                return rb;
            }
        }
        return slow64(op, a, b);
    }

    private long slow64(int op, long a, long b) {
        a = daz64(a);
        b = daz64(b);
        if (op == SQRT) {
            a = b;
        }
        boolean aNaN = isNaN64(a), bNaN = isNaN64(b);
        if (op == MIN || op == MAX) {
            if (aNaN || bNaN) {
                flags |= SoftFloat.IE;
                return b;
            }
            denormalCheck64(a);
            denormalCheck64(b);
            double x = Double.longBitsToDouble(a), y = Double.longBitsToDouble(b);
            return (op == MIN ? x < y : x > y) ? a : b;
        }
        if (aNaN || bNaN) {
            if (isSNaN64(a) || isSNaN64(b)) {
                flags |= SoftFloat.IE;
            }
            return (aNaN ? a : b) | 0x0008000000000000L;
        }
        sf.flags = 0;
        sf.fromF64(a);
        int aSe = sf.rSe;
        long aM = sf.rM;
        sf.fromF64(b);
        int bSe = sf.rSe;
        long bM = sf.rM;
        int convFlags = sf.flags;
        sf.flags = 0;
        switch (op) {
            case ADD: sf.add(aSe, aM, bSe, bM, false, SoftFloat.F64); break;
            case SUB: sf.add(aSe, aM, bSe, bM, true, SoftFloat.F64); break;
            case MUL: sf.mul(aSe, aM, bSe, bM, SoftFloat.F64); break;
            case DIV: sf.div(aSe, aM, bSe, bM, SoftFloat.F64); break;
            default: sf.sqrt(bSe, bM, SoftFloat.F64); break;
        }
        flags |= settle(sf.flags, convFlags);
        return (sf.flags & SoftFloat.IE) != 0 ? SoftFloat.F64_INDEFINITE : sf.rBits;
    }

    /** Invalid and divide-by-zero take precedence over the denormal-operand flag of the conversions. */
    private static int settle(int opFlags, int convFlags) {
        return (opFlags & (SoftFloat.IE | SoftFloat.ZE)) != 0 ? opFlags : opFlags | convFlags;
    }

    // ---- Single ------------------------------------------------------------------------------------------

    private static boolean normal32(int bits) {
        int e = (bits >>> 23) & 0xFF;
        return e != 0 && e != 0xFF;
    }

    static boolean isNaN32(int b) {
        return (b & 0x7FFFFFFF) > 0x7F800000;
    }

    private static boolean isSNaN32(int b) {
        return isNaN32(b) && (b & 0x00400000) == 0;
    }

    private int daz32(int b) {
        if (daz && (b & 0x7F800000) == 0) {
            return b & 0x80000000;
        }
        return b;
    }

    private void denormalCheck32(int b) {
        if ((b & 0x7F800000) == 0 && (b & 0x7FFFFF) != 0) {
            flags |= SoftFloat.DE;
        }
    }

    int op32(int op, int a, int b) {
        if (fast && normal32(a) && normal32(b)) {
            float x = Float.intBitsToFloat(a), y = Float.intBitsToFloat(b), r;
            switch (op) {
                case ADD: r = x + y; break;
                case SUB: r = x - y; break;
                case MUL: r = x * y; break;
                case DIV: r = x / y; break;
                case MIN: return x < y ? a : b;
                case MAX: return x > y ? a : b;
                default: r = (float) Math.sqrt(y); break; // sqrt of a float is exactly rounded via double
            }
            int rb = Float.floatToRawIntBits(r);
            if (normal32(rb)) {
                return rb;
            }
        }
        return slow32(op, a, b);
    }

    private int slow32(int op, int a, int b) {
        a = daz32(a);
        b = daz32(b);
        if (op == SQRT) {
            a = b;
        }
        boolean aNaN = isNaN32(a), bNaN = isNaN32(b);
        if (op == MIN || op == MAX) {
            if (aNaN || bNaN) {
                flags |= SoftFloat.IE;
                return b;
            }
            denormalCheck32(a);
            denormalCheck32(b);
            float x = Float.intBitsToFloat(a), y = Float.intBitsToFloat(b);
            return (op == MIN ? x < y : x > y) ? a : b;
        }
        if (aNaN || bNaN) {
            if (isSNaN32(a) || isSNaN32(b)) {
                flags |= SoftFloat.IE;
            }
            return (aNaN ? a : b) | 0x00400000;
        }
        sf.flags = 0;
        sf.fromF32(a);
        int aSe = sf.rSe;
        long aM = sf.rM;
        sf.fromF32(b);
        int bSe = sf.rSe;
        long bM = sf.rM;
        int convFlags = sf.flags;
        sf.flags = 0;
        switch (op) {
            case ADD: sf.add(aSe, aM, bSe, bM, false, SoftFloat.F32); break;
            case SUB: sf.add(aSe, aM, bSe, bM, true, SoftFloat.F32); break;
            case MUL: sf.mul(aSe, aM, bSe, bM, SoftFloat.F32); break;
            case DIV: sf.div(aSe, aM, bSe, bM, SoftFloat.F32); break;
            default: sf.sqrt(bSe, bM, SoftFloat.F32); break;
        }
        flags |= settle(sf.flags, convFlags);
        return (sf.flags & SoftFloat.IE) != 0 ? SoftFloat.F32_INDEFINITE : (int) sf.rBits;
    }

    // ---- Comparisons ------------------------------------------------------------------------------------

    /**
     * CMPPS/CMPSD predicate 0..7 (EQ LT LE UNORD NEQ NLT NLE ORD); true/false. The ordered-signalling
     * predicates (LT LE NLT NLE) raise IE on any NaN, the others only on an SNaN.
     */
    boolean compare64(int predicate, long a, long b) {
        a = daz64(a);
        b = daz64(b);
        boolean unordered = isNaN64(a) || isNaN64(b);
        return predicate(predicate, unordered, isSNaN64(a) || isSNaN64(b), a, b, true);
    }

    boolean compare32(int predicate, int a, int b) {
        a = daz32(a);
        b = daz32(b);
        boolean unordered = isNaN32(a) || isNaN32(b);
        return predicate(predicate, unordered, isSNaN32(a) || isSNaN32(b), a, b, false);
    }

    private boolean predicate(int p, boolean unordered, boolean signalling, long a, long b, boolean dbl) {
        boolean signalsOnQuiet = p == 1 || p == 2 || p == 5 || p == 6;
        if (unordered) {
            if (signalling || signalsOnQuiet) {
                flags |= SoftFloat.IE;
            }
            return p == 3 || p == 4 || p == 5 || p == 6;
        }
        double x, y;
        if (dbl) {
            denormalCheck64(a);
            denormalCheck64(b);
            x = Double.longBitsToDouble(a);
            y = Double.longBitsToDouble(b);
        } else {
            denormalCheck32((int) a);
            denormalCheck32((int) b);
            x = Float.intBitsToFloat((int) a);
            y = Float.intBitsToFloat((int) b);
        }
        switch (p & 7) {
            case 0: return x == y;
            case 1: return x < y;
            case 2: return x <= y;
            case 3: return false;
            case 4: return x != y;
            case 5: return !(x < y);
            case 6: return !(x <= y);
            default: return true;
        }
    }

    /** COMISS/COMISD/UCOMISS/UCOMISD: ZF PF CF as EFLAGS bits (unordered 111, less 001, equal 100, greater 000). */
    int comi64(long a, long b, boolean signalQuiet) {
        a = daz64(a);
        b = daz64(b);
        if (isNaN64(a) || isNaN64(b)) {
            if (signalQuiet || isSNaN64(a) || isSNaN64(b)) {
                flags |= SoftFloat.IE;
            }
            return 0x45;
        }
        denormalCheck64(a);
        denormalCheck64(b);
        double x = Double.longBitsToDouble(a), y = Double.longBitsToDouble(b);
        return x < y ? 0x01 : x == y ? 0x40 : 0;
    }

    int comi32(int a, int b, boolean signalQuiet) {
        a = daz32(a);
        b = daz32(b);
        if (isNaN32(a) || isNaN32(b)) {
            if (signalQuiet || isSNaN32(a) || isSNaN32(b)) {
                flags |= SoftFloat.IE;
            }
            return 0x45;
        }
        denormalCheck32(a);
        denormalCheck32(b);
        float x = Float.intBitsToFloat(a), y = Float.intBitsToFloat(b);
        return x < y ? 0x01 : x == y ? 0x40 : 0;
    }

    // ---- Conversions ------------------------------------------------------------------------------------

    long f32ToF64(int a) {
        a = daz32(a);
        if (isNaN32(a)) {
            if (isSNaN32(a)) {
                flags |= SoftFloat.IE;
            }
            return ((long) (a >>> 31) << 63) | 0x7FF8000000000000L | ((long) (a & 0x3FFFFF) << 29);
        }
        denormalCheck32(a);
        return Double.doubleToRawLongBits(Float.intBitsToFloat(a)); // exact
    }

    int f64ToF32(long a) {
        a = daz64(a);
        if (isNaN64(a)) {
            if (isSNaN64(a)) {
                flags |= SoftFloat.IE;
            }
            return (int) ((a >>> 63) << 31) | 0x7FC00000 | (int) ((a >>> 29) & 0x3FFFFF);
        }
        if (fast && normal64(a)) {
            int r = Float.floatToRawIntBits((float) Double.longBitsToDouble(a));
            if (normal32(r)) {
                return r;
            }
        }
        denormalCheck64(a);
        sf.flags = 0;
        sf.fromF64(a);
        sf.flags = 0;
        sf.round(sf.rSe, sf.rM, SoftFloat.F32);
        flags |= sf.flags;
        return (int) sf.rBits;
    }

    /** Integer to double: always exact. */
    static long intToF64(int v) {
        return Double.doubleToRawLongBits(v);
    }

    int intToF32(int v) {
        if (v == (int) (float) v && sf.rounding == SoftFloat.RN) {
            return Float.floatToRawIntBits(v);
        }
        sf.flags = 0;
        sf.fromLong(v);
        sf.round(sf.rSe, sf.rM, SoftFloat.F32);
        flags |= sf.flags;
        return (int) sf.rBits;
    }

    /** Double to int32, rounded by MXCSR.RC or truncated; NaN/out of range → IE and 0x80000000. */
    int f64ToInt(long a, boolean truncate) {
        a = daz64(a);
        double d = Double.longBitsToDouble(a);
        if (truncate && d > -2147483649.0 && d < 2147483648.0) {
            int r = (int) d;
            if (r != d) {
                flags |= SoftFloat.PE;
            }
            return r;
        }
        if (!truncate && sf.rounding == SoftFloat.RN && d > -2147483648.5 && d < 2147483647.5) {
            double r = Math.rint(d); // ties to even, as MXCSR's round to nearest
            if (r != d) {
                flags |= SoftFloat.PE;
            }
            return (int) r;
        }
        sf.flags = 0;
        sf.fromF64(a);
        sf.flags = 0; // a denormal source of a conversion to integer is not a denormal-operand exception
        long v = sf.toInt(sf.rSe, sf.rM, 32, truncate ? SoftFloat.RZ : sf.rounding);
        flags |= sf.flags;
        return (int) v;
    }

    int f32ToInt(int a, boolean truncate) {
        a = daz32(a);
        sf.flags = 0;
        sf.fromF32(a);
        sf.flags = 0;
        long v = sf.toInt(sf.rSe, sf.rM, 32, truncate ? SoftFloat.RZ : sf.rounding);
        flags |= sf.flags;
        return (int) v;
    }
}
