package org.nodeoslab.emulator.cpu;

/**
 * One integer instruction form of the i686 as listed in {@link InstructionTable}: its opcode, the ModRM reg field
 * that selects it inside an opcode group, its mnemonic and operands in the notation of the Intel SDM opcode map
 * (Eb, Ev, Gv, Ib, Iz, Jb, M, Sw, ...), and which arithmetic flags it defines or leaves undefined.
 *
 * <p>The differential tests enumerate these forms; the decoder derives from them which opcodes take a ModRM byte,
 * which forms accept LOCK, and which opcodes exist at all (anything absent raises #UD).
 */
public final class InstructionForm {
    /** One-byte opcode (0x00-0xFF) or 0x0F00 | second byte for the two-byte map. */
    public final int opcode;
    /** The ModRM reg field selecting this form in a group (/0../7), or -1 if the reg field is an operand. */
    public final int regField;
    /** A mandatory prefix (0xF3 for PAUSE), or 0. */
    public final int prefix;
    public final String mnemonic;
    /** Operands in SDM opcode-map notation, destination first; empty for none. */
    public final String[] operands;
    /** True if the form has a ModRM byte. */
    public final boolean modrm;
    /** True if the ModRM byte must describe a register (MOV CRn/DRn: mod is ignored and treated as 3). */
    public final boolean registerOnly;
    /** True if the form only exists with a memory operand (LEA, LDS, BOUND, CMPXCHG8B, ...): mod == 3 is #UD. */
    public final boolean memoryOnly;
    /** True if a LOCK prefix is allowed (with a memory destination). */
    public final boolean lockable;
    /** True if the instruction raises #UD in real mode and virtual-8086 mode (ARPL, LAR, LSL, VERR, ...). */
    public final boolean protectedModeOnly;
    /** Arithmetic flags (CF PF AF ZF SF OF, as EFLAGS bits) the instruction sets to a defined value. */
    public final int flagsDefined;
    /** Arithmetic flags the SDM calls undefined after this instruction. */
    public final int flagsUndefined;

    InstructionForm(int opcode, int regField, int prefix, String mnemonic, String[] operands, boolean modrm,
            boolean registerOnly, boolean memoryOnly, boolean lockable, boolean protectedModeOnly, int flagsDefined,
            int flagsUndefined) {
        this.opcode = opcode;
        this.regField = regField;
        this.prefix = prefix;
        this.mnemonic = mnemonic;
        this.operands = operands;
        this.modrm = modrm;
        this.registerOnly = registerOnly;
        this.memoryOnly = memoryOnly;
        this.lockable = lockable;
        this.protectedModeOnly = protectedModeOnly;
        this.flagsDefined = flagsDefined;
        this.flagsUndefined = flagsUndefined;
    }

    /** True for the two-byte (0F) map. */
    public boolean twoByte() {
        return opcode > 0xFF;
    }

    /** The opcode bytes as a hex string, e.g. "0F AF" or "F7 /6". */
    public String opcodeText() {
        String hex = twoByte() ? "0F " + hex2(opcode & 0xFF) : hex2(opcode);
        if (prefix != 0) {
            hex = hex2(prefix) + " " + hex;
        }
        return regField >= 0 ? hex + " /" + regField : hex;
    }

    private static String hex2(int v) {
        String s = Integer.toHexString(v).toUpperCase();
        return s.length() < 2 ? "0" + s : s;
    }

    @Override
    public String toString() {
        return opcodeText() + " " + mnemonic + (operands.length == 0 ? "" : " " + String.join(",", operands));
    }
}
