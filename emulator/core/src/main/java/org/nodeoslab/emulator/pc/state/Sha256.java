package org.nodeoslab.emulator.pc.state;

/**
 * SHA-256 (FIPS 180-4) of a byte range: the identity of a delta's base state. Written out here because the core has no
 * dependencies and TeaVM's class library, which compiles it for the browser, has no {@code MessageDigest};
 * {@code Sha256Test} checks it against the JDK's.
 */
final class Sha256 {
    private static final int[] K = {
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
    };

    private Sha256() {
    }

    static byte[] of(byte[] data, int offset, int length) {
        int[] h = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
        int[] w = new int[64];
        // The message, a 0x80 byte, zeros, and its length in bits (64-bit big-endian), in 64-byte blocks.
        long blocks = (length + 9L + 63) / 64;
        byte[] tail = new byte[128];
        int whole = length / 64;
        int rest = length - whole * 64;
        System.arraycopy(data, offset + whole * 64, tail, 0, rest);
        tail[rest] = (byte) 0x80;
        int tailBlocks = (int) (blocks - whole);
        long bits = (long) length * 8;
        for (int i = 0; i < 8; i++) {
            tail[tailBlocks * 64 - 1 - i] = (byte) (bits >>> (8 * i));
        }
        for (long b = 0; b < blocks; b++) {
            byte[] block = b < whole ? data : tail;
            int at = b < whole ? offset + (int) b * 64 : (int) (b - whole) * 64;
            for (int t = 0; t < 16; t++) {
                int i = at + t * 4;
                w[t] = (block[i] & 0xFF) << 24 | (block[i + 1] & 0xFF) << 16 | (block[i + 2] & 0xFF) << 8
                        | (block[i + 3] & 0xFF);
            }
            for (int t = 16; t < 64; t++) {
                int s0 = Integer.rotateRight(w[t - 15], 7) ^ Integer.rotateRight(w[t - 15], 18) ^ (w[t - 15] >>> 3);
                int s1 = Integer.rotateRight(w[t - 2], 17) ^ Integer.rotateRight(w[t - 2], 19) ^ (w[t - 2] >>> 10);
                w[t] = w[t - 16] + s0 + w[t - 7] + s1;
            }
            int a = h[0], bb = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];
            for (int t = 0; t < 64; t++) {
                int t1 = hh + (Integer.rotateRight(e, 6) ^ Integer.rotateRight(e, 11) ^ Integer.rotateRight(e, 25))
                        + ((e & f) ^ (~e & g)) + K[t] + w[t];
                int t2 = (Integer.rotateRight(a, 2) ^ Integer.rotateRight(a, 13) ^ Integer.rotateRight(a, 22))
                        + ((a & bb) ^ (a & c) ^ (bb & c));
                hh = g;
                g = f;
                f = e;
                e = d + t1;
                d = c;
                c = bb;
                bb = a;
                a = t1 + t2;
            }
            h[0] += a;
            h[1] += bb;
            h[2] += c;
            h[3] += d;
            h[4] += e;
            h[5] += f;
            h[6] += g;
            h[7] += hh;
        }
        byte[] digest = new byte[32];
        for (int i = 0; i < 8; i++) {
            digest[i * 4] = (byte) (h[i] >>> 24);
            digest[i * 4 + 1] = (byte) (h[i] >>> 16);
            digest[i * 4 + 2] = (byte) (h[i] >>> 8);
            digest[i * 4 + 3] = (byte) h[i];
        }
        return digest;
    }

    static String hex(byte[] bytes) {
        StringBuilder s = new StringBuilder(bytes.length * 2);
        for (byte b : bytes) {
            s.append(Character.forDigit((b >>> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
        }
        return s.toString();
    }
}
