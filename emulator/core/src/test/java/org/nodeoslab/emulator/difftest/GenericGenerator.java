package org.nodeoslab.emulator.difftest;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Generates cases for any form whose operands are registers, r/m (register and memory variants), immediates,
 * fixed registers and the shift constant 1: the bulk of the integer ISA. Values come from {@link EdgeValues}:
 * every pair of edge values for two-operand forms (with CF clear and set for the forms that read it), every
 * edge value for one-operand forms, plus random values, at 16 and 32 bits for operand-size forms.
 */
final class GenericGenerator {
    private final FormSpec form;
    private final OperandSyntax[] ops;
    private final Random rnd;
    private final String mnemonic;

    private GenericGenerator(FormSpec form, OperandSyntax[] ops, Random rnd) {
        this.form = form;
        this.ops = ops;
        this.rnd = rnd;
        this.mnemonic = form.mnemonic().toUpperCase();
    }

    /** The cases, or null if some operand needs a dedicated generator. */
    static List<TestCase> generate(FormSpec form, Random rnd) {
        OperandSyntax[] ops = new OperandSyntax[form.operands().length];
        for (int i = 0; i < ops.length; i++) {
            ops[i] = OperandSyntax.parse(form.operands()[i]);
            if (ops[i].kind == OperandSyntax.Kind.OTHER || ops[i].kind == OperandSyntax.Kind.MEM) {
                return null;
            }
        }
        return new GenericGenerator(form, ops, rnd).all();
    }

    private List<TestCase> all() {
        boolean sized = false;
        boolean hasRm = false;
        for (OperandSyntax o : ops) {
            sized |= o.followsOperandSize();
            hasRm |= o.kind == OperandSyntax.Kind.RM;
        }
        if (ops.length == 0) {
            sized = true; // CBW/CWDE, PUSHF/PUSHFD...: the prefix matters for some, is harmless for the others
        }
        List<TestCase> cases = new ArrayList<>();
        for (int size : sized ? new int[] {32, 16} : new int[] {32}) {
            for (boolean memory : hasRm ? new boolean[] {false, true} : new boolean[] {false}) {
                for (int[] values : valuePlan(size)) {
                    cases.add(build(size, memory, values, sized && size == 16));
                }
            }
        }
        return cases;
    }

    private int sizeOf(OperandSyntax o, int size) {
        return o.size == 0 ? size : o.size;
    }

    private boolean isShiftCount(OperandSyntax o) {
        boolean shift = mnemonic.startsWith("RO") || mnemonic.startsWith("RC") || mnemonic.startsWith("SH")
                || mnemonic.equals("SAL") || mnemonic.equals("SAR");
        boolean countOperand = (o.kind == OperandSyntax.Kind.FIXED && o.fixedReg == 1 && o.size == 8)
                || (o.kind == OperandSyntax.Kind.IMM && o.size == 8);
        return countOperand && (shift || (mnemonic.startsWith("BT") && o.kind == OperandSyntax.Kind.IMM));
    }

    /** True if the first operand is only written, so planning values for it would be wasted. */
    private boolean firstIsPureDestination() {
        return mnemonic.equals("MOV") || mnemonic.equals("MOVZX") || mnemonic.equals("MOVSX")
                || mnemonic.startsWith("SET") || (mnemonic.equals("IMUL") && ops.length == 3);
    }

    private boolean readsCarry() {
        return mnemonic.equals("ADC") || mnemonic.equals("SBB") || mnemonic.equals("RCL") || mnemonic.equals("RCR")
                || mnemonic.equals("CMC") || mnemonic.equals("SALC") || mnemonic.equals("LAHF");
    }

    private int[] listFor(OperandSyntax o, int size) {
        return isShiftCount(o) ? EdgeValues.counts() : EdgeValues.of(sizeOf(o, size));
    }

    private int randomFor(OperandSyntax o, int size) {
        return isShiftCount(o) ? EdgeValues.randomCount(rnd) : EdgeValues.random(rnd, sizeOf(o, size));
    }

    /** Each row: one value per operand (index-aligned with ops; ONE gets 1), then the CF input (0/1/-1 random). */
    private List<int[]> valuePlan(int size) {
        List<Integer> slots = new ArrayList<>();
        for (int i = 0; i < ops.length; i++) {
            if (ops[i].kind != OperandSyntax.Kind.ONE && !(i == 0 && firstIsPureDestination())) {
                slots.add(i);
            }
        }
        List<int[]> rows = new ArrayList<>();
        int[] carries = readsCarry() ? new int[] {0, 1} : new int[] {-1};
        if (slots.isEmpty()) {
            for (int k = 0; k < 48; k++) {
                rows.add(randomRow(size, slots, -1));
            }
        } else if (slots.size() == 1) {
            int s = slots.get(0);
            for (int v : listFor(ops[s], size)) {
                for (int cf = 0; cf < 2; cf++) {
                    int[] row = randomRow(size, slots, cf);
                    row[s] = v;
                    rows.add(row);
                }
            }
        } else {
            int a = slots.get(0);
            int b = slots.get(1);
            for (int va : listFor(ops[a], size)) {
                for (int vb : listFor(ops[b], size)) {
                    for (int cf : carries) {
                        int[] row = randomRow(size, slots, cf);
                        row[a] = va;
                        row[b] = vb;
                        rows.add(row);
                    }
                }
            }
        }
        for (int k = 0; k < 32; k++) {
            rows.add(randomRow(size, slots, -1));
        }
        return rows;
    }

    private int[] randomRow(int size, List<Integer> slots, int cf) {
        int[] row = new int[ops.length + 1];
        for (int i = 0; i < ops.length; i++) {
            row[i] = ops[i].kind == OperandSyntax.Kind.ONE ? 1 : randomFor(ops[i], size);
        }
        row[ops.length] = cf;
        return row;
    }

    private TestCase build(int size, boolean memory, int[] values, boolean opsizePrefix) {
        CaseBuilder b = new CaseBuilder(form, rnd);
        int cf = values[ops.length];
        b.setFlag(FormSpec.CF, cf < 0 ? rnd.nextBoolean() : cf == 1);
        if (isConditional()) {
            b.eflags = (b.eflags & ~FormSpec.ARITH) | conditionFlags(rnd.nextInt(64));
        }
        implicitInputs(b, size);

        // Registers of the ModRM operands: distinct (now and then the same), never ESP.
        int opReg = form.opcode() & 7;
        int rmReg = pickReg(size, -1, opReg);
        int gReg = rnd.nextInt(8) == 0 ? rmReg : pickReg(size, rmReg, opReg);
        int memOff = pickOffset(maxOperandBytes(size));
        int busy = 0x07 | (1 << (size == 8 ? gReg & 3 : gReg));
        MemoryOperand mem = memory ? MemoryOperand.pick(rnd, memOff, busy, codeSegmentAllowed()) : null;
        int lock = lockPrefix(memory);

        StringBuilder text = new StringBuilder(form.mnemonic().toLowerCase());
        ByteArrayOutputStream imm = new ByteArrayOutputStream();
        int rmValue = 0;
        int countValue = 0;
        int srcValue = 0;
        for (int i = 0; i < ops.length; i++) {
            OperandSyntax o = ops[i];
            int s = sizeOf(o, size);
            int v = values[i];
            String t;
            switch (o.kind) {
                case RM:
                    if (memory) {
                        b.setMem(memOff, s, v);
                        t = mem.text(s);
                    } else {
                        b.setReg(s, rmReg, v);
                        t = CaseBuilder.regName(s, rmReg);
                    }
                    rmValue = v;
                    break;
                case REG:
                    if (memory && mnemonic.startsWith("BT")) {
                        v = bitOffsetInWindow(v, memOff, s); // the bit string may reach beyond the operand
                    }
                    b.setReg(s, gReg, v);
                    t = CaseBuilder.regName(s, gReg);
                    break;
                case FIXED:
                    b.setReg(s, o.fixedReg, v);
                    t = CaseBuilder.regName(s, o.fixedReg);
                    break;
                case OPCODE_REG:
                    if (!(opReg == 4 && (mnemonic.equals("PUSH") || mnemonic.equals("POP")))) {
                        b.setReg(s, opReg, v); // PUSH/POP ESP keep the stack pointer in the window
                    }
                    t = CaseBuilder.regName(s, opReg);
                    break;
                case IMM:
                    for (int k = 0; k < s / 8; k++) {
                        imm.write(v >>> (8 * k));
                    }
                    t = "0x" + Integer.toHexString(v & CaseBuilder.mask(s));
                    break;
                default:
                    t = "1";
                    break;
            }
            if (isShiftCount(o)) {
                countValue = v;
            }
            if (i == ops.length - 1) {
                srcValue = v;
            }
            text.append(i == 0 ? " " : ", ").append(t);
        }
        if (ops.length > 0 && (isShiftCount(ops[ops.length - 1])
                || ops[ops.length - 1].kind == OperandSyntax.Kind.ONE)) {
            countValue = values[ops.length - 1];
        }
        if (ops.length > 0) {
            postInputs(b, size, memory ? b.getMem(memOff, sizeOf(ops[0], size)) : rmValue);
        }
        if (mem != null) {
            mem.apply(b, rnd);
        }
        // Inputs are final only now (a fixed register may share a ModRM register): read the source back.
        if (ops.length == 2 && (mnemonic.equals("BSF") || mnemonic.equals("BSR"))) {
            srcValue = memory ? b.getMem(memOff, size) : b.getReg(size, rmReg);
        }
        flagRules(b, size, countValue & 0xFF, srcValue, memory, rmReg, gReg);

        ByteArrayOutputStream code = new ByteArrayOutputStream();
        if (lock != 0) {
            code.write(lock);
        }
        if (mem != null && mem.prefix() >= 0) {
            code.write(mem.prefix());
        }
        if (opsizePrefix) {
            code.write(0x66);
        }
        if (form.prefix() != 0) {
            code.write(form.prefix()); // a mandatory prefix goes last, next to the opcode
        }
        if (form.twoByte()) {
            code.write(0x0F);
        }
        code.write(form.opcode() & 0xFF);
        if (hasModrm()) {
            int reg = form.regField() >= 0 ? form.regField() : gReg;
            if (memory) {
                mem.encode(code, reg);
            } else {
                code.write(0xC0 | reg << 3 | rmReg);
            }
        }
        code.writeBytes(imm.toByteArray());
        return b.instruction(code.toByteArray(), (lock != 0 ? "lock " : "") + (opsizePrefix ? "o16 " : "") + text)
                .build();
    }

    /**
     * LOCK now and then: on a lockable form with a memory destination it must execute; with a register
     * destination, or on a form that is not lockable, it must raise #UD (the host decides either way).
     */
    private int lockPrefix(boolean memory) {
        boolean hasRm = false;
        for (OperandSyntax o : ops) {
            hasRm |= o.kind == OperandSyntax.Kind.RM;
        }
        if (!hasRm) {
            return 0;
        }
        int odds = form.lockable() && memory ? 4 : 40;
        return rnd.nextInt(odds) == 0 ? 0xF0 : 0;
    }

    /**
     * A CS override makes a memory write raise #GP. Allowed where the form only reads memory, and on ADC, where
     * a faulting write must leave EFLAGS alone (the instruction is re-executed after a #PF, with the same CF).
     */
    private boolean codeSegmentAllowed() {
        boolean writesMemory = ops.length > 0 && ops[0].kind == OperandSyntax.Kind.RM && !mnemonic.equals("CMP")
                && !mnemonic.equals("TEST") && !mnemonic.equals("BT");
        return !writesMemory || mnemonic.equals("ADC");
    }

    private boolean hasModrm() {
        if (form.regField() >= 0) {
            return true;
        }
        for (OperandSyntax o : ops) {
            if (o.kind == OperandSyntax.Kind.RM || o.kind == OperandSyntax.Kind.REG) {
                return true;
            }
        }
        return false;
    }

    private int maxOperandBytes(int size) {
        int max = 1;
        for (OperandSyntax o : ops) {
            max = Math.max(max, sizeOf(o, size) / 8);
        }
        return max;
    }

    private int pickReg(int size, int avoid, int opReg) {
        while (true) {
            int r = rnd.nextInt(8);
            boolean esp = size != 8 && r == 4;
            boolean clash = r == avoid || (hasOpcodeReg() && r == opReg);
            if (!esp && !clash) {
                return r;
            }
        }
    }

    private boolean hasOpcodeReg() {
        for (OperandSyntax o : ops) {
            if (o.kind == OperandSyntax.Kind.OPCODE_REG) {
                return true;
            }
        }
        return false;
    }

    private int pickOffset(int bytes) {
        int off = rnd.nextInt((Layout.DATA - bytes) / 4 + 1) * 4;
        if (rnd.nextInt(3) == 0) {
            off = Math.min(off + 1 + rnd.nextInt(3), Layout.DATA - bytes); // misaligned now and then
        }
        return off;
    }

    private boolean isConditional() {
        return mnemonic.startsWith("SET") || mnemonic.startsWith("CMOV");
    }

    /** EFLAGS for condition tests: CF, PF, ZF, SF, OF from the six low bits of k (and AF). */
    static int conditionFlags(int k) {
        return ((k & 1) != 0 ? FormSpec.CF : 0) | ((k & 2) != 0 ? FormSpec.PF : 0) | ((k & 4) != 0 ? FormSpec.ZF : 0)
                | ((k & 8) != 0 ? FormSpec.SF : 0) | ((k & 16) != 0 ? FormSpec.OF : 0)
                | ((k & 32) != 0 ? FormSpec.AF : 0);
    }

    /** Inputs of implicit operands: the accumulator of MUL, the dividend of DIV, CMPXCHG's comparand. */
    private void implicitInputs(CaseBuilder b, int size) {
        if (ops.length != 1 || form.opcode() < 0xF6 || form.opcode() > 0xF7) {
            return;
        }
        int s = form.opcode() == 0xF6 ? 8 : size;
        int[] edges = EdgeValues.of(s);
        b.setReg(s, 0, rnd.nextBoolean() ? edges[rnd.nextInt(edges.length)] : EdgeValues.random(rnd, s));
    }

    private int bitOffsetInWindow(int v, int memOff, int size) {
        int lowest = -8 * memOff;
        int span = 8 * (Layout.DATA - memOff) - size - lowest;
        int off = Integer.remainderUnsigned(v, span) + lowest;
        return off & ~(size - 1) | (v & (size - 1));
    }

    /** Implicit inputs that depend on the operands: a dividend that fits, a CMPXCHG comparand that matches. */
    private void postInputs(CaseBuilder b, int size, int firstValue) {
        int s = form.opcode() == 0xF6 ? 8 : size;
        if ((form.opcode() == 0xF6 || form.opcode() == 0xF7) && form.regField() >= 6 && rnd.nextInt(4) != 0) {
            int divisor = firstValue & CaseBuilder.mask(s);
            int high;
            switch (rnd.nextInt(3)) {
                case 0: high = 0; break;
                case 1: high = divisor == 0 ? 0 : Integer.remainderUnsigned(rnd.nextInt(), divisor); break;
                default: high = (b.getReg(s, 0) >> (s - 1)) & 1; high = high == 0 ? 0 : -1; break;
            }
            if (s == 8) {
                b.setReg(8, 4, high);
            } else {
                b.setReg(s, 2, high);
            }
        }
        if (mnemonic.equals("CMPXCHG") && rnd.nextBoolean()) {
            b.setReg(form.opcode() == 0x0FB0 ? 8 : size, 0, firstValue);
        }
    }

    /** Undefined flags and results that depend on the inputs (shift counts, BSF/BSR of zero). */
    private void flagRules(CaseBuilder b, int size, int count, int src, boolean memory, int rmReg, int gReg) {
        int c = count & 31;
        int dest = memory ? 1 << 8 : 1 << (size == 8 ? rmReg & 3 : rmReg);
        switch (mnemonic) {
            case "SHL": case "SAL": case "SHR": case "SAR": {
                int s = ops[0].size == 0 ? size : ops[0].size;
                b.undefinedFlags = c == 0 ? 0 : FormSpec.AF | (c != 1 ? FormSpec.OF : 0)
                        | (c >= s && !mnemonic.equals("SAR") ? FormSpec.CF : 0);
                break;
            }
            case "ROL": case "ROR": case "RCL": case "RCR":
                b.undefinedFlags = c == 0 || c == 1 ? 0 : FormSpec.OF;
                break;
            case "SHLD": case "SHRD":
                if (c > size) {
                    b.undefinedFlags = FormSpec.ARITH;
                    b.undefinedResult = dest;
                } else {
                    b.undefinedFlags = c == 0 ? 0 : FormSpec.AF | (c != 1 ? FormSpec.OF : 0);
                }
                break;
            case "BSF": case "BSR":
                if (src == 0) {
                    b.undefinedResult = 1 << gReg;
                }
                break;
            default:
                break;
        }
    }
}
