package org.nodeoslab.emulator.difftest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The x87 forms (D8-DF) and their cases for the differential suite: each case starts with FNINIT and a control
 * word from the window (random rounding and precision control, sometimes unmasked exceptions), loads up to five
 * extended values onto the stack, runs the form, then saves the status word in AX and pops five values (and the
 * control word) into the window, so results, condition codes, flags, the stack and the tag state are compared.
 *
 * <p>Window use: extended slots at W+0, W+10, W+20, W+30 (ST0..ST3 on entry; results on exit), a memory operand
 * at W+40 (up to 10 bytes), the control word at W+50; FNSTENV/FLDENV/FNSAVE/FRSTOR use W+64 (up to W+171, above
 * the stack pointer: the cases push nothing).
 */
final class FpuForms {
    private FpuForms() {
    }

    // Kinds of form.
    private static final int MEM_SOURCE = 0, MEM_STORE = 1, REG = 2, FIXED = 3, ENV_STORE = 4, ENV_LOAD = 5,
            SAVE = 6, RESTORE = 7, LOAD_CW = 8;
    // Memory operand types.
    static final int F32 = 0, F64 = 1, F80 = 2, I16 = 3, I32 = 4, I64 = 5, BCD = 6, M16 = 7, NONE = -1;

    /** How a form's cases are built. */
    private record X87Form(int opcode, int modrm, int kind, int memType, int stackMin) {
    }

    private static final Map<String, X87Form> BY_KEY = new HashMap<>();
    private static final List<FormSpec> FORMS = new ArrayList<>();

    private static final String[] ARITH = {"FADD", "FMUL", "FCOM", "FCOMP", "FSUB", "FSUBR", "FDIV", "FDIVR"};
    private static final String[] ARITH_TO_STI = {"FADD", "FMUL", "FCOM2", "FCOMP3", "FSUBR", "FSUB", "FDIVR", "FDIV"};
    private static final String[] ARITH_POP = {"FADDP", "FMULP", "FCOMP5", null, "FSUBRP", "FSUBP", "FDIVRP", "FDIVP"};
    private static final String[] IARITH = {"FIADD", "FIMUL", "FICOM", "FICOMP", "FISUB", "FISUBR", "FIDIV",
            "FIDIVR"};

    static {
        for (int r = 0; r < 8; r++) {
            add(0xD8, r, ARITH[r], "m32fp", MEM_SOURCE, F32, 0);
            add(0xDC, r, ARITH[r], "m64fp", MEM_SOURCE, F64, 0);
            add(0xDA, r, IARITH[r], "m32int", MEM_SOURCE, I32, 0);
            add(0xDE, r, IARITH[r], "m16int", MEM_SOURCE, I16, 0);
            add(0xD8, 0xC0 | r << 3, ARITH[r], "ST0,STi", REG, NONE, 0);
            add(0xDC, 0xC0 | r << 3, ARITH_TO_STI[r], "STi,ST0", REG, NONE, 0);
            if (ARITH_POP[r] != null) {
                add(0xDE, 0xC0 | r << 3, ARITH_POP[r], "STi,ST0", REG, NONE, 0);
            }
        }
        add(0xDE, 0xD9, "FCOMPP", "", FIXED, NONE, 0);
        add(0xDA, 0xE9, "FUCOMPP", "", FIXED, NONE, 0);
        String[] cmovB = {"FCMOVB", "FCMOVE", "FCMOVBE", "FCMOVU"};
        String[] cmovNb = {"FCMOVNB", "FCMOVNE", "FCMOVNBE", "FCMOVNU"};
        for (int c = 0; c < 4; c++) {
            add(0xDA, 0xC0 | c << 3, cmovB[c], "ST0,STi", REG, NONE, 0);
            add(0xDB, 0xC0 | c << 3, cmovNb[c], "ST0,STi", REG, NONE, 0);
        }
        add(0xDB, 0xE8, "FUCOMI", "ST0,STi", REG, NONE, 0);
        add(0xDB, 0xF0, "FCOMI", "ST0,STi", REG, NONE, 0);
        add(0xDF, 0xE8, "FUCOMIP", "ST0,STi", REG, NONE, 0);
        add(0xDF, 0xF0, "FCOMIP", "ST0,STi", REG, NONE, 0);
        add(0xD9, 0xC0, "FLD", "STi", REG, NONE, 0);
        add(0xD9, 0xC8, "FXCH", "STi", REG, NONE, 0);
        add(0xDD, 0xC0, "FFREE", "STi", REG, NONE, 0);
        add(0xDD, 0xD0, "FST", "STi", REG, NONE, 0);
        add(0xDD, 0xD8, "FSTP", "STi", REG, NONE, 0);
        add(0xDD, 0xE0, "FUCOM", "STi", REG, NONE, 0);
        add(0xDD, 0xE8, "FUCOMP", "STi", REG, NONE, 0);
        String[] d9 = {"FNOP", "D0", "FCHS", "E0", "FABS", "E1", "FTST", "E4", "FXAM", "E5", "FLD1", "E8", "FLDL2T",
            "E9", "FLDL2E", "EA", "FLDPI", "EB", "FLDLG2", "EC", "FLDLN2", "ED", "FLDZ", "EE", "F2XM1", "F0",
            "FYL2X", "F1", "FPTAN", "F2", "FPATAN", "F3", "FXTRACT", "F4", "FPREM1", "F5", "FDECSTP", "F6",
            "FINCSTP", "F7", "FPREM", "F8", "FYL2XP1", "F9", "FSQRT", "FA", "FSINCOS", "FB", "FRNDINT", "FC",
            "FSCALE", "FD", "FSIN", "FE", "FCOS", "FF"};
        for (int i = 0; i < d9.length; i += 2) {
            add(0xD9, Integer.parseInt(d9[i + 1], 16), d9[i], "", FIXED, NONE, 0);
        }
        add(0xDB, 0xE2, "FNCLEX", "", FIXED, NONE, 0);
        add(0xDB, 0xE3, "FNINIT", "", FIXED, NONE, 0);
        add(0xDF, 0xE0, "FNSTSW", "AX", FIXED, NONE, 0);
        // Memory loads and stores.
        add(0xD9, 0, "FLD", "m32fp", MEM_SOURCE, F32, 0);
        add(0xDD, 0, "FLD", "m64fp", MEM_SOURCE, F64, 0);
        add(0xDB, 5, "FLD", "m80fp", MEM_SOURCE, F80, 0);
        add(0xDF, 0, "FILD", "m16int", MEM_SOURCE, I16, 0);
        add(0xDB, 0, "FILD", "m32int", MEM_SOURCE, I32, 0);
        add(0xDF, 5, "FILD", "m64int", MEM_SOURCE, I64, 0);
        add(0xDF, 4, "FBLD", "m80bcd", MEM_SOURCE, BCD, 0);
        add(0xD9, 2, "FST", "m32fp", MEM_STORE, F32, 0);
        add(0xD9, 3, "FSTP", "m32fp", MEM_STORE, F32, 0);
        add(0xDD, 2, "FST", "m64fp", MEM_STORE, F64, 0);
        add(0xDD, 3, "FSTP", "m64fp", MEM_STORE, F64, 0);
        add(0xDB, 7, "FSTP", "m80fp", MEM_STORE, F80, 0);
        add(0xDF, 2, "FIST", "m16int", MEM_STORE, I16, 0);
        add(0xDF, 3, "FISTP", "m16int", MEM_STORE, I16, 0);
        add(0xDB, 2, "FIST", "m32int", MEM_STORE, I32, 0);
        add(0xDB, 3, "FISTP", "m32int", MEM_STORE, I32, 0);
        add(0xDF, 7, "FISTP", "m64int", MEM_STORE, I64, 0);
        add(0xDF, 1, "FISTTP", "m16int", MEM_STORE, I16, 0);
        add(0xDB, 1, "FISTTP", "m32int", MEM_STORE, I32, 0);
        add(0xDD, 1, "FISTTP", "m64int", MEM_STORE, I64, 0);
        add(0xDF, 6, "FBSTP", "m80bcd", MEM_STORE, BCD, 0);
        add(0xD9, 7, "FNSTCW", "m2byte", MEM_STORE, M16, 0);
        add(0xDD, 7, "FNSTSW", "m2byte", MEM_STORE, M16, 0);
        add(0xD9, 5, "FLDCW", "m2byte", LOAD_CW, M16, 0);
        add(0xD9, 6, "FNSTENV", "m28byte", ENV_STORE, NONE, 0);
        add(0xD9, 4, "FLDENV", "m28byte", ENV_LOAD, NONE, 0);
        add(0xDD, 6, "FNSAVE", "m108byte", SAVE, NONE, 0);
        add(0xDD, 4, "FRSTOR", "m108byte", RESTORE, NONE, 0);
    }

    private static void add(int opcode, int modrmOrReg, String mnemonic, String operands, int kind, int memType,
            int stackMin) {
        boolean memory = kind == MEM_SOURCE || kind == MEM_STORE || kind >= ENV_STORE;
        int reg = memory ? modrmOrReg : (modrmOrReg >> 3) & 7;
        String[] ops = operands.isEmpty() ? new String[0] : operands.split(",");
        int flags = mnemonic.startsWith("FCOMI") || mnemonic.startsWith("FUCOMI") ? FormSpec.ARITH : 0;
        FormSpec f = new FormSpec(opcode, reg, 0, mnemonic, ops, flags, 0, false);
        FORMS.add(f);
        BY_KEY.put(f.key(), new X87Form(opcode, memory ? (modrmOrReg << 3) | 5 : modrmOrReg, kind, memType, stackMin));
    }

    static List<FormSpec> forms() {
        return FORMS;
    }

    /** The cases of an x87 form, or null if the form is not one of these. */
    static List<TestCase> cases(FormSpec form, Random rnd) {
        X87Form x = BY_KEY.get(form.key());
        if (x == null || form.opcode() < 0xD8 || form.opcode() > 0xDF) {
            return null;
        }
        List<TestCase> cases = new ArrayList<>();
        int n = x.kind == FIXED && x.modrm >= 0xE8 && x.modrm <= 0xEE ? 24 : 64;
        for (int i = 0; i < n; i++) {
            cases.add(oneCase(form, x, rnd));
        }
        return cases;
    }

    private static TestCase oneCase(FormSpec form, X87Form x, Random rnd) {
        CaseBuilder b = new CaseBuilder(form, rnd);
        int cw = 0x037F | (rnd.nextInt(4) << 10);
        int pc = rnd.nextInt(4);
        cw = (cw & ~0x300) | ((pc == 1 ? 3 : pc) << 8);
        if (rnd.nextInt(8) == 0) {
            cw &= ~(1 << rnd.nextInt(6)); // an unmasked exception: #MF at the next waiting instruction
        }
        b.setMem(50, 16, cw);
        int depth = 1 + rnd.nextInt(5);
        if (rnd.nextInt(8) == 0) {
            depth = 0;
        }
        for (int s = 0; s < 4; s++) {
            ExtendedValues.put(b, s * 10, ExtendedValues.random(rnd));
        }
        // Known contents in all eight registers: empty ones still show them (FXAM's sign, FNSAVE, FLDENV's tags).
        b.before("fninit");
        for (int r = 0; r < 8; r++) {
            b.before("fldz");
        }
        b.before("fninit").before("fldcw [W+50]");
        if (depth == 5) {
            b.before("fld1"); // ST(4): a fifth value below the four from the window
        }
        for (int s = Math.min(depth, 4) - 1; s >= 0; s--) {
            b.before("fld tword [W+" + (s * 10) + "]");
        }
        int modrm = x.modrm;
        byte[] code;
        String text = form.mnemonic();
        switch (x.kind) {
            case REG: {
                int i = rnd.nextInt(8);
                modrm |= i;
                code = new byte[] {(byte) x.opcode, (byte) modrm};
                text += " st" + i;
                break;
            }
            case FIXED:
                code = new byte[] {(byte) x.opcode, (byte) modrm};
                break;
            default: {
                int offset = memoryOffset(x.kind);
                if (x.kind == MEM_SOURCE || x.kind == LOAD_CW) {
                    ExtendedValues.putMemory(b, 40, x.memType, rnd);
                } else if (x.kind == ENV_LOAD) {
                    environment(b, 64, rnd);
                } else if (x.kind == RESTORE) {
                    environment(b, 64, rnd);
                    for (int r = 0; r < 8; r++) {
                        ExtendedValues.put(b, 64 + 28 + 10 * r, ExtendedValues.random(rnd));
                    }
                }
                int address = Layout.W + offset;
                code = new byte[] {(byte) x.opcode, (byte) modrm, (byte) address, (byte) (address >>> 8),
                    (byte) (address >>> 16), (byte) (address >>> 24)};
                text += " [W+" + offset + "]";
            }
        }
        b.instruction(code, text);
        b.after("fnstsw ax");
        if (x.kind == ENV_STORE || x.kind == SAVE) {
            int base = 64;
            // The instruction and data pointers are addresses and selectors the two machines choose differently.
            for (int off = 12; off <= 24; off += 4) {
                b.after("mov dword [W+" + (base + off) + "], 0");
            }
        }
        for (int s = 0; s < 4; s++) {
            b.after("fstp tword [W+" + (s * 10) + "]");
        }
        b.after("fnstcw [W+50]").after("fninit").after("jmp near exit0");
        return b.build();
    }

    private static int memoryOffset(int kind) {
        switch (kind) {
            case ENV_STORE:
            case ENV_LOAD:
            case SAVE:
            case RESTORE:
                return 64;
            default:
                return 40;
        }
    }

    /** A 28-byte protected-mode environment: masked control word, a status word without pending errors, tags. */
    private static void environment(CaseBuilder b, int offset, Random rnd) {
        int cw = 0x037F | (rnd.nextInt(16) << 8) & 0xF00;
        int sw = rnd.nextInt(0x10000) & ~0x80FF | (rnd.nextInt(0x40) & 0x7F);
        int tw = rnd.nextInt(0x10000);
        b.setMem(offset, 32, 0xFFFF0000 | cw);
        b.setMem(offset + 4, 32, 0xFFFF0000 | sw);
        b.setMem(offset + 8, 32, 0xFFFF0000 | tw);
        for (int off = 12; off < 28; off += 4) {
            b.setMem(offset + off, 32, 0);
        }
    }
}
