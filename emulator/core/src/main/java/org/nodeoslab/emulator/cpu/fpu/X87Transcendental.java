package org.nodeoslab.emulator.cpu.fpu;

/**
 * FSIN, FCOS, FSINCOS, FPTAN, FPATAN, F2XM1, FYL2X, FYL2XP1: the special operands exactly as the x87 treats
 * them, the finite cases computed by {@link ExtendedMath} (double-double arithmetic, about 100 bits) and
 * rounded once to extended precision.
 *
 * <p>Results land in the {@link SoftFloat}'s rSe/rM (FSINCOS also leaves the sine in secondSe/secondM).
 */
final class X87Transcendental {
    static final int DONE = 0, OUT_OF_RANGE = 1, RESULT_IS_NAN = 2;
    private static final long INTEGER_BIT = 0x8000000000000000L;

    private final SoftFloat sf;
    private final ExtendedMath math;
    int secondSe;
    long secondM;

    X87Transcendental(SoftFloat sf) {
        this.sf = sf;
        this.math = new ExtendedMath(sf);
    }

    /** Common special cases of a one-operand function; returns -1 when the operand is finite and non-zero. */
    private int special(int se, long m, boolean trig) {
        int c = SoftFloat.classify(se, m);
        switch (c) {
            case SoftFloat.UNSUPPORTED:
                sf.setIndefinite();
                return RESULT_IS_NAN;
            case SoftFloat.QNAN:
            case SoftFloat.SNAN:
                sf.propagateNaN(se, m);
                return RESULT_IS_NAN;
            case SoftFloat.INF:
                if (trig) {
                    sf.setIndefinite();
                    return RESULT_IS_NAN;
                }
                return -1;
            case SoftFloat.DENORMAL:
                sf.flags |= SoftFloat.DE;
                return -1;
            default:
                if (trig && (se & 0x7FFF) >= SoftFloat.BIAS + 63) {
                    return OUT_OF_RANGE;
                }
                return -1;
        }
    }

    int sin(int se, long m) {
        int s = special(se, m, true);
        if (s >= 0) {
            return s;
        }
        if (m == 0) {
            sf.setResult(se, m);
            return DONE;
        }
        math.sinCos(se, m);
        math.roundSin();
        return DONE;
    }

    int cos(int se, long m) {
        int s = special(se, m, true);
        if (s >= 0) {
            return s;
        }
        if (m == 0) {
            sf.setResult(0x3FFF, INTEGER_BIT);
            return DONE;
        }
        math.sinCos(se, m);
        math.roundCos();
        return DONE;
    }

    int sincos(int se, long m) {
        int s = special(se, m, true);
        if (s == RESULT_IS_NAN) {
            secondSe = sf.rSe;
            secondM = sf.rM;
            return s;
        }
        if (s >= 0) {
            return s;
        }
        if (m == 0) {
            secondSe = se;
            secondM = m;
            sf.setResult(0x3FFF, INTEGER_BIT);
            return DONE;
        }
        math.sinCos(se, m);
        math.roundSin();
        secondSe = sf.rSe;
        secondM = sf.rM;
        boolean up = sf.roundedUp;
        int fl = sf.flags;
        math.roundCos();
        sf.flags |= fl;
        sf.roundedUp |= up;
        return DONE;
    }

    int tan(int se, long m) {
        int s = special(se, m, true);
        if (s >= 0) {
            return s;
        }
        if (m == 0) {
            sf.setResult(se, m);
            return DONE;
        }
        math.sinCos(se, m);
        math.roundTan();
        return DONE;
    }

    int f2xm1(int se, long m) {
        int s = special(se, m, false);
        if (s >= 0) {
            return s;
        }
        if (m == 0) {
            sf.setResult(se, m);
            return DONE;
        }
        if (SoftFloat.classify(se, m) == SoftFloat.INF) {
            // 2^+inf - 1 = +inf, 2^-inf - 1 = -1
            if ((se & 0x8000) != 0) {
                sf.setResult(0xBFFF, INTEGER_BIT);
            } else {
                sf.setResult(se, m);
            }
            return DONE;
        }
        if ((se & 0x7FFF) > 0x3FFF || ((se & 0x7FFF) == 0x3FFF && m != INTEGER_BIT)) {
            // Outside the architected domain -1..+1 the processor leaves the operand as it is (reporting PE).
            sf.setResult(se, m);
            sf.flags |= SoftFloat.PE;
            return DONE;
        }
        if ((se & 0x7FFF) == 0x3FFF) {
            // x = +1 or -1: the x87 delivers 1 and -0.5 as if from just below 1 and just beyond -0.5.
            math.nudged((se & 0x8000) == 0 ? 0x3FFF : 0xBFFE, INTEGER_BIT, (se & 0x8000) == 0);
            return DONE;
        }
        math.exp2m1(se, m);
        return DONE;
    }

    /** FYL2X: y * log2(x) (x = ST(0), y = ST(1)). */
    void yl2x(int xSe, long xM, int ySe, long yM) {
        int cx = SoftFloat.classify(xSe, xM), cy = SoftFloat.classify(ySe, yM);
        if (twoOperandSpecial(cx, cy, xSe, xM, ySe, yM)) {
            return;
        }
        boolean xNeg = (xSe & 0x8000) != 0;
        int ySign = (ySe >> 15) & 1;
        if (xNeg && cx != SoftFloat.ZERO) {
            sf.setIndefinite();
            return;
        }
        if (cx == SoftFloat.ZERO) {
            if (cy == SoftFloat.ZERO) {
                sf.setIndefinite();
            } else {
                sf.flags |= SoftFloat.ZE;
                sf.setResult(((ySign ^ 1) << 15) | 0x7FFF, INTEGER_BIT);
            }
            return;
        }
        if (cx == SoftFloat.INF) {
            if (cy == SoftFloat.ZERO) {
                sf.setIndefinite();
            } else {
                sf.setResult((ySign << 15) | 0x7FFF, INTEGER_BIT);
            }
            return;
        }
        boolean xIsOne = xSe == 0x3FFF && xM == INTEGER_BIT;
        int logSign = (xSe & 0x7FFF) >= 0x3FFF ? 0 : 1; // log2(x) < 0 when x < 1
        if (cy == SoftFloat.INF) {
            if (xIsOne) {
                sf.setIndefinite();
            } else {
                sf.setResult(((ySign ^ logSign) << 15) | 0x7FFF, INTEGER_BIT);
            }
            return;
        }
        if (cy == SoftFloat.ZERO || xIsOne) {
            sf.setResult(((ySign ^ (xIsOne ? 0 : logSign)) << 15), 0);
            return;
        }
        math.yLog2(xSe, xM, ySe, yM, false);
    }

    /** FYL2XP1: y * log2(x + 1). */
    void yl2xp1(int xSe, long xM, int ySe, long yM) {
        int cx = SoftFloat.classify(xSe, xM), cy = SoftFloat.classify(ySe, yM);
        if (twoOperandSpecial(cx, cy, xSe, xM, ySe, yM)) {
            return;
        }
        int ySign = (ySe >> 15) & 1, xSign = (xSe >> 15) & 1;
        if (cx == SoftFloat.ZERO) {
            if (cy == SoftFloat.INF) {
                sf.setIndefinite();
            } else {
                sf.setResult((ySign ^ xSign) << 15, 0);
            }
            return;
        }
        if (cx == SoftFloat.INF) {
            if (xSign != 0 || cy == SoftFloat.ZERO) {
                sf.setIndefinite();
            } else {
                sf.setResult((ySign << 15) | 0x7FFF, INTEGER_BIT);
            }
            return;
        }
        // x <= -1: log2(x + 1) undefined.
        if (xSign != 0 && ((xSe & 0x7FFF) > 0x3FFF || (xSe & 0x7FFF) == 0x3FFF)) {
            sf.setIndefinite();
            return;
        }
        if (cy == SoftFloat.INF) {
            sf.setResult(((ySign ^ xSign) << 15) | 0x7FFF, INTEGER_BIT);
            return;
        }
        if (cy == SoftFloat.ZERO) {
            sf.setResult((ySign ^ xSign) << 15, 0);
            return;
        }
        math.yLog2(xSe, xM, ySe, yM, true);
    }

    /** FPATAN: atan2(y, x) with y = ST(1), x = ST(0). */
    void atan(int ySe, long yM, int xSe, long xM) {
        int cx = SoftFloat.classify(xSe, xM), cy = SoftFloat.classify(ySe, yM);
        if (twoOperandSpecial(cy, cx, ySe, yM, xSe, xM)) {
            return;
        }
        int ySign = (ySe >> 15) & 1, xSign = (xSe >> 15) & 1;
        if (cy == SoftFloat.ZERO) {
            if (xSign == 0) {
                sf.setResult(ySign << 15, 0);
            } else {
                math.piMultiple(ySign, 4); // ±pi
            }
            return;
        }
        if (cy == SoftFloat.INF) {
            if (cx == SoftFloat.INF) {
                math.piMultiple(ySign, xSign == 0 ? 1 : 3); // ±pi/4, ±3pi/4
            } else {
                math.piMultiple(ySign, 2); // ±pi/2
            }
            return;
        }
        if (cx == SoftFloat.ZERO) {
            math.piMultiple(ySign, 2);
            return;
        }
        if (cx == SoftFloat.INF) {
            if (xSign == 0) {
                sf.setResult(ySign << 15, 0);
            } else {
                math.piMultiple(ySign, 4);
            }
            return;
        }
        math.atan2(ySe, yM, xSe, xM);
    }

    /** NaN and unsupported operands of the two-operand functions; DE for denormals. */
    private boolean twoOperandSpecial(int ca, int cb, int aSe, long aM, int bSe, long bM) {
        if (ca == SoftFloat.UNSUPPORTED || cb == SoftFloat.UNSUPPORTED) {
            sf.setIndefinite();
            return true;
        }
        if (ca >= SoftFloat.QNAN || cb >= SoftFloat.QNAN) {
            sf.propagateNaN(aSe, aM, bSe, bM);
            return true;
        }
        if (ca == SoftFloat.DENORMAL || cb == SoftFloat.DENORMAL) {
            sf.flags |= SoftFloat.DE;
        }
        return false;
    }
}
