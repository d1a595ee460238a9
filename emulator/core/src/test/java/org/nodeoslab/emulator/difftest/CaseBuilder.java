package org.nodeoslab.emulator.difftest;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Builds one {@link TestCase}: starts from random registers (ESP = {@link Layout#ESP}), a random window and given
 * flags, lets the generator place operand values, then emits the instruction under test as raw bytes (so the
 * encoding is exactly the form's, whatever nasm would prefer) followed by the jump to EXIT0.
 */
final class CaseBuilder {
    static final String[] REG8 = {"al", "cl", "dl", "bl", "ah", "ch", "dh", "bh"};
    static final String[] REG16 = {"ax", "cx", "dx", "bx", "sp", "bp", "si", "di"};
    static final String[] REG32 = {"eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi"};

    final FormSpec form;
    final int[] regs = new int[8];
    final byte[] window = new byte[Layout.WINDOW];
    int eflags;
    int undefinedFlags;
    int undefinedResult;
    private final List<String> before = new ArrayList<>();
    private final List<String> after = new ArrayList<>();
    private byte[] code = new byte[0];
    private String text = "";

    CaseBuilder(FormSpec form, Random rnd) {
        this.form = form;
        for (int i = 0; i < 8; i++) {
            regs[i] = rnd.nextInt();
        }
        regs[4] = Layout.ESP;
        rnd.nextBytes(window);
        eflags = rnd.nextInt() & FormSpec.ARITH;
        undefinedFlags = form.flagsUndefined();
    }

    static String regName(int size, int index) {
        return size == 8 ? REG8[index] : size == 16 ? REG16[index] : REG32[index];
    }

    static int mask(int size) {
        return size == 32 ? -1 : (1 << size) - 1;
    }

    /** Sets the value of a register of the given size (8-bit indices 4..7 are AH..BH), keeping the other bits. */
    void setReg(int size, int index, int value) {
        if (size == 8) {
            int shift = index >= 4 ? 8 : 0;
            int r = index & 3;
            regs[r] = (regs[r] & ~(0xFF << shift)) | ((value & 0xFF) << shift);
        } else {
            regs[index] = (regs[index] & ~mask(size)) | (value & mask(size));
        }
    }

    int getReg(int size, int index) {
        if (size == 8) {
            return (regs[index & 3] >>> (index >= 4 ? 8 : 0)) & 0xFF;
        }
        return regs[index] & mask(size);
    }

    void setMem(int offset, int size, int value) {
        for (int i = 0; i < size / 8; i++) {
            window[offset + i] = (byte) (value >>> (8 * i));
        }
    }

    int getMem(int offset, int size) {
        int v = 0;
        for (int i = 0; i < size / 8; i++) {
            v |= (window[offset + i] & 0xFF) << (8 * i);
        }
        return v;
    }

    void setFlag(int flag, boolean on) {
        eflags = on ? eflags | flag : eflags & ~flag;
    }

    /** nasm lines run before the instruction under test (setting up what inputs cannot, e.g. addresses). */
    CaseBuilder before(String line) {
        before.add(line);
        return this;
    }

    /** nasm lines after the instruction under test; they replace the default "jmp near exit0". */
    CaseBuilder after(String line) {
        after.add(line);
        return this;
    }

    CaseBuilder instruction(byte[] bytes, String text) {
        this.code = bytes;
        this.text = text;
        return this;
    }

    TestCase build() {
        List<String> asm = new ArrayList<>(before);
        StringBuilder db = new StringBuilder(".u: db ");
        for (int i = 0; i < code.length; i++) {
            db.append(i == 0 ? "0x" : ", 0x").append(Hex.byte2(code[i]));
        }
        asm.add(db.toString());
        if (after.isEmpty()) {
            asm.add("jmp near exit0");
        } else {
            asm.addAll(after);
        }
        return new TestCase(form, text, asm, regs.clone(), eflags, window.clone(), undefinedFlags, undefinedResult);
    }
}
