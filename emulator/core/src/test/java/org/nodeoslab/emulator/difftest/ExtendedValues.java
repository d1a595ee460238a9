package org.nodeoslab.emulator.difftest;

import java.util.Random;

/**
 * Floating-point operand values that matter: zeros, denormals (and x87 pseudo-denormals), the smallest and
 * largest normals, infinities, quiet and signalling NaNs, unsupported x87 encodings, values one ulp around 1,
 * halfway cases for rounding, integer boundaries; plus random values over narrow and wide exponent ranges.
 */
final class ExtendedValues {
    private ExtendedValues() {
    }

    /** Extended values as {sign/exponent, significand}. */
    private static final long[][] EXT = {
        {0, 0}, {0x8000, 0}, {0x3FFF, 0x8000000000000000L}, {0xBFFF, 0x8000000000000000L},
        {0x4000, 0xC000000000000000L}, {0x7FFF, 0x8000000000000000L}, {0xFFFF, 0x8000000000000000L},
        {0x7FFF, 0xC000000000000000L}, {0xFFFF, 0xC000000000000000L}, {0x7FFF, 0xA000000000000000L},
        {0x7FFF, 0x8000000000000001L}, {0, 1}, {0x8000, 0x4000000000000000L}, {0, 0x8000000000000000L},
        {0x7FFE, 0xFFFFFFFFFFFFFFFFL}, {1, 0x8000000000000000L}, {0x3FFF, 0xFFFFFFFFFFFFFFFFL},
        {0x3FFF, 0x8000000000000001L}, {0x3FFD, 0xAAAAAAAAAAAAAAABL}, {0x401D, 0xFFFFFFFE00000000L},
        {0x403E, 0xFFFFFFFFFFFFF800L}, {0x4000, 0xC90FDAA22168C235L}, {0x3FFE, 0x8000000000000000L},
        {0x3FFE, 0xC000000000000000L}, {0x4036, 0x8000000000000400L}, {0x3C01, 0x8000000000000000L},
        {0x3F80, 0xF000000000000000L}, {0x4001, 0x7000000000000000L}, {0x401E, 0x8000000000000000L},
        {0xC01E, 0x8000000000000000L}, {0x403D, 0xDE0B6B3A76400000L}, {0x3FFF, 0x8000000000000800L},
    };

    static long[] random(Random rnd) {
        switch (rnd.nextInt(6)) {
            case 0:
            case 1:
                return EXT[rnd.nextInt(EXT.length)];
            case 2: { // near one, often with few significand bits (exact operations)
                long m = rnd.nextLong() | 0x8000000000000000L;
                if (rnd.nextBoolean()) {
                    m &= -1L << (40 + rnd.nextInt(24));
                }
                int e = 0x3FFF + rnd.nextInt(16) - 8;
                return new long[] {e | (rnd.nextBoolean() ? 0x8000 : 0), m};
            }
            case 3: { // anywhere in the range
                long m = rnd.nextLong() | 0x8000000000000000L;
                int e = 1 + rnd.nextInt(0x7FFE);
                return new long[] {e | (rnd.nextBoolean() ? 0x8000 : 0), m};
            }
            case 4: { // around the double and single limits
                long m = rnd.nextLong() | 0x8000000000000000L;
                int[] centres = {0x3FFF - 1022, 0x3FFF + 1023, 0x3FFF - 126, 0x3FFF + 127, 0x3FFF - 1074, 1};
                int e = Math.max(1, centres[rnd.nextInt(centres.length)] + rnd.nextInt(6) - 3);
                return new long[] {e | (rnd.nextBoolean() ? 0x8000 : 0), m};
            }
            default: { // moderate values with a random significand
                long m = rnd.nextLong() | 0x8000000000000000L;
                int e = 0x3FFF + rnd.nextInt(130) - 65;
                return new long[] {e | (rnd.nextBoolean() ? 0x8000 : 0), m};
            }
        }
    }

    static void put(CaseBuilder b, int offset, long[] v) {
        put64(b, offset, v[1]);
        b.setMem(offset + 8, 16, (int) v[0]);
    }

    static void put64(CaseBuilder b, int offset, long v) {
        b.setMem(offset, 32, (int) v);
        b.setMem(offset + 4, 32, (int) (v >>> 32));
    }

    private static final long[] F64 = {0, 0x8000000000000000L, 0x3FF0000000000000L, 0xBFF0000000000000L,
        0x7FF0000000000000L, 0xFFF0000000000000L, 0x7FF8000000000000L, 0xFFF8000000000000L, 0x7FF4000000000000L,
        0x7FF0000000000001L, 1, 0x800FFFFFFFFFFFFFL, 0x0010000000000000L, 0x7FEFFFFFFFFFFFFFL,
        0x3FEFFFFFFFFFFFFFL, 0x3FF0000000000001L, 0x41DFFFFFFFC00000L, 0xC1E0000000000000L, 0x3FE0000000000000L,
        0x4004000000000000L, 0x0008000000000000L, 0x43E0000000000000L};
    private static final int[] F32 = {0, 0x80000000, 0x3F800000, 0xBF800000, 0x7F800000, 0xFF800000, 0x7FC00000,
        0xFFC00000, 0x7FA00000, 0x7F800001, 1, 0x807FFFFF, 0x00800000, 0x7F7FFFFF, 0x3F7FFFFF, 0x4EFFFFFF,
        0xCF000000, 0x4F000000, 0x3F000000, 0x40200000, 0x00400000};

    static long randomF64(Random rnd) {
        switch (rnd.nextInt(4)) {
            case 0:
                return F64[rnd.nextInt(F64.length)];
            case 1:
                return (rnd.nextLong() & 0x800FFFFFFFFFFFFFL) | ((long) (1023 + rnd.nextInt(80) - 40) << 52);
            case 2:
                return (rnd.nextLong() & 0x800FFFFFFFFFFFFFL & (-1L << rnd.nextInt(52)))
                        | ((long) (1023 + rnd.nextInt(64) - 32) << 52);
            default:
                return rnd.nextLong();
        }
    }

    static int randomF32(Random rnd) {
        switch (rnd.nextInt(4)) {
            case 0:
                return F32[rnd.nextInt(F32.length)];
            case 1:
                return (rnd.nextInt() & 0x807FFFFF) | ((127 + rnd.nextInt(40) - 20) << 23);
            case 2:
                return (rnd.nextInt() & 0x807FFFFF & (-1 << rnd.nextInt(23))) | ((127 + rnd.nextInt(32) - 16) << 23);
            default:
                return rnd.nextInt();
        }
    }

    static int randomInt(Random rnd) {
        int[] e = {0, 1, -1, 0x7FFFFFFF, 0x80000000, 0x7FFF, 0x8000, 0xFFFF8000, 16777217, -16777217, 3};
        switch (rnd.nextInt(3)) {
            case 0: return e[rnd.nextInt(e.length)];
            case 1: return rnd.nextInt(2001) - 1000;
            default: return rnd.nextInt();
        }
    }

    /** A memory operand of the given FpuForms type at the offset. */
    static void putMemory(CaseBuilder b, int offset, int type, Random rnd) {
        switch (type) {
            case FpuForms.F32:
                b.setMem(offset, 32, randomF32(rnd));
                break;
            case FpuForms.F64:
                put64(b, offset, randomF64(rnd));
                break;
            case FpuForms.F80:
                put(b, offset, random(rnd));
                break;
            case FpuForms.I16:
                b.setMem(offset, 16, randomInt(rnd));
                break;
            case FpuForms.I32:
                b.setMem(offset, 32, randomInt(rnd));
                break;
            case FpuForms.I64:
                put64(b, offset, rnd.nextBoolean() ? randomInt(rnd) : rnd.nextLong() >> rnd.nextInt(64));
                break;
            case FpuForms.BCD: {
                long digits = 0;
                int count = 1 + rnd.nextInt(16);
                for (int i = 0; i < count; i++) {
                    digits |= (long) rnd.nextInt(10) << (4 * i);
                }
                put64(b, offset, digits);
                b.setMem(offset + 8, 16, (rnd.nextBoolean() ? 0x8000 : 0) | (rnd.nextInt(4) == 0 ? 0x99 : 0));
                break;
            }
            default: { // a control word
                int cw = 0x037F | (rnd.nextInt(16) << 8);
                if (rnd.nextInt(4) == 0) {
                    cw = rnd.nextInt(0x10000);
                }
                b.setMem(offset, 16, cw);
            }
        }
    }
}
