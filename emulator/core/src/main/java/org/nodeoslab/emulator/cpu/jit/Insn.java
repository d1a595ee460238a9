package org.nodeoslab.emulator.cpu.jit;

/**
 * One guest instruction of a {@link Region}, in the IR both back ends compile. Native kinds are the forms that
 * dominate 32-bit code (prefix-free, 32-bit operand and address size); {@link #INTERPRET} leaves the instruction
 * to the interpreter from inside the region (from its pre-decoded entry, kept in {@link #word}, {@link #form},
 * {@link #displacement}). Flags stay in the interpreter's lazy layout: native kinds call the same Alu operations,
 * so the state is the interpreter's at every instruction boundary.
 */
public final class Insn {
    public static final int MOV = 1, LEA = 2, MOVZX = 3, MOVSX = 4, ALU = 5, TEST = 6, INC = 7, DEC = 8, SHIFT = 9,
            PUSH = 10, POP = 11, JCC = 12, JMP = 13, JMP_INDIRECT = 14, CALL = 15, CALL_INDIRECT = 16, RET = 17,
            CMOV = 18, SETCC = 19, CDQ = 20, CWDE = 21, NOP = 22, INTERPRET = 23, IMUL = 24, NOT = 25, NEG = 26,
            XCHG = 27, BSWAP = 28, LEAVE = 29, STRING = 30, CMPXCHG = 31, XADD = 32, MUL = 33;

    private static final String[] NAMES = {"?", "mov", "lea", "movzx", "movsx", "alu", "test", "inc", "dec",
        "shift", "push", "pop", "jcc", "jmp", "jmp*", "call", "call*", "ret", "cmov", "setcc", "cdq", "cwde", "nop",
        "interpret", "imul", "not", "neg", "xchg", "bswap", "leave", "string", "cmpxchg", "xadd", "mul"};

    public final int kind;
    /**
     * ALU: the group-1 operation (ADD OR ADC SBB AND SUB XOR CMP); SHIFT: group 2's; JCC/CMOV/SETCC: cc; STRING:
     * the opcode without REP (A4/A5 MOVS: dst m[ES:EDI], src m[seg:ESI]; AA/AB STOS: dst m[ES:EDI], src EAX;
     * AC/AD LODS: dst EAX, src m[seg:ESI]; AE/AF SCAS: CMP dst EAX, src m[ES:EDI]; A6/A7 CMPS: CMP dst m[seg:ESI],
     * src m[ES:EDI]), after which ESI and/or EDI move by the operand size, down when DF is set; MUL: 0 MUL, 1 IMUL
     * (one operand, 32-bit: EDX:EAX = EAX * src).
     */
    public final int sub;
    public final Operand dst;
    public final Operand src;
    /** Start of the instruction relative to the region's entry (EIP delta). */
    public final int start;
    /** Start of the next instruction relative to the entry. */
    public final int next;
    /**
     * JCC/JMP/CALL: the target relative to the entry; RET: bytes released after the return address; IMUL with
     * {@code sub} 1: the immediate (dst = src * immediate; with {@code sub} 0, dst = dst * src).
     */
    public final int target;
    /** INTERPRET: the {@code DecodedCode} entry. */
    public final int word;
    public final int form;
    public final int displacement;
    /** After this instruction the region ends (a transfer of control, or an instruction that ends a block). */
    public final boolean last;

    Insn(int kind, int sub, Operand dst, Operand src, int start, int next, int target, int word, int form,
            int displacement, boolean last) {
        this.kind = kind;
        this.sub = sub;
        this.dst = dst;
        this.src = src;
        this.start = start;
        this.next = next;
        this.target = target;
        this.word = word;
        this.form = form;
        this.displacement = displacement;
        this.last = last;
    }

    /** True if the back end runs this instruction itself (not through the interpreter). */
    public boolean isNative() {
        return kind != INTERPRET;
    }

    /** True if the instruction may write guest memory (after it, a write into the running region is looked for). */
    public boolean writesMemory() {
        switch (kind) {
            case INTERPRET: case PUSH: case CALL: case CALL_INDIRECT:
                return true;
            case MOV: case ALU: case INC: case DEC: case SHIFT: case SETCC: case POP: case IMUL: case NOT: case NEG:
            case XCHG: case CMPXCHG: case XADD:
                return dst != null && dst.isMemory();
            case STRING:
                return isStringStore(sub);
            default:
                return false;
        }
    }

    /** MOVS and STOS write memory; LODS, SCAS and CMPS only read it. */
    public static boolean isStringStore(int op) {
        return op == 0xA4 || op == 0xA5 || op == 0xAA || op == 0xAB;
    }

    /** SCAS and CMPS compare (flags of dst - src, nothing stored). */
    public static boolean isStringCompare(int op) {
        return op == 0xA6 || op == 0xA7 || op == 0xAE || op == 0xAF;
    }

    @Override
    public String toString() {
        return "+" + start + " " + NAMES[kind] + (kind == ALU || kind == SHIFT || kind == JCC || kind == CMOV
                || kind == SETCC || kind == MUL ? "/" + sub : kind == STRING ? "/" + Integer.toHexString(sub) : "") + (dst != null ? " " + dst : "") + (src != null ? (dst != null ? ", " : " ") + src : "")
                + (kind == JCC || kind == JMP || kind == CALL ? " -> +" + target : "")
                + (kind == IMUL && sub == 1 ? ", " + target : "")
                + (kind == INTERPRET ? ((word & 0x100) != 0 ? " 0f " : " ") + Integer.toHexString(0x100 | word & 0xFF)
                        .substring(1) : "") + (last ? " (last)" : "");
    }
}
