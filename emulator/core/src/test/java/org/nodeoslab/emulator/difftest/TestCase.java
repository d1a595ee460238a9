package org.nodeoslab.emulator.difftest;

import java.util.List;

/**
 * One test of one form: the machine code (nasm source lines that end by jumping to EXIT0/EXIT1), the inputs
 * (general registers, EFLAGS, the memory window) and what the SDM leaves undefined for these inputs.
 */
final class TestCase {
    final FormSpec form;
    /** Human-readable text of the instruction under test, e.g. "o16 adc word [W+0x12], 0x7fff". */
    final String text;
    /** nasm lines of the case; the instruction under test is preceded by the local label ".u". */
    final List<String> asm;
    final int[] regs;
    final int eflags;
    final byte[] window;
    /** Arithmetic flags the SDM leaves undefined for these inputs: reported, never failed on. */
    final int undefinedFlags;
    /** Results the SDM leaves undefined for these inputs: bit r = register r (BSF of 0, ...), bit 8 = memory. */
    final int undefinedResult;

    TestCase(FormSpec form, String text, List<String> asm, int[] regs, int eflags, byte[] window,
            int undefinedFlags, int undefinedResult) {
        this.form = form;
        this.text = text;
        this.asm = asm;
        this.regs = regs;
        this.eflags = eflags;
        this.window = window;
        this.undefinedFlags = undefinedFlags;
        this.undefinedResult = undefinedResult;
    }
}
