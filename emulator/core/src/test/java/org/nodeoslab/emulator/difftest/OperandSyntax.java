package org.nodeoslab.emulator.difftest;

/**
 * One operand of a form in Intel SDM opcode-map notation, parsed into what the generic generator needs:
 * its kind, its size (0 = the operand size of the case, 16 or 32) and, for fixed registers, which one.
 */
final class OperandSyntax {
    enum Kind {
        /** ModRM r/m: a register or memory (Eb, Ev, ...). */
        RM,
        /** ModRM reg field register (Gb, Gv, ...). */
        REG,
        /** Memory only (M, Ma, Mq, ...): needs a dedicated generator. */
        MEM,
        IMM,
        /** A register named by the form itself (AL, CL, eAX, DX, ...). */
        FIXED,
        /** The constant 1 of the D0/D1 shifts. */
        ONE,
        /** The register in the low three opcode bits (Zv; SDM's 40+r). */
        OPCODE_REG,
        /** Anything else (Jb, Ob, Sw, Ap, ...): needs a dedicated generator. */
        OTHER
    }

    final Kind kind;
    /** 8, 16 or 32; 0 for "the operand size" (v, z). */
    final int size;
    final int fixedReg;

    private OperandSyntax(Kind kind, int size, int fixedReg) {
        this.kind = kind;
        this.size = size;
        this.fixedReg = fixedReg;
    }

    private static final String[] FIXED8 = {"AL", "CL", "DL", "BL", "AH", "CH", "DH", "BH"};
    private static final String[] FIXED16 = {"AX", "CX", "DX", "BX", "SP", "BP", "SI", "DI"};
    private static final String[] FIXEDV = {"eAX", "eCX", "eDX", "eBX", "eSP", "eBP", "eSI", "eDI"};
    private static final String[] FIXED32 = {"EAX", "ECX", "EDX", "EBX", "ESP", "EBP", "ESI", "EDI"};

    static OperandSyntax parse(String s) {
        for (int i = 0; i < 8; i++) {
            if (s.equals(FIXED8[i])) {
                return new OperandSyntax(Kind.FIXED, 8, i);
            }
            if (s.equals(FIXED16[i])) {
                return new OperandSyntax(Kind.FIXED, 16, i);
            }
            if (s.equals(FIXEDV[i]) || s.equals("r" + FIXED16[i])) {
                return new OperandSyntax(Kind.FIXED, 0, i);
            }
            if (s.equals(FIXED32[i])) {
                return new OperandSyntax(Kind.FIXED, 32, i);
            }
        }
        if (s.equals("1")) {
            return new OperandSyntax(Kind.ONE, 8, -1);
        }
        if (s.length() < 2) {
            return new OperandSyntax(Kind.OTHER, 0, -1);
        }
        int size = sizeOf(s.substring(1));
        switch (s.charAt(0)) {
            case 'E':
                return new OperandSyntax(size < 0 ? Kind.OTHER : Kind.RM, size, -1);
            case 'G':
                return new OperandSyntax(size < 0 ? Kind.OTHER : Kind.REG, size, -1);
            case 'I':
                return new OperandSyntax(size < 0 ? Kind.OTHER : Kind.IMM, size, -1);
            case 'Z':
                return new OperandSyntax(size < 0 ? Kind.OTHER : Kind.OPCODE_REG, size, -1);
            case 'M':
                return new OperandSyntax(Kind.MEM, 0, -1);
            default:
                return new OperandSyntax(Kind.OTHER, 0, -1);
        }
    }

    private static int sizeOf(String suffix) {
        switch (suffix) {
            case "b": return 8;
            case "w": return 16;
            case "d": return 32;
            case "v": case "z": return 0;
            default: return -1;
        }
    }

    /** True if the operand's size follows the operand-size attribute (so the form is tested at 16 and 32 bits). */
    boolean followsOperandSize() {
        return size == 0 && (kind == Kind.RM || kind == Kind.REG || kind == Kind.IMM || kind == Kind.FIXED
                || kind == Kind.OPCODE_REG);
    }
}
