package org.nodeoslab.emulator.difftest;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Generators for forms whose inputs must be arranged (string operations, stack and control transfers, memory-only
 * operands, BCD adjustments run over every AL): they know addresses and keep every access inside the window.
 */
final class SpecialGenerators {
    private final FormSpec form;
    private final Random rnd;

    private SpecialGenerators(FormSpec form, Random rnd) {
        this.form = form;
        this.rnd = rnd;
    }

    /** The cases, or null if this form has no dedicated generator. */
    static List<TestCase> generate(FormSpec form, Random rnd) {
        SpecialGenerators g = new SpecialGenerators(form, rnd);
        int op = form.opcode();
        if (op >= 0x70 && op <= 0x7F || op >= 0x0F80 && op <= 0x0F8F) {
            return g.conditionalJump();
        }
        switch (op) {
            case 0x27: case 0x2F: case 0x37: case 0x3F: return g.decimalAdjust();
            case 0x62: return g.bound();
            case 0x8D: return g.lea();
            case 0x9D: return g.popf();
            case 0xA0: case 0xA1: case 0xA2: case 0xA3: return g.moffs();
            case 0xA4: case 0xA5: case 0xA6: case 0xA7: case 0xAA: case 0xAB: case 0xAC: case 0xAD: case 0xAE:
            case 0xAF: case 0x6C: case 0x6D: case 0x6E: case 0x6F:
                return g.string();
            case 0xCD: return g.softwareInterrupt();
            case 0x06: case 0x0E: case 0x16: case 0x1E: case 0x0FA0: case 0x0FA8: return g.pushSegment();
            case 0x07: case 0x17: case 0x1F: case 0x0FA1: case 0x0FA9: return g.popSegment();
            case 0x8C: return g.storeSegment();
            case 0x8E: return g.loadSegment();
            case 0xC4: case 0xC5: case 0x0FB2: case 0x0FB4: case 0x0FB5: return g.loadFarPointer();
            case 0x0F20: case 0x0F21: case 0x0F22: case 0x0F23: return g.controlRegisterMove();
            case 0x0F01: return form.regField() == 2 || form.regField() == 3 || form.regField() == 7
                    ? g.memoryOnlySystem() : null;
            case 0xC2: case 0xC3: return g.ret();
            case 0xC8: return g.enter();
            case 0xC9: return g.leave();
            case 0xD7: return g.xlat();
            case 0xE0: case 0xE1: case 0xE2: case 0xE3: return g.loop();
            case 0xE8: case 0xE9: case 0xEB: return g.relativeTransfer();
            case 0xFF: return form.regField() == 2 || form.regField() == 4 ? g.indirectTransfer() : null;
            case 0x0FC7: return form.regField() == 1 ? g.cmpxchg8b() : null;
            default: return null;
        }
    }

    private CaseBuilder builder() {
        return new CaseBuilder(form, rnd);
    }

    private static byte[] bytes(int... b) {
        byte[] r = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            r[i] = (byte) b[i];
        }
        return r;
    }

    private static void le(ByteArrayOutputStream out, int v, int size) {
        for (int i = 0; i < size / 8; i++) {
            out.write(v >>> (8 * i));
        }
    }

    private void opcode(ByteArrayOutputStream out) {
        if (form.twoByte()) {
            out.write(0x0F);
        }
        out.write(form.opcode() & 0xFF);
    }

    /** "taken" lands on EXIT1: the displacement skips the 5-byte "jmp near exit0" that follows. */
    private static CaseBuilder branchExits(CaseBuilder b) {
        return b.after("jmp near exit0").after("jmp near exit1");
    }

    private List<TestCase> conditionalJump() {
        List<TestCase> cases = new ArrayList<>();
        for (int k = 0; k < 64; k++) {
            CaseBuilder b = builder();
            b.eflags = GenericGenerator.conditionFlags(k);
            ByteArrayOutputStream code = new ByteArrayOutputStream();
            opcode(code);
            le(code, 5, form.twoByte() ? 32 : 8);
            cases.add(branchExits(b.instruction(code.toByteArray(), form.mnemonic().toLowerCase() + " +5")).build());
        }
        return cases;
    }

    private List<TestCase> loop() {
        List<TestCase> cases = new ArrayList<>();
        int[] counts = {0, 1, 2, 0x10000, 0x10001, 0xFFFF, 0xFFFFFFFF};
        for (boolean a16 : new boolean[] {false, true}) {
            for (int count : counts) {
                for (int zf = 0; zf < 2; zf++) {
                    CaseBuilder b = builder();
                    b.regs[1] = count;
                    b.setFlag(FormSpec.ZF, zf == 1);
                    byte[] code = a16 ? bytes(0x67, form.opcode(), 5) : bytes(form.opcode(), 5);
                    String text = (a16 ? "a16 " : "") + form.mnemonic().toLowerCase() + " +5";
                    cases.add(branchExits(b.instruction(code, text)).build());
                }
            }
        }
        return cases;
    }

    private List<TestCase> relativeTransfer() {
        List<TestCase> cases = new ArrayList<>();
        for (int disp : new int[] {0, 5}) {
            for (int k = 0; k < 4; k++) {
                CaseBuilder b = builder();
                ByteArrayOutputStream code = new ByteArrayOutputStream();
                code.write(form.opcode());
                le(code, disp, form.opcode() == 0xEB ? 8 : 32);
                String text = form.mnemonic().toLowerCase() + " +" + disp;
                cases.add(branchExits(b.instruction(code.toByteArray(), text)).build());
            }
        }
        return cases;
    }

    private List<TestCase> indirectTransfer() {
        List<TestCase> cases = new ArrayList<>();
        for (boolean memory : new boolean[] {false, true}) {
            for (int k = 0; k < 8; k++) {
                CaseBuilder b = builder();
                int r = pickReg();
                int off = rnd.nextInt(15) * 4;
                byte[] code;
                String text = form.mnemonic().toLowerCase() + " ";
                if (memory) {
                    b.setMem(off, 32, Layout.EXIT1);
                    int d = Layout.W + off;
                    code = bytes(0xFF, 0x05 | form.regField() << 3, d, d >>> 8, d >>> 16, d >>> 24);
                    text += "dword [W+" + off + "]";
                } else {
                    b.regs[r] = Layout.EXIT1;
                    code = bytes(0xFF, 0xC0 | form.regField() << 3 | r);
                    text += CaseBuilder.REG32[r];
                }
                cases.add(b.instruction(code, text + " (= exit1)").build());
            }
        }
        return cases;
    }

    private List<TestCase> ret() {
        List<TestCase> cases = new ArrayList<>();
        int[] pops = form.opcode() == 0xC2 ? new int[] {0, 2, 4, 8, 16, 32} : new int[] {0};
        for (int pop : pops) {
            for (int k = 0; k < 4; k++) {
                CaseBuilder b = builder();
                b.setMem(Layout.ESP - Layout.W, 32, Layout.EXIT1);
                byte[] code = form.opcode() == 0xC2 ? bytes(0xC2, pop, pop >>> 8) : bytes(0xC3);
                cases.add(b.instruction(code, "ret" + (form.opcode() == 0xC2 ? " " + pop : "") + " (to exit1)")
                        .build());
            }
        }
        return cases;
    }

    private List<TestCase> enter() {
        List<TestCase> cases = new ArrayList<>();
        int[] sizes = {0, 1, 4, 8, 12, 0x100};
        int[] levels = {0, 1, 2, 3, 5, 8, 32, 33};
        for (boolean o16 : new boolean[] {false, true}) {
            for (int size : sizes) {
                for (int level : levels) {
                    CaseBuilder b = builder();
                    b.regs[Cpu32.EBP] = Layout.W + 160 + 4 * rnd.nextInt(6);
                    byte[] code = o16 ? bytes(0x66, 0xC8, size, size >>> 8, level) : bytes(0xC8, size, size >>> 8, level);
                    cases.add(b.instruction(code, (o16 ? "o16 " : "") + "enter " + size + ", " + level).build());
                }
            }
        }
        return cases;
    }

    private List<TestCase> leave() {
        List<TestCase> cases = new ArrayList<>();
        for (boolean o16 : new boolean[] {false, true}) {
            for (int k = 0; k < 16; k++) {
                CaseBuilder b = builder();
                b.regs[Cpu32.EBP] = Layout.W + Layout.DATA + rnd.nextInt(Layout.WINDOW - Layout.DATA - 4);
                cases.add(b.instruction(o16 ? bytes(0x66, 0xC9) : bytes(0xC9), o16 ? "o16 leave" : "leave").build());
            }
        }
        return cases;
    }

    /**
     * POPF at CPL 3 with IOPL 0, as on the host: IF, IOPL, RF and VM in the popped image must be ignored, NT and ID
     * taken. TF and AC stay clear: they would trap the driver.
     */
    private List<TestCase> popf() {
        List<TestCase> cases = new ArrayList<>();
        for (boolean o16 : new boolean[] {false, true}) {
            for (int k = 0; k < 64; k++) {
                CaseBuilder b = builder();
                int image = GenericGenerator.conditionFlags(k) | (rnd.nextBoolean() ? FormSpec.DF : 0)
                        | (rnd.nextBoolean() ? 1 << 21 : 0) | 2 | (rnd.nextInt() & 0xFFC0_0000)
                        | (rnd.nextInt() & (0x200 | 0x3000 | 0x4000 | 0x10000 | 0x20000));
                b.setMem(Layout.ESP - Layout.W, 32, image);
                cases.add(b.instruction(o16 ? bytes(0x66, 0x9D) : bytes(0x9D), (o16 ? "o16 popf " : "popfd ")
                        + Hex.word8(image)).build());
            }
        }
        return cases;
    }

    private List<TestCase> xlat() {
        List<TestCase> cases = new ArrayList<>();
        for (int k = 0; k < 64; k++) {
            CaseBuilder b = builder();
            int al = rnd.nextInt(256);
            b.setReg(8, 0, al);
            b.regs[Cpu32.EBX] = Layout.W + rnd.nextInt(Layout.DATA) - al;
            cases.add(b.instruction(bytes(0xD7), "xlat (al=" + al + ")").build());
        }
        return cases;
    }

    private List<TestCase> moffs() {
        List<TestCase> cases = new ArrayList<>();
        boolean sized = (form.opcode() & 1) != 0;
        for (int size : sized ? new int[] {32, 16} : new int[] {8}) {
            for (int k = 0; k < 24; k++) {
                CaseBuilder b = builder();
                int off = rnd.nextInt(Layout.DATA - 4);
                ByteArrayOutputStream code = new ByteArrayOutputStream();
                // Some with a segment override (DS or SS: the same flat base in the host), which the pre-decoded
                // handler of MOV EAX,moffs / MOV moffs,EAX reads from its entry.
                int override = k % 4 == 1 ? 0x3E : k % 4 == 3 ? 0x36 : 0;
                if (override != 0) {
                    code.write(override);
                }
                if (size == 16) {
                    code.write(0x66);
                }
                code.write(form.opcode());
                le(code, Layout.W + off, 32);
                String acc = CaseBuilder.regName(size, 0);
                String mem = "[" + (override == 0x3E ? "ds:" : override == 0x36 ? "ss:" : "") + "W+" + off + "]";
                boolean load = form.opcode() <= 0xA1;
                cases.add(b.instruction(code.toByteArray(), "mov " + (load ? acc + ", " + mem : mem + ", " + acc))
                        .build());
            }
        }
        return cases;
    }

    private List<TestCase> string() {
        List<TestCase> cases = new ArrayList<>();
        int op = form.opcode();
        boolean compares = op == 0xA6 || op == 0xA7 || op == 0xAE || op == 0xAF;
        int[] prefixes = compares ? new int[] {0, 0xF3, 0xF2} : new int[] {0, 0xF3};
        int[] counts = {0, 1, 2, 3, 5, 8};
        for (int size : (op & 1) == 0 ? new int[] {8} : new int[] {32, 16}) {
            int e = size / 8;
            for (int prefix : prefixes) {
                for (int df = 0; df < 2; df++) {
                    for (int count : counts) {
                        for (int rep = 0; rep < 2; rep++) {
                            CaseBuilder b = builder();
                            b.setFlag(FormSpec.DF, df == 1);
                            int src = df == 0 ? rnd.nextInt(33) : 31 + rnd.nextInt(Layout.DATA - 31 - e + 1);
                            int dst = df == 0 ? rnd.nextInt(33) : 31 + rnd.nextInt(Layout.DATA - 31 - e + 1);
                            b.regs[Cpu32.ESI] = Layout.W + src;
                            b.regs[Cpu32.EDI] = Layout.W + dst;
                            if (prefix != 0) {
                                b.regs[Cpu32.ECX] = count;
                            }
                            if (compares && rnd.nextBoolean()) {
                                makeEqualRun(b, src, dst, e, df == 1, rnd.nextInt(count + 1));
                            }
                            if ((op == 0xAE || op == 0xAF) && rnd.nextBoolean()) {
                                int at = dst + (df == 1 ? -1 : 1) * e * rnd.nextInt(Math.max(1, count));
                                b.setReg(size, 0, b.getMem(Math.max(0, Math.min(at, Layout.DATA - e)), size));
                            }
                            ByteArrayOutputStream code = new ByteArrayOutputStream();
                            // A segment override applies to the DS:ESI operand only (ES:EDI cannot be overridden).
                            int segment = rnd.nextInt(4) == 0 ? new int[] {0x26, 0x2E, 0x36, 0x3E}[rnd.nextInt(4)] : 0;
                            if (segment != 0) {
                                code.write(segment);
                            }
                            if (prefix != 0) {
                                code.write(prefix);
                            }
                            if (size == 16) {
                                code.write(0x66);
                            }
                            code.write(op);
                            String p = (segment == 0 ? "" : "seg 0x" + Hex.byte2(segment) + " ")
                                    + (prefix == 0xF3 ? (compares ? "repe " : "rep ") : prefix == 0xF2 ? "repne " : "");
                            String text = p + (size == 16 ? "o16 " : "") + form.mnemonic().toLowerCase()
                                    + (size == 8 || form.mnemonic().endsWith("B") ? "" : size == 16 ? "w" : "d")
                                    + (df == 1 ? " (DF=1" : " (DF=0") + (prefix != 0 ? ", ECX=" + count + ")" : ")");
                            cases.add(b.instruction(code.toByteArray(), text).build());
                        }
                    }
                }
            }
        }
        return cases;
    }

    /** Makes the first n elements at src and dst equal, so REPE/REPNE stop at a chosen place. */
    private static void makeEqualRun(CaseBuilder b, int src, int dst, int e, boolean down, int n) {
        for (int i = 0; i < n; i++) {
            int s = src + (down ? -i : i) * e;
            int d = dst + (down ? -i : i) * e;
            if (s < 0 || d < 0 || s + e > Layout.DATA || d + e > Layout.DATA) {
                return;
            }
            b.setMem(d, 8 * e, b.getMem(s, 8 * e));
        }
    }

    /** INT n for every n but 0x80 (the host's system call): #GP(n*8+2) through a DPL 0 gate, #BP/#OF for 3/4. */
    private List<TestCase> softwareInterrupt() {
        List<TestCase> cases = new ArrayList<>();
        for (int n = 0; n < 256; n++) {
            if (n != 0x80) {
                cases.add(builder().instruction(bytes(0xCD, n), "int 0x" + Integer.toHexString(n)).build());
            }
        }
        return cases;
    }

    /** MOV to/from CRn/DRn at CPL 3: #GP (or #UD for a CR that does not exist) on both sides. */
    private List<TestCase> controlRegisterMove() {
        List<TestCase> cases = new ArrayList<>();
        for (int n = 0; n < 8; n++) {
            for (int k = 0; k < 2; k++) {
                int r = pickReg();
                cases.add(builder().instruction(bytes(0x0F, form.opcode() & 0xFF, 0xC0 | n << 3 | r),
                        form.mnemonic().toLowerCase() + " " + String.join(",", form.operands()) + " (n=" + n + ", r="
                                + CaseBuilder.REG32[r] + ")").build());
            }
        }
        return cases;
    }

    /** LGDT, LIDT, INVLPG at CPL 3: #GP on both sides whatever the operand. */
    private List<TestCase> memoryOnlySystem() {
        List<TestCase> cases = new ArrayList<>();
        for (int k = 0; k < 16; k++) {
            CaseBuilder b = builder();
            int off = rnd.nextInt(Layout.DATA - 6);
            ByteArrayOutputStream code = new ByteArrayOutputStream();
            if (k % 4 == 3) {
                code.write(0x66);
            }
            code.write(0x0F);
            code.write(0x01);
            code.write(0x05 | form.regField() << 3);
            le(code, Layout.W + off, 32);
            cases.add(b.instruction(code.toByteArray(), (k % 4 == 3 ? "o16 " : "") + form.mnemonic().toLowerCase()
                    + " [W+" + off + "]").build());
        }
        return cases;
    }

    /**
     * Selectors whose loads behave alike on the host and in the emulator: the host's data and code selectors, the
     * data selector with RPL 0, null ones, DPL 0 kernel selectors (#GP) and LDT selectors (no LDT: #GP).
     */
    private int selector() {
        int data = HostSelectors.data();
        int[] candidates = {data, data & ~3, 0, 3, HostSelectors.code(), 0x08, 0x10, data | 4, 0x0F};
        return candidates[rnd.nextInt(candidates.length)];
    }

    private static String segmentName(int sreg) {
        return sreg < 6 ? new String[] {"es", "cs", "ss", "ds", "fs", "gs"}[sreg] : "sreg" + sreg;
    }

    /**
     * PUSH of a segment register. With a 32-bit operand size the CPU writes either the zero-extended selector or
     * only its 16 bits (model-dependent, SDM PUSH), so the slot starts zeroed and both look the same.
     */
    private List<TestCase> pushSegment() {
        List<TestCase> cases = new ArrayList<>();
        for (boolean o16 : new boolean[] {false, true}) {
            for (int k = 0; k < 8; k++) {
                CaseBuilder b = builder();
                b.setMem(Layout.ESP - Layout.W - 4, 32, 0);
                ByteArrayOutputStream code = new ByteArrayOutputStream();
                if (o16) {
                    code.write(0x66);
                }
                opcode(code);
                cases.add(b.instruction(code.toByteArray(), (o16 ? "o16 " : "") + form.mnemonic().toLowerCase() + " "
                        + String.join(",", form.operands()).toLowerCase()).build());
            }
        }
        return cases;
    }

    private List<TestCase> popSegment() {
        List<TestCase> cases = new ArrayList<>();
        for (boolean o16 : new boolean[] {false, true}) {
            for (int k = 0; k < 24; k++) {
                CaseBuilder b = builder();
                int sel = selector();
                b.setMem(Layout.ESP - Layout.W, 16, sel);
                ByteArrayOutputStream code = new ByteArrayOutputStream();
                if (o16) {
                    code.write(0x66);
                }
                opcode(code);
                cases.add(b.instruction(code.toByteArray(), (o16 ? "o16 " : "") + form.mnemonic().toLowerCase() + " "
                        + String.join(",", form.operands()).toLowerCase() + " (0x" + Integer.toHexString(sel) + ")")
                        .build());
            }
        }
        return cases;
    }

    /** MOV r/m, Sreg for every reg field (6 and 7 are #UD), to a 32-bit or 16-bit register or to memory. */
    private List<TestCase> storeSegment() {
        List<TestCase> cases = new ArrayList<>();
        for (int sreg = 0; sreg < 8; sreg++) {
            for (int variant = 0; variant < 3; variant++) {
                CaseBuilder b = builder();
                int r = pickReg();
                int off = rnd.nextInt(Layout.DATA - 2);
                ByteArrayOutputStream code = new ByteArrayOutputStream();
                if (variant == 1) {
                    code.write(0x66);
                }
                code.write(0x8C);
                String dest;
                if (variant == 2) {
                    code.write(0x05 | sreg << 3);
                    le(code, Layout.W + off, 32);
                    dest = "word [W+" + off + "]";
                } else {
                    code.write(0xC0 | sreg << 3 | r);
                    dest = CaseBuilder.regName(variant == 1 ? 16 : 32, r);
                }
                cases.add(b.instruction(code.toByteArray(), "mov " + dest + ", " + segmentName(sreg)).build());
            }
        }
        return cases;
    }

    /** MOV Sreg, r/m16 with selectors that load or fault alike on both sides; CS and 6/7 are #UD. */
    private List<TestCase> loadSegment() {
        List<TestCase> cases = new ArrayList<>();
        for (int sreg = 0; sreg < 8; sreg++) {
            for (int k = 0; k < 12; k++) {
                CaseBuilder b = builder();
                int sel = selector();
                boolean memory = rnd.nextBoolean();
                int r = pickReg();
                int off = rnd.nextInt(Layout.DATA - 2);
                ByteArrayOutputStream code = new ByteArrayOutputStream();
                code.write(0x8E);
                String src;
                if (memory) {
                    b.setMem(off, 16, sel);
                    code.write(0x05 | sreg << 3);
                    le(code, Layout.W + off, 32);
                    src = "word [W+" + off + "]";
                } else {
                    b.setReg(16, r, sel);
                    code.write(0xC0 | sreg << 3 | r);
                    src = CaseBuilder.regName(16, r);
                }
                cases.add(b.instruction(code.toByteArray(), "mov " + segmentName(sreg) + ", " + src + " (0x"
                        + Integer.toHexString(sel) + ")").build());
            }
        }
        return cases;
    }

    /** LDS/LES/LFS/LGS/LSS: a far pointer (offset, then selector) in the window. */
    private List<TestCase> loadFarPointer() {
        List<TestCase> cases = new ArrayList<>();
        for (int size : new int[] {32, 16}) {
            for (int k = 0; k < 32; k++) {
                CaseBuilder b = builder();
                int sel = selector();
                int off = rnd.nextInt(Layout.DATA - 6);
                b.setMem(off, size, rnd.nextInt());
                b.setMem(off + size / 8, 16, sel);
                int r = pickReg();
                ByteArrayOutputStream code = new ByteArrayOutputStream();
                if (size == 16) {
                    code.write(0x66);
                }
                opcode(code);
                code.write(0x05 | r << 3);
                le(code, Layout.W + off, 32);
                cases.add(b.instruction(code.toByteArray(), (size == 16 ? "o16 " : "") + form.mnemonic().toLowerCase()
                        + " " + CaseBuilder.regName(size, r) + ", [W+" + off + "] (0x" + Integer.toHexString(sel) + ")")
                        .build());
            }
        }
        return cases;
    }

    private List<TestCase> decimalAdjust() {
        List<TestCase> cases = new ArrayList<>();
        for (int al = 0; al < 256; al++) {
            for (int f = 0; f < 4; f++) {
                CaseBuilder b = builder();
                b.setReg(8, 0, al);
                b.setFlag(FormSpec.AF, (f & 1) != 0);
                b.setFlag(FormSpec.CF, (f & 2) != 0);
                cases.add(b.instruction(bytes(form.opcode()), form.mnemonic().toLowerCase() + " (al=0x"
                        + Integer.toHexString(al) + ", AF=" + (f & 1) + ", CF=" + (f >> 1) + ")").build());
            }
        }
        return cases;
    }

    private List<TestCase> bound() {
        List<TestCase> cases = new ArrayList<>();
        for (int size : new int[] {32, 16}) {
            int[] edges = EdgeValues.of(size);
            for (int k = 0; k < 96; k++) {
                CaseBuilder b = builder();
                int off = rnd.nextInt((Layout.DATA - 2 * size / 8) / 4 + 1) * 4;
                int lower = edges[rnd.nextInt(edges.length)];
                int upper = rnd.nextBoolean() ? edges[rnd.nextInt(edges.length)] : lower + rnd.nextInt(8);
                int index = rnd.nextInt(3) == 0 ? edges[rnd.nextInt(edges.length)] : lower + rnd.nextInt(10) - 1;
                b.setMem(off, size, lower);
                b.setMem(off + size / 8, size, upper);
                int r = pickReg();
                b.setReg(size, r, index);
                ByteArrayOutputStream code = new ByteArrayOutputStream();
                if (size == 16) {
                    code.write(0x66);
                }
                code.write(0x62);
                code.write(0x05 | r << 3);
                le(code, Layout.W + off, 32);
                cases.add(b.instruction(code.toByteArray(), (size == 16 ? "o16 " : "") + "bound "
                        + CaseBuilder.regName(size, r) + ", [W+" + off + "]").build());
            }
        }
        return cases;
    }

    private List<TestCase> cmpxchg8b() {
        List<TestCase> cases = new ArrayList<>();
        for (int k = 0; k < 64; k++) {
            CaseBuilder b = builder();
            int off = rnd.nextInt((Layout.DATA - 8) / 4 + 1) * 4 + (rnd.nextInt(4) == 0 ? 1 : 0);
            if (rnd.nextBoolean()) {
                b.regs[Cpu32.EAX] = b.getMem(off, 32);
                b.regs[Cpu32.EDX] = rnd.nextInt(4) == 0 ? ~b.getMem(off + 4, 32) : b.getMem(off + 4, 32);
            }
            ByteArrayOutputStream code = new ByteArrayOutputStream();
            code.write(0x0F);
            code.write(0xC7);
            code.write(0x0D);
            le(code, Layout.W + off, 32);
            cases.add(b.instruction(code.toByteArray(), "cmpxchg8b [W+" + off + "]").build());
        }
        return cases;
    }

    /** LEA over the addressing modes: every ModRM/SIB shape with 32-bit addressing and every 16-bit one. */
    private List<TestCase> lea() {
        List<TestCase> cases = new ArrayList<>();
        for (boolean a16 : new boolean[] {false, true}) {
            for (int size : new int[] {32, 16}) {
                for (int mod = 0; mod < 3; mod++) {
                    for (int rm = 0; rm < 8; rm++) {
                        for (int k = 0; k < (rm == 4 && !a16 ? 24 : 3); k++) {
                            cases.add(leaCase(a16, size, mod, rm));
                        }
                    }
                }
            }
        }
        return cases;
    }

    private TestCase leaCase(boolean a16, int size, int mod, int rm) {
        CaseBuilder b = builder();
        int[] edges = EdgeValues.of(32);
        for (int i = 0; i < 8; i++) {
            if (i != 4 && rnd.nextBoolean()) {
                b.regs[i] = edges[rnd.nextInt(edges.length)];
            }
        }
        int reg = pickReg();
        ByteArrayOutputStream code = new ByteArrayOutputStream();
        if (size == 16) {
            code.write(0x66);
        }
        if (a16) {
            code.write(0x67);
        }
        code.write(0x8D);
        code.write(mod << 6 | reg << 3 | rm);
        StringBuilder text = new StringBuilder((size == 16 ? "o16 " : "") + (a16 ? "a16 " : "") + "lea "
                + CaseBuilder.regName(size, reg) + ", modrm " + Hex.byte2(mod << 6 | reg << 3 | rm));
        int dispSize = mod == 1 ? 8 : mod == 2 ? (a16 ? 16 : 32) : 0;
        if (!a16 && rm == 4) {
            int sib = rnd.nextInt(256);
            code.write(sib);
            text.append(" sib ").append(Hex.byte2(sib));
            if (mod == 0 && (sib & 7) == 5) {
                dispSize = 32;
            }
        } else if (mod == 0 && rm == (a16 ? 6 : 5)) {
            dispSize = a16 ? 16 : 32;
        }
        if (dispSize > 0) {
            int disp = rnd.nextBoolean() ? edges[rnd.nextInt(edges.length)] : rnd.nextInt();
            le(code, disp, dispSize);
            text.append(" disp ").append(Integer.toHexString(disp & CaseBuilder.mask(dispSize)));
        }
        return b.instruction(code.toByteArray(), text.toString()).build();
    }

    private int pickReg() {
        int r;
        do {
            r = rnd.nextInt(8);
        } while (r == 4);
        return r;
    }

    /** Register indices, named for readability (the same as the ModRM encoding). */
    static final class Cpu32 {
        static final int EAX = 0, ECX = 1, EDX = 2, EBX = 3, ESP = 4, EBP = 5, ESI = 6, EDI = 7;

        private Cpu32() {
        }
    }
}
