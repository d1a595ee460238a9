package org.nodeoslab.emulator.difftest;

import java.io.ByteArrayOutputStream;
import java.util.Random;

/**
 * How a case addresses its memory operand at window offset {@code offset}: an absolute disp32, or a base register
 * with disp8/disp32, or base + index * scale + displacement through a SIB byte, now and then with a segment
 * override (CS, DS, ES or SS: all flat on both sides, but a write through CS raises #GP). The base and index registers get the values that make the
 * effective address land on the operand, so the ModRM/SIB decoding of real memory accesses is exercised.
 */
final class MemoryOperand {
    private static final int[] OVERRIDES = {0x26, 0x2E, 0x36, 0x3E};
    private static final String[] OVERRIDE_NAMES = {"es:", "cs:", "ss:", "ds:"};

    final int offset;
    private final int base;
    private final int index;
    private final int scale;
    private final int disp;
    private final int dispSize;
    private final int override;

    private MemoryOperand(int offset, int base, int index, int scale, int disp, int dispSize, int override) {
        this.offset = offset;
        this.base = base;
        this.index = index;
        this.scale = scale;
        this.disp = disp;
        this.dispSize = dispSize;
        this.override = override;
    }

    /**
     * Picks an addressing form. Base and index come from EBX, EBP, ESI, EDI minus the registers in {@code busy}
     * (a bit per register index): EAX, ECX and EDX are left alone, they carry implicit operands.
     */
    static MemoryOperand pick(Random rnd, int offset, int busy, boolean codeSegmentAllowed) {
        int override = rnd.nextInt(6) == 0 ? rnd.nextInt(4) : -1;
        if (override == 1 && !codeSegmentAllowed) {
            override = 3;
        }
        int free = 0xE8 & ~busy & ~(1 << 4); // EBX, EBP, ESI, EDI
        if (rnd.nextInt(3) == 0 || Integer.bitCount(free) < 2) {
            return new MemoryOperand(offset, -1, -1, 0, Layout.W + offset, 32, override);
        }
        int b = pickFrom(rnd, free);
        int dispSize = rnd.nextBoolean() ? 8 : 32;
        int disp = dispSize == 8 ? rnd.nextInt(256) - 128 : rnd.nextInt();
        if (rnd.nextBoolean()) {
            return new MemoryOperand(offset, b, -1, 0, disp, dispSize, override);
        }
        int i = pickFrom(rnd, free & ~(1 << b));
        return new MemoryOperand(offset, b, i, rnd.nextInt(4), disp, dispSize, override);
    }

    private static int pickFrom(Random rnd, int set) {
        while (true) {
            int r = rnd.nextInt(8);
            if ((set & (1 << r)) != 0) {
                return r;
            }
        }
    }

    /** Sets base and index so that the effective address is the operand's; call after all other inputs. */
    void apply(CaseBuilder b, Random rnd) {
        if (base < 0) {
            return;
        }
        int target = Layout.W + offset - disp;
        if (index >= 0) {
            int idx = rnd.nextInt(64) - 32;
            b.regs[index] = idx;
            target -= idx << scale;
        }
        b.regs[base] = target;
    }

    int prefix() {
        return override < 0 ? -1 : OVERRIDES[override];
    }

    /** ModRM (with the given reg field), SIB and displacement bytes. */
    void encode(ByteArrayOutputStream code, int reg) {
        if (base < 0) {
            code.write(0x05 | reg << 3);
        } else {
            int mod = dispSize == 8 ? 1 : 2;
            if (index < 0) {
                code.write(mod << 6 | reg << 3 | base);
            } else {
                code.write(mod << 6 | reg << 3 | 4);
                code.write(scale << 6 | index << 3 | base);
            }
        }
        int size = base < 0 ? 32 : dispSize;
        for (int k = 0; k < size / 8; k++) {
            code.write(disp >>> (8 * k));
        }
    }

    String text(int size) {
        String seg = override < 0 ? "" : OVERRIDE_NAMES[override];
        String kind = size == 8 ? "byte" : size == 16 ? "word" : "dword";
        if (base < 0) {
            return kind + " " + seg + "[W+" + offset + "]";
        }
        String addr = CaseBuilder.REG32[base] + (index < 0 ? "" : "+" + CaseBuilder.REG32[index] + "*" + (1 << scale))
                + (disp < 0 ? "-0x" + Integer.toHexString(-disp) : "+0x" + Integer.toHexString(disp));
        return kind + " " + seg + "[" + addr + "] (W+" + offset + ")";
    }
}
