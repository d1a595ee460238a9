package org.nodeoslab.emulator.web;

/**
 * What guest/smoke.asm computes, written again in Java: the expected value of the smoke test, independent of the
 * emulator. Keep the two in step.
 */
final class SmokeProgram {
    static final int LOAD_ADDRESS = 0x10000;
    static final int STACK_TOP = 0x80000;
    private static final int LEN = 4096;

    private SmokeProgram() {
    }

    static int expectedEax() {
        byte[] buffer = new byte[LEN];
        int lcg = 12345678;
        for (int i = 0; i < LEN; i++) {
            lcg = lcg * 1103515245 + 12345;
            buffer[i] = (byte) (lcg >>> 16);
        }
        int result = checksum(buffer, LEN);

        byte[] copy = buffer.clone();
        int position = 0;
        while (buffer[position] != buffer[1000]) {
            position++;
        }
        result += position + 1;
        for (int i = 16; i < 48; i++) {
            copy[i] = 0x5A;
        }
        result ^= checksum(copy, 64);

        long product = Integer.toUnsignedLong(result) * 0x9E3779B9L;
        long dividend = product & 0xFFFF_FFFF_FFFFL;
        result += (int) (dividend / 1000003);
        result ^= (int) (dividend % 1000003);
        result += (-1234567 / 97) * (-1234567 % 97);
        return result;
    }

    static String expectedOutput() {
        return "smoke " + String.format("%08X", expectedEax()) + "\n";
    }

    private static int checksum(byte[] bytes, int length) {
        int sum = 0;
        for (int i = 0; i < length; i++) {
            int b = bytes[i] & 0xFF;
            sum = Integer.rotateLeft(sum, 5) ^ b;
            sum += b * i;
        }
        return sum;
    }
}
