package org.nodeoslab.emulator.difftest;

/**
 * One instruction form under test, identified as the executor's instruction-form table identifies it: opcode
 * (one-byte, or 0x0F00 | second byte), the ModRM reg field selecting it in a group (or -1), a mandatory prefix,
 * the mnemonic and the operands in Intel SDM opcode-map notation (Eb, Gv, Iz, Jb, M, ...), and its flag contract.
 */
record FormSpec(int opcode, int regField, int prefix, String mnemonic, String[] operands, int flagsDefined,
        int flagsUndefined, boolean lockable) {

    static FormSpec of(org.nodeoslab.emulator.cpu.InstructionForm f) {
        return new FormSpec(f.opcode, f.regField, f.prefix, f.mnemonic, f.operands, f.flagsDefined, f.flagsUndefined,
                f.lockable);
    }

    static final int CF = 1, PF = 4, AF = 0x10, ZF = 0x40, SF = 0x80, OF = 0x800, DF = 0x400;
    static final int ARITH = CF | PF | AF | ZF | SF | OF;

    boolean twoByte() {
        return opcode > 0xFF;
    }

    /** The opcode as the report and the known-mismatch list name it, e.g. "0F AF" or "F7 /6". */
    String opcodeText() {
        String hex = twoByte() ? "0F " + Hex.byte2(opcode & 0xFF) : Hex.byte2(opcode);
        if (prefix != 0) {
            hex = Hex.byte2(prefix) + " " + hex;
        }
        return regField >= 0 ? hex + " /" + regField : hex;
    }

    /** Stable identity of the form: "01 ADD Ev,Gv". */
    String key() {
        return opcodeText() + " " + mnemonic + (operands.length == 0 ? "" : " " + String.join(",", operands));
    }

    boolean hasOperand(String notation) {
        for (String o : operands) {
            if (o.equals(notation)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return key();
    }
}
