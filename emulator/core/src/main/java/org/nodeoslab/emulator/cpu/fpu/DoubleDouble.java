package org.nodeoslab.emulator.cpu.fpu;

/**
 * Double-double arithmetic (an unevaluated sum hi + lo of two doubles, about 106 significant bits) built only
 * from IEEE binary64 operations (error-free transformations; no fused multiply-add), for the x87 transcendental
 * functions. Results are left in {@link #hi}/{@link #lo}.
 */
final class DoubleDouble {
    double hi, lo;

    private static final double SPLITTER = 134217729.0; // 2^27 + 1

    void set(double h, double l) {
        double s = h + l;
        lo = l - (s - h);
        hi = s;
    }

    void add(double ah, double al, double bh, double bl) {
        double s = ah + bh;
        double v = s - ah;
        double e = (ah - (s - v)) + (bh - v);
        e += al + bl;
        hi = s + e;
        lo = e - (hi - s);
    }

    void mul(double ah, double al, double bh, double bl) {
        double p = ah * bh;
        double e = productError(ah, bh, p) + (ah * bl + al * bh);
        hi = p + e;
        lo = e - (hi - p);
    }

    void div(double ah, double al, double bh, double bl) {
        double q1 = ah / bh;
        mul(bh, bl, q1, 0);
        add(ah, al, -hi, -lo);
        double q2 = hi / bh;
        double rh = hi, rl = lo;
        mul(bh, bl, q2, 0);
        add(rh, rl, -hi, -lo);
        double q3 = hi / bh;
        add(q1, 0, q2, 0);
        add(hi, lo, q3, 0);
    }

    /** The exact rounding error of the product p = a * b. */
    private static double productError(double a, double b, double p) {
        double c = SPLITTER * a;
        double a1 = c - (c - a), a2 = a - a1;
        c = SPLITTER * b;
        double b1 = c - (c - b), b2 = b - b1;
        return ((a1 * b1 - p) + a1 * b2 + a2 * b1) + a2 * b2;
    }
}
