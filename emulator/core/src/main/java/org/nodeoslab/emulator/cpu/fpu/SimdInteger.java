package org.nodeoslab.emulator.cpu.fpu;

/**
 * Integer SIMD on one 64-bit chunk (an MMX register, or either half of an XMM register): the lane-wise
 * arithmetic, logic, comparison and shift instructions, the packs and unpacks.
 */
final class SimdInteger {
    private SimdInteger() {
    }

    /** Lane width in bits of the lane-wise opcode op2, 0 for opcodes not lane-wise. */
    static int laneBits(int op2) {
        switch (op2) {
            case 0x64: case 0x74: case 0xD8: case 0xDA: case 0xDC: case 0xDE: case 0xE0: case 0xE8: case 0xEC:
            case 0xF8: case 0xFC:
                return 8;
            case 0x65: case 0x75: case 0xD5: case 0xD9: case 0xDD: case 0xE3: case 0xE4: case 0xE5: case 0xE9:
            case 0xEA: case 0xED: case 0xEE: case 0xF9: case 0xFD:
                return 16;
            case 0x66: case 0x76: case 0xF5: case 0xFA: case 0xFE:
                return 32;
            case 0xD4: case 0xDB: case 0xDF: case 0xEB: case 0xEF: case 0xF4: case 0xF6: case 0xFB:
                return 64;
            default:
                return 0;
        }
    }

    /** The lane-wise operation op2 (laneBits(op2) != 0) of a (destination) and b (source). */
    static long op(int op2, long a, long b) {
        switch (op2) {
            case 0xDB: return a & b;
            case 0xDF: return ~a & b;
            case 0xEB: return a | b;
            case 0xEF: return a ^ b;
            case 0xD4: return a + b;
            case 0xFB: return a - b;
            case 0xF4: return (a & 0xFFFFFFFFL) * (b & 0xFFFFFFFFL);
            case 0xF6: {
                long sum = 0;
                for (int sh = 0; sh < 64; sh += 8) {
                    sum += Math.abs(((a >>> sh) & 0xFF) - ((b >>> sh) & 0xFF));
                }
                return sum;
            }
            case 0xF5: {
                long r = 0;
                for (int sh = 0; sh < 64; sh += 32) {
                    int v = (short) (a >>> sh) * (short) (b >>> sh) + (short) (a >>> (sh + 16)) * (short) (b >>> (sh + 16));
                    r |= (v & 0xFFFFFFFFL) << sh;
                }
                return r;
            }
            default:
                return lanes(op2, a, b, laneBits(op2));
        }
    }

    private static long lanes(int op2, long a, long b, int bits) {
        long mask = (1L << bits) - 1;
        int up = 64 - bits;
        long r = 0;
        for (int sh = 0; sh < 64; sh += bits) {
            long x = (a >>> sh) & mask, y = (b >>> sh) & mask;
            long sx = (x << up) >> up, sy = (y << up) >> up;
            long v;
            switch (op2) {
                case 0x64: case 0x65: case 0x66: v = sx > sy ? mask : 0; break;
                case 0x74: case 0x75: case 0x76: v = x == y ? mask : 0; break;
                case 0xFC: case 0xFD: case 0xFE: v = x + y; break;
                case 0xF8: case 0xF9: case 0xFA: v = x - y; break;
                case 0xEC: case 0xED: v = saturateSigned(sx + sy, bits); break;
                case 0xE8: case 0xE9: v = saturateSigned(sx - sy, bits); break;
                case 0xDC: case 0xDD: v = Math.min(x + y, mask); break;
                case 0xD8: case 0xD9: v = Math.max(x - y, 0); break;
                case 0xD5: v = x * y; break;
                case 0xE4: v = (x * y) >>> 16; break;
                case 0xE5: v = (sx * sy) >> 16; break;
                case 0xE0: case 0xE3: v = (x + y + 1) >>> 1; break;
                case 0xDA: v = Math.min(x, y); break;
                case 0xDE: v = Math.max(x, y); break;
                case 0xEA: v = Math.min(sx, sy); break;
                case 0xEE: v = Math.max(sx, sy); break;
                default: throw new IllegalStateException("not a lane-wise SIMD opcode: " + op2);
            }
            r |= (v & mask) << sh;
        }
        return r;
    }

    private static long saturateSigned(long v, int bits) {
        long max = (1L << (bits - 1)) - 1;
        return v > max ? max : v < -max - 1 ? -max - 1 : v;
    }

    /** Shift of every lane by count (unsigned 64-bit): kind 0 = right logical, 1 = right arithmetic, 2 = left. */
    static long shift(long a, long count, int bits, int kind) {
        if (Long.compareUnsigned(count, bits - 1) > 0) {
            if (kind != 1) {
                return 0;
            }
            count = bits - 1;
        }
        int n = (int) count;
        if (bits == 64) {
            return kind == 0 ? a >>> n : a << n;
        }
        long mask = (1L << bits) - 1;
        int up = 64 - bits;
        long r = 0;
        for (int sh = 0; sh < 64; sh += bits) {
            long x = (a >>> sh) & mask;
            long v = kind == 0 ? x >>> n : kind == 1 ? ((x << up) >> up) >> n : x << n;
            r |= (v & mask) << sh;
        }
        return r;
    }

    /** PACKSSWB (0x63), PACKUSWB (0x67), PACKSSDW (0x6B) of one 64-bit chunk into 32 bits. */
    static long pack(int op2, long a) {
        long r = 0;
        if (op2 == 0x6B) {
            for (int i = 0; i < 2; i++) {
                long v = saturateSigned((int) (a >>> (32 * i)), 16);
                r |= (v & 0xFFFF) << (16 * i);
            }
            return r;
        }
        for (int i = 0; i < 4; i++) {
            long w = (short) (a >>> (16 * i));
            long v = op2 == 0x63 ? saturateSigned(w, 8) : Math.max(0, Math.min(255, w));
            r |= (v & 0xFF) << (8 * i);
        }
        return r;
    }

    /** Interleaves the lanes of two 32-bit halves: a0 b0 a1 b1 ... (lane width 8, 16 or 32). */
    static long interleave(int a, int b, int bits) {
        long mask = (1L << bits) - 1;
        long r = 0;
        int out = 0;
        for (int sh = 0; sh < 32; sh += bits) {
            r |= ((a >>> sh) & mask) << out;
            out += bits;
            r |= ((b >>> sh) & mask) << out;
            out += bits;
        }
        return r;
    }

    /** PMOVMSKB of one chunk: the top bit of each byte. */
    static int byteMask(long a) {
        int m = 0;
        for (int i = 0; i < 8; i++) {
            m |= (int) ((a >>> (8 * i + 7)) & 1) << i;
        }
        return m;
    }
}
