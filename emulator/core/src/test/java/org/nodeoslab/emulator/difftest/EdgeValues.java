package org.nodeoslab.emulator.difftest;

import java.util.Random;

/** Operand values that exercise carries, sign boundaries and shift-count masking, per operand size. */
final class EdgeValues {
    private EdgeValues() {
    }

    private static final int[] E8 = {0, 1, 2, 0x7F, 0x80, 0x81, 0xFE, 0xFF};
    private static final int[] E16 = {0, 1, 0x7F, 0x80, 0xFF, 0x7FFF, 0x8000, 0xFFFE, 0xFFFF};
    private static final int[] E32 = {0, 1, 0x7F, 0x80, 0x7FFF, 0x8000, 0xFFFF, 0x7FFFFFFF, 0x80000000,
            0xFFFFFFFE, 0xFFFFFFFF};
    /** Shift and rotate counts: 0/1, around the 8/16/32-bit sizes and the 9/17 of RCL/RCR, beyond the 5-bit mask. */
    private static final int[] COUNTS = {0, 1, 2, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 0xFF};

    static int[] of(int size) {
        return size == 8 ? E8 : size == 16 ? E16 : E32;
    }

    static int[] counts() {
        return COUNTS;
    }

    /** A random value of the size: uniformly random, or small, or near a sign boundary. */
    static int random(Random rnd, int size) {
        int v;
        switch (rnd.nextInt(4)) {
            case 0: v = rnd.nextInt(64); break;
            case 1: v = (1 << (size - 1)) + rnd.nextInt(64) - 32; break;
            default: v = rnd.nextInt(); break;
        }
        return v & CaseBuilder.mask(size);
    }

    static int randomCount(Random rnd) {
        return rnd.nextInt(4) == 0 ? rnd.nextInt(256) : rnd.nextInt(40);
    }
}
