package org.nodeoslab.emulator.cpu.jit;

import java.util.ArrayList;
import java.util.List;

/**
 * Which instructions compiled regions hand to the interpreter ({@link Insn#INTERPRET}), by form, weighted by
 * executions: what to make native next. Off unless started (the CLI's {@code --jit-profile N}); then every
 * interpreted instruction of a region counts once under its key (opcode, ModRM reg field, register or memory
 * operand, prefix class: see {@link #key}).
 */
public final class InterpretProfile {
    /** Prefix classes, in the order {@link #key} tests them. */
    public static final int PLAIN = 0, OPERAND16 = 1, REP = 2, REPNE = 3, LOCK = 4, OVERRIDE = 5, OTHER = 6,
            SIMD = 7;
    private static final String[] PREFIX_NAMES = {"", "66 ", "rep ", "repne ", "lock ", "seg ", "pfx ", "simd "};

    private static long[] counts;
    private static long total;
    private static long compiledAtReset;

    private InterpretProfile() {
    }

    /** Starts counting (from zero). */
    public static void start() {
        counts = new long[1 << 16];
        total = 0;
        compiledAtReset = 0;
    }

    /** Stops counting. */
    public static void stop() {
        counts = null;
    }

    public static boolean active() {
        return counts != null;
    }

    /**
     * The key of an instruction: opcode index (9 bits: 0x000-0x0FF one-byte map, 0x100-0x1FF the 0F map), the
     * ModRM reg field (bits 9-11; kept for the group opcodes only), 1 << 12 for a memory operand, the prefix
     * class from bit 13.
     */
    public static int key(int opcode, int modrm, boolean memoryOperand, int prefixClass) {
        int reg = isGroup(opcode) ? modrm >> 3 & 7 : 0;
        return opcode | reg << 9 | (memoryOperand ? 1 << 12 : 0) | prefixClass << 13;
    }

    public static void count(int key) {
        long[] c = counts;
        if (c != null) {
            c[key]++;
            total++;
        }
    }

    /**
     * The {@code n} commonest forms since the last call, with their share of the interpreted instructions and of
     * the {@code compiledInstructions} (the bridge's running total: instructions retired inside regions, the
     * interpreted ones included); then counting starts again.
     */
    public static String topAndReset(int n, long compiledInstructions) {
        long[] c = counts;
        if (c == null) {
            return "";
        }
        long inRegions = Math.max(1, compiledInstructions - compiledAtReset);
        List<Integer> keys = new ArrayList<>();
        for (int k = 0; k < c.length; k++) {
            if (c[k] != 0) {
                keys.add(k);
            }
        }
        keys.sort((a, b) -> Long.compare(c[b], c[a]));
        StringBuilder s = new StringBuilder(String.format("%n  interpreted inside regions: %,d of %,d (%.2f%%);"
                + " top forms (share of the interpreted):", total, inRegions, 100.0 * total / inRegions));
        for (int i = 0; i < Math.min(n, keys.size()); i++) {
            int k = keys.get(i);
            s.append(String.format("%n  %6.2f%% %,14d  %s", 100.0 * c[k] / Math.max(1, total), c[k], describe(k)));
        }
        counts = new long[c.length];
        total = 0;
        compiledAtReset = compiledInstructions;
        return s.toString();
    }

    /** "66 0f af m" style: prefix class, opcode bytes, "/reg" for a group, m for a memory operand. */
    static String describe(int key) {
        int op = key & 0x1FF;
        StringBuilder s = new StringBuilder(PREFIX_NAMES[key >>> 13 & 7]);
        if (op >= 0x100) {
            s.append("0f ");
        }
        s.append(String.format("%02x", op & 0xFF));
        if (isGroup(op)) {
            s.append(" /").append(key >> 9 & 7);
        }
        return s.append((key & 1 << 12) != 0 ? " m" : "").toString();
    }

    private static boolean isGroup(int op) {
        switch (op) {
            case 0x80: case 0x81: case 0x82: case 0x83: case 0x8F: case 0xC0: case 0xC1: case 0xC6: case 0xC7:
            case 0xD0: case 0xD1: case 0xD2: case 0xD3: case 0xF6: case 0xF7: case 0xFE: case 0xFF:
            case 0xD8: case 0xD9: case 0xDA: case 0xDB: case 0xDC: case 0xDD: case 0xDE: case 0xDF:
            case 0x100: case 0x101: case 0x118: case 0x171: case 0x172: case 0x173: case 0x1AE: case 0x1BA:
            case 0x1C7:
                return true;
            default:
                return false;
        }
    }
}
