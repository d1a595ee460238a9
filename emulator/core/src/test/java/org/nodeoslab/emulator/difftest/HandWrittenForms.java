package org.nodeoslab.emulator.difftest;

import java.util.ArrayList;
import java.util.List;

/**
 * The host-testable i686 integer instruction forms, written out independently from the Intel SDM opcode maps:
 * {@link FormTableTest} checks that the executor's table (the suite's source of forms) misses none of them.
 */
final class HandWrittenForms {
    private HandWrittenForms() {
    }

    private static final int A = FormSpec.ARITH, CF = FormSpec.CF, PF = FormSpec.PF, AF = FormSpec.AF,
            ZF = FormSpec.ZF, SF = FormSpec.SF, OF = FormSpec.OF;
    private static final String[] ALU = {"ADD", "OR", "ADC", "SBB", "AND", "SUB", "XOR", "CMP"};
    private static final String[] SHIFTS = {"ROL", "ROR", "RCL", "RCR", "SHL", "SHR", "SAL", "SAR"};
    private static final String[] CC = {"O", "NO", "B", "AE", "E", "NE", "BE", "A", "S", "NS", "P", "NP", "L", "GE",
            "LE", "G"};

    static List<FormSpec> all() {
        List<FormSpec> f = new ArrayList<>();
        for (int op = 0; op < 8; op++) {
            int base = op * 8;
            int def = ALU[op].equals("AND") || ALU[op].equals("OR") || ALU[op].equals("XOR") ? A & ~AF : A;
            int undef = A & ~def;
            String[][] shapes = {{"Eb", "Gb"}, {"Ev", "Gv"}, {"Gb", "Eb"}, {"Gv", "Ev"}, {"AL", "Ib"}, {"eAX", "Iz"}};
            for (int k = 0; k < 6; k++) {
                f.add(form(base + k, -1, ALU[op], shapes[k], def, undef));
            }
            f.add(form(0x80, op, ALU[op], new String[] {"Eb", "Ib"}, def, undef));
            f.add(form(0x81, op, ALU[op], new String[] {"Ev", "Iz"}, def, undef));
            f.add(form(0x82, op, ALU[op], new String[] {"Eb", "Ib"}, def, undef));
            f.add(form(0x83, op, ALU[op], new String[] {"Ev", "Ib"}, def, undef));
        }
        f.add(form(0x27, -1, "DAA", new String[0], A & ~OF, OF));
        f.add(form(0x2F, -1, "DAS", new String[0], A & ~OF, OF));
        f.add(form(0x37, -1, "AAA", new String[0], AF | CF, OF | SF | ZF | PF));
        f.add(form(0x3F, -1, "AAS", new String[0], AF | CF, OF | SF | ZF | PF));
        for (int r = 0; r < 8; r++) {
            f.add(form(0x40 + r, -1, "INC", new String[] {"Zv"}, A & ~CF, 0));
            f.add(form(0x48 + r, -1, "DEC", new String[] {"Zv"}, A & ~CF, 0));
            f.add(form(0x50 + r, -1, "PUSH", new String[] {"Zv"}, 0, 0));
            f.add(form(0x58 + r, -1, "POP", new String[] {"Zv"}, 0, 0));
            f.add(form(0x90 + r, -1, r == 0 ? "NOP" : "XCHG", r == 0 ? new String[0] : new String[] {"Zv", "eAX"}, 0, 0));
            f.add(form(0xB0 + r, -1, "MOV", new String[] {"Zb", "Ib"}, 0, 0));
            f.add(form(0xB8 + r, -1, "MOV", new String[] {"Zv", "Iv"}, 0, 0));
            f.add(form(0x0FC8 + r, -1, "BSWAP", new String[] {"Zd"}, 0, 0));
        }
        f.add(form(0x60, -1, "PUSHA", new String[0], 0, 0));
        f.add(form(0x61, -1, "POPA", new String[0], 0, 0));
        f.add(form(0x62, -1, "BOUND", new String[] {"Gv", "Ma"}, 0, 0));
        f.add(form(0x63, -1, "ARPL", new String[] {"Ew", "Gw"}, ZF, 0));
        f.add(form(0x68, -1, "PUSH", new String[] {"Iz"}, 0, 0));
        f.add(form(0x69, -1, "IMUL", new String[] {"Gv", "Ev", "Iz"}, CF | OF, SF | ZF | AF | PF));
        f.add(form(0x6A, -1, "PUSH", new String[] {"Ib"}, 0, 0));
        f.add(form(0x6B, -1, "IMUL", new String[] {"Gv", "Ev", "Ib"}, CF | OF, SF | ZF | AF | PF));
        for (int c = 0; c < 16; c++) {
            f.add(form(0x70 + c, -1, "J" + CC[c], new String[] {"Jb"}, 0, 0));
            f.add(form(0x0F80 + c, -1, "J" + CC[c], new String[] {"Jz"}, 0, 0));
            f.add(form(0x0F40 + c, -1, "CMOV" + CC[c], new String[] {"Gv", "Ev"}, 0, 0));
            f.add(form(0x0F90 + c, 0, "SET" + CC[c], new String[] {"Eb"}, 0, 0));
        }
        f.add(form(0x84, -1, "TEST", new String[] {"Eb", "Gb"}, A & ~AF, AF));
        f.add(form(0x85, -1, "TEST", new String[] {"Ev", "Gv"}, A & ~AF, AF));
        f.add(form(0x86, -1, "XCHG", new String[] {"Eb", "Gb"}, 0, 0));
        f.add(form(0x87, -1, "XCHG", new String[] {"Ev", "Gv"}, 0, 0));
        f.add(form(0x88, -1, "MOV", new String[] {"Eb", "Gb"}, 0, 0));
        f.add(form(0x89, -1, "MOV", new String[] {"Ev", "Gv"}, 0, 0));
        f.add(form(0x8A, -1, "MOV", new String[] {"Gb", "Eb"}, 0, 0));
        f.add(form(0x8B, -1, "MOV", new String[] {"Gv", "Ev"}, 0, 0));
        f.add(form(0x8D, -1, "LEA", new String[] {"Gv", "M"}, 0, 0));
        f.add(form(0x8F, 0, "POP", new String[] {"Ev"}, 0, 0));
        f.add(form(0x98, -1, "CBW", new String[0], 0, 0));
        f.add(form(0x99, -1, "CWD", new String[0], 0, 0));
        f.add(form(0x9C, -1, "PUSHF", new String[0], 0, 0));
        f.add(form(0x9D, -1, "POPF", new String[0], A, 0));
        f.add(form(0x9E, -1, "SAHF", new String[0], A & ~OF, 0));
        f.add(form(0x9F, -1, "LAHF", new String[0], 0, 0));
        f.add(form(0xA0, -1, "MOV", new String[] {"AL", "Ob"}, 0, 0));
        f.add(form(0xA1, -1, "MOV", new String[] {"eAX", "Ov"}, 0, 0));
        f.add(form(0xA2, -1, "MOV", new String[] {"Ob", "AL"}, 0, 0));
        f.add(form(0xA3, -1, "MOV", new String[] {"Ov", "eAX"}, 0, 0));
        f.add(form(0xA4, -1, "MOVSB", new String[0], 0, 0));
        f.add(form(0xA5, -1, "MOVS", new String[0], 0, 0));
        f.add(form(0xA6, -1, "CMPSB", new String[0], A, 0));
        f.add(form(0xA7, -1, "CMPS", new String[0], A, 0));
        f.add(form(0xA8, -1, "TEST", new String[] {"AL", "Ib"}, A & ~AF, AF));
        f.add(form(0xA9, -1, "TEST", new String[] {"eAX", "Iz"}, A & ~AF, AF));
        f.add(form(0xAA, -1, "STOSB", new String[0], 0, 0));
        f.add(form(0xAB, -1, "STOS", new String[0], 0, 0));
        f.add(form(0xAC, -1, "LODSB", new String[0], 0, 0));
        f.add(form(0xAD, -1, "LODS", new String[0], 0, 0));
        f.add(form(0xAE, -1, "SCASB", new String[0], A, 0));
        f.add(form(0xAF, -1, "SCAS", new String[0], A, 0));
        for (int s = 0; s < 8; s++) {
            if (s == 6) {
                continue; // SAL /6 is an undocumented alias; tested as /4
            }
            int def = s < 4 ? CF | OF : A & ~AF;
            f.add(form(0xC0, s, SHIFTS[s], new String[] {"Eb", "Ib"}, def, 0));
            f.add(form(0xC1, s, SHIFTS[s], new String[] {"Ev", "Ib"}, def, 0));
            f.add(form(0xD0, s, SHIFTS[s], new String[] {"Eb", "1"}, def, 0));
            f.add(form(0xD1, s, SHIFTS[s], new String[] {"Ev", "1"}, def, 0));
            f.add(form(0xD2, s, SHIFTS[s], new String[] {"Eb", "CL"}, def, 0));
            f.add(form(0xD3, s, SHIFTS[s], new String[] {"Ev", "CL"}, def, 0));
        }
        f.add(form(0xC2, -1, "RET", new String[] {"Iw"}, 0, 0));
        f.add(form(0xC3, -1, "RET", new String[0], 0, 0));
        f.add(form(0xC6, 0, "MOV", new String[] {"Eb", "Ib"}, 0, 0));
        f.add(form(0xC7, 0, "MOV", new String[] {"Ev", "Iz"}, 0, 0));
        f.add(form(0xC8, -1, "ENTER", new String[] {"Iw", "Ib"}, 0, 0));
        f.add(form(0xC9, -1, "LEAVE", new String[0], 0, 0));
        f.add(form(0xCC, -1, "INT3", new String[0], 0, 0));
        f.add(form(0xCE, -1, "INTO", new String[0], 0, 0));
        f.add(form(0xD4, -1, "AAM", new String[] {"Ib"}, SF | ZF | PF, OF | AF | CF));
        f.add(form(0xD5, -1, "AAD", new String[] {"Ib"}, SF | ZF | PF, OF | AF | CF));
        f.add(form(0xD6, -1, "SALC", new String[0], 0, 0));
        f.add(form(0xD7, -1, "XLAT", new String[0], 0, 0));
        f.add(form(0xE0, -1, "LOOPNE", new String[] {"Jb"}, 0, 0));
        f.add(form(0xE1, -1, "LOOPE", new String[] {"Jb"}, 0, 0));
        f.add(form(0xE2, -1, "LOOP", new String[] {"Jb"}, 0, 0));
        f.add(form(0xE3, -1, "JECXZ", new String[] {"Jb"}, 0, 0));
        f.add(form(0xE8, -1, "CALL", new String[] {"Jz"}, 0, 0));
        f.add(form(0xE9, -1, "JMP", new String[] {"Jz"}, 0, 0));
        f.add(form(0xEB, -1, "JMP", new String[] {"Jb"}, 0, 0));
        f.add(form(0xF5, -1, "CMC", new String[0], CF, 0));
        String[] f6 = {"TEST", "TEST", "NOT", "NEG", "MUL", "IMUL", "DIV", "IDIV"};
        for (int g = 0; g < 8; g++) {
            int def = g < 2 ? A & ~AF : g == 2 ? 0 : g == 3 ? A : g < 6 ? CF | OF : 0;
            int undef = g < 2 ? AF : g < 4 ? 0 : g < 6 ? SF | ZF | AF | PF : A;
            String[] b = g < 2 ? new String[] {"Eb", "Ib"} : new String[] {"Eb"};
            String[] v = g < 2 ? new String[] {"Ev", "Iz"} : new String[] {"Ev"};
            f.add(form(0xF6, g, f6[g], b, def, undef));
            f.add(form(0xF7, g, f6[g], v, def, undef));
        }
        f.add(form(0xF8, -1, "CLC", new String[0], CF, 0));
        f.add(form(0xF9, -1, "STC", new String[0], CF, 0));
        f.add(form(0xFC, -1, "CLD", new String[0], 0, 0));
        f.add(form(0xFD, -1, "STD", new String[0], 0, 0));
        f.add(form(0xFE, 0, "INC", new String[] {"Eb"}, A & ~CF, 0));
        f.add(form(0xFE, 1, "DEC", new String[] {"Eb"}, A & ~CF, 0));
        f.add(form(0xFF, 0, "INC", new String[] {"Ev"}, A & ~CF, 0));
        f.add(form(0xFF, 1, "DEC", new String[] {"Ev"}, A & ~CF, 0));
        f.add(form(0xFF, 2, "CALL", new String[] {"Ev"}, 0, 0));
        f.add(form(0xFF, 4, "JMP", new String[] {"Ev"}, 0, 0));
        f.add(form(0xFF, 6, "PUSH", new String[] {"Ev"}, 0, 0));
        f.add(form(0x0F0B, -1, "UD2", new String[0], 0, 0));
        f.add(form(0x0F1F, 0, "NOP", new String[] {"Ev"}, 0, 0));
        f.add(form(0x0FA3, -1, "BT", new String[] {"Ev", "Gv"}, CF, OF | SF | AF | PF));
        f.add(form(0x0FAB, -1, "BTS", new String[] {"Ev", "Gv"}, CF, OF | SF | AF | PF));
        f.add(form(0x0FB3, -1, "BTR", new String[] {"Ev", "Gv"}, CF, OF | SF | AF | PF));
        f.add(form(0x0FBB, -1, "BTC", new String[] {"Ev", "Gv"}, CF, OF | SF | AF | PF));
        String[] bt = {"BT", "BTS", "BTR", "BTC"};
        for (int g = 4; g < 8; g++) {
            f.add(form(0x0FBA, g, bt[g - 4], new String[] {"Ev", "Ib"}, CF, OF | SF | AF | PF));
        }
        f.add(form(0x0FA4, -1, "SHLD", new String[] {"Ev", "Gv", "Ib"}, A & ~AF, 0));
        f.add(form(0x0FA5, -1, "SHLD", new String[] {"Ev", "Gv", "CL"}, A & ~AF, 0));
        f.add(form(0x0FAC, -1, "SHRD", new String[] {"Ev", "Gv", "Ib"}, A & ~AF, 0));
        f.add(form(0x0FAD, -1, "SHRD", new String[] {"Ev", "Gv", "CL"}, A & ~AF, 0));
        f.add(form(0x0FAF, -1, "IMUL", new String[] {"Gv", "Ev"}, CF | OF, SF | ZF | AF | PF));
        f.add(form(0x0FB0, -1, "CMPXCHG", new String[] {"Eb", "Gb"}, A, 0));
        f.add(form(0x0FB1, -1, "CMPXCHG", new String[] {"Ev", "Gv"}, A, 0));
        f.add(form(0x0FB6, -1, "MOVZX", new String[] {"Gv", "Eb"}, 0, 0));
        f.add(form(0x0FB7, -1, "MOVZX", new String[] {"Gv", "Ew"}, 0, 0));
        f.add(form(0x0FBC, -1, "BSF", new String[] {"Gv", "Ev"}, ZF, CF | OF | SF | AF | PF));
        f.add(form(0x0FBD, -1, "BSR", new String[] {"Gv", "Ev"}, ZF, CF | OF | SF | AF | PF));
        f.add(form(0x0FBE, -1, "MOVSX", new String[] {"Gv", "Eb"}, 0, 0));
        f.add(form(0x0FBF, -1, "MOVSX", new String[] {"Gv", "Ew"}, 0, 0));
        f.add(form(0x0FC0, -1, "XADD", new String[] {"Eb", "Gb"}, A, 0));
        f.add(form(0x0FC1, -1, "XADD", new String[] {"Ev", "Gv"}, A, 0));
        f.add(form(0x0FC7, 1, "CMPXCHG8B", new String[] {"Mq"}, ZF, 0));
        return f;
    }

    private static FormSpec form(int opcode, int regField, String mnemonic, String[] operands, int defined,
            int undefined) {
        return new FormSpec(opcode, regField, 0, mnemonic, operands, defined, undefined, false);
    }
}
