package org.nodeoslab.emulator.cpu.jit;

/**
 * Entries into each entry point of the hot pages, until its region is compiled: a two-way set-associative table of
 * (key, count) pairs on a hash of the key, where a new key takes the way with the smaller count. Direct-mapped on
 * the key's low 16 bits (as before), an entry point's count was wiped whenever another one 64 KiB away was entered:
 * one `node -e` left 318 entry points taken more than 20000 times uncompiled (62M of its 523M instructions).
 */
final class EntryCounts {
    /** Sets of two ways, each way a key and its count: one set is four ints side by side (one cache line). */
    private static final int SET_BITS = 16;
    private final int[] ways = new int[4 << SET_BITS];

    EntryCounts() {
        clear();
    }

    /** Counts one more entry into {@code key}; returns its count so far. */
    int increment(int key) {
        int[] w = ways;
        int at = set(key);
        if (w[at] == key) {
            return ++w[at + 1];
        }
        if (w[at + 2] == key) {
            return ++w[at + 3];
        }
        // A new key takes the way counted less (an entry point on its way to hot is not wiped by a passing one).
        int way = w[at + 1] <= w[at + 3] ? at : at + 2;
        w[way] = key;
        w[way + 1] = 1;
        return 1;
    }

    /** The entry point's count starts again (its region was evicted: it must become hot again). */
    void reset(int key) {
        int at = set(key);
        if (ways[at] == key) {
            ways[at + 1] = 0;
        } else if (ways[at + 2] == key) {
            ways[at + 3] = 0;
        }
    }

    void clear() {
        for (int i = 0; i < ways.length; i += 2) {
            ways[i] = -1;
            ways[i + 1] = 0;
        }
    }

    private static int set(int key) {
        return ((key * 0x9E3779B1) >>> (32 - SET_BITS)) << 2;
    }
}
