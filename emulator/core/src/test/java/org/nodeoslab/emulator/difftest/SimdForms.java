package org.nodeoslab.emulator.difftest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The MMX, SSE, SSE2 and SSE3 forms of the 0F map and their cases for the differential suite. Every case loads
 * MXCSR (random rounding, FTZ, DAZ, sticky flags already set or not, sometimes an unmasked exception), XMM0/XMM1,
 * MM0/MM1 and a memory operand from the window, runs the form with its registers drawn from those (or a general
 * register), then stores XMM0/XMM1, MM0/MM1, the x87 status word (AX, for the MMX transition) and MXCSR back.
 *
 * <p>Window use: XMM0 at W+0, XMM1 at W+16, MM0 at W+32, MM1 at W+40, the memory operand at W+48 (16-byte
 * aligned; aligned forms are sometimes given W+56 to check #GP), MXCSR at W+64.
 */
final class SimdForms {
    private SimdForms() {
    }

    /** How to build a form's cases: ModRM reg/rm kinds (X xmm, M mmx, G general, - none), memory, imm8, lanes. */
    private record Simd(int op2, int prefix, int groupReg, char reg, char rm, char memory, char imm, boolean aligned,
            char lane) {
    }

    private static final Map<String, Simd> BY_KEY = new HashMap<>();
    private static final List<FormSpec> FORMS = new ArrayList<>();

    /**
     * One line per form: prefix, opcode, mnemonic, operands, reg kind, rm kind, memory (b both, r register only,
     * m memory only), imm8 (- none, i any, c compare predicate, s shift count), alignment (a aligned, u), lanes
     * (D double, S single, I integer).
     */
    private static final String[] TABLE = {
        "00 10 MOVUPS V,W X X b - u S", "66 10 MOVUPD V,W X X b - u D", "F3 10 MOVSS V,W X X b - u S",
        "F2 10 MOVSD V,W X X b - u D", "00 11 MOVUPS W,V X X b - u S", "66 11 MOVUPD W,V X X b - u D",
        "F3 11 MOVSS W,V X X b - u S", "F2 11 MOVSD W,V X X b - u D", "00 12 MOVLPS/MOVHLPS V,W X X b - u S",
        "66 12 MOVLPD V,M X X m - u D", "F3 12 MOVSLDUP V,W X X b - a S", "F2 12 MOVDDUP V,W X X b - u D",
        "00 13 MOVLPS M,V X X m - u S", "66 13 MOVLPD M,V X X m - u D", "00 14 UNPCKLPS V,W X X b - a S",
        "66 14 UNPCKLPD V,W X X b - a D", "00 15 UNPCKHPS V,W X X b - a S", "66 15 UNPCKHPD V,W X X b - a D",
        "00 16 MOVHPS/MOVLHPS V,W X X b - u S", "66 16 MOVHPD V,M X X m - u D", "F3 16 MOVSHDUP V,W X X b - a S",
        "00 17 MOVHPS M,V X X m - u S", "66 17 MOVHPD M,V X X m - u D", "00 28 MOVAPS V,W X X b - a S",
        "66 28 MOVAPD V,W X X b - a D", "00 29 MOVAPS W,V X X b - a S", "66 29 MOVAPD W,V X X b - a D",
        "00 2A CVTPI2PS V,Q X M b - u I", "66 2A CVTPI2PD V,Q X M b - u I", "F3 2A CVTSI2SS V,E X G b - u I",
        "F2 2A CVTSI2SD V,E X G b - u I", "00 2B MOVNTPS M,V X X m - a S", "66 2B MOVNTPD M,V X X m - a D",
        "00 2C CVTTPS2PI P,W M X b - u S", "66 2C CVTTPD2PI P,W M X b - a D", "F3 2C CVTTSS2SI G,W G X b - u S",
        "F2 2C CVTTSD2SI G,W G X b - u D", "00 2D CVTPS2PI P,W M X b - u S", "66 2D CVTPD2PI P,W M X b - a D",
        "F3 2D CVTSS2SI G,W G X b - u S", "F2 2D CVTSD2SI G,W G X b - u D", "00 2E UCOMISS V,W X X b - u S",
        "66 2E UCOMISD V,W X X b - u D", "00 2F COMISS V,W X X b - u S", "66 2F COMISD V,W X X b - u D",
        "00 50 MOVMSKPS G,U G X r - u S", "66 50 MOVMSKPD G,U G X r - u D", "00 51 SQRTPS V,W X X b - a S",
        "66 51 SQRTPD V,W X X b - a D", "F3 51 SQRTSS V,W X X b - u S", "F2 51 SQRTSD V,W X X b - u D",
        "00 52 RSQRTPS V,W X X b - a S", "F3 52 RSQRTSS V,W X X b - u S", "00 53 RCPPS V,W X X b - a S",
        "F3 53 RCPSS V,W X X b - u S", "00 54 ANDPS V,W X X b - a S", "66 54 ANDPD V,W X X b - a D",
        "00 55 ANDNPS V,W X X b - a S", "66 55 ANDNPD V,W X X b - a D", "00 56 ORPS V,W X X b - a S",
        "66 56 ORPD V,W X X b - a D", "00 57 XORPS V,W X X b - a S", "66 57 XORPD V,W X X b - a D",
        "00 5A CVTPS2PD V,W X X b - u S", "66 5A CVTPD2PS V,W X X b - a D", "F3 5A CVTSS2SD V,W X X b - u S",
        "F2 5A CVTSD2SS V,W X X b - u D", "00 5B CVTDQ2PS V,W X X b - a I", "66 5B CVTPS2DQ V,W X X b - a S",
        "F3 5B CVTTPS2DQ V,W X X b - a S", "66 6C PUNPCKLQDQ V,W X X b - a I", "66 6D PUNPCKHQDQ V,W X X b - a I",
        "00 6E MOVD P,E M G b - u I", "66 6E MOVD V,E X G b - u I", "00 6F MOVQ P,Q M M b - u I",
        "66 6F MOVDQA V,W X X b - a I", "F3 6F MOVDQU V,W X X b - u I", "00 70 PSHUFW P,Q M M b i u I",
        "66 70 PSHUFD V,W X X b i a I", "F3 70 PSHUFHW V,W X X b i a I", "F2 70 PSHUFLW V,W X X b i a I",
        "00 77 EMMS - - - r - u I", "66 7C HADDPD V,W X X b - a D", "F2 7C HADDPS V,W X X b - a S",
        "66 7D HSUBPD V,W X X b - a D", "F2 7D HSUBPS V,W X X b - a S", "00 7E MOVD E,P M G b - u I",
        "66 7E MOVD E,V X G b - u I", "F3 7E MOVQ V,W X X b - u I", "00 7F MOVQ Q,P M M b - u I",
        "66 7F MOVDQA W,V X X b - a I", "F3 7F MOVDQU W,V X X b - u I", "00 C2 CMPPS V,W X X b c a S",
        "66 C2 CMPPD V,W X X b c a D", "F3 C2 CMPSS V,W X X b c u S", "F2 C2 CMPSD V,W X X b c u D",
        "00 C3 MOVNTI M,G G - m - u I", "00 C4 PINSRW P,E M G b i u I", "66 C4 PINSRW V,E X G b i u I",
        "00 C5 PEXTRW G,N G M r i u I", "66 C5 PEXTRW G,U G X r i u I", "00 C6 SHUFPS V,W X X b i a S",
        "66 C6 SHUFPD V,W X X b i a D", "66 D0 ADDSUBPD V,W X X b - a D", "F2 D0 ADDSUBPS V,W X X b - a S",
        "66 D6 MOVQ W,V X X b - u I", "F3 D6 MOVQ2DQ V,N X M r - u I", "F2 D6 MOVDQ2Q P,U M X r - u I",
        "00 D7 PMOVMSKB G,N G M r - u I", "66 D7 PMOVMSKB G,U G X r - u I", "00 E7 MOVNTQ M,P M M m - u I",
        "66 E7 MOVNTDQ M,V X X m - a I", "66 E6 CVTTPD2DQ V,W X X b - a D", "F3 E6 CVTDQ2PD V,W X X b - u I",
        "F2 E6 CVTPD2DQ V,W X X b - a D", "F2 F0 LDDQU V,M X X m - u I", "00 F7 MASKMOVQ P,N M M r - u I",
        "66 F7 MASKMOVDQU V,U X X r - u I",
    };

    private static final String[] FP_ARITH = {"58 ADD", "59 MUL", "5C SUB", "5D MIN", "5E DIV", "5F MAX"};
    private static final String[] INTEGER = {"60 PUNPCKLBW", "61 PUNPCKLWD", "62 PUNPCKLDQ", "63 PACKSSWB",
        "64 PCMPGTB", "65 PCMPGTW", "66 PCMPGTD", "67 PACKUSWB", "68 PUNPCKHBW", "69 PUNPCKHWD", "6A PUNPCKHDQ",
        "6B PACKSSDW", "74 PCMPEQB", "75 PCMPEQW", "76 PCMPEQD", "D1 PSRLW", "D2 PSRLD", "D3 PSRLQ", "D4 PADDQ",
        "D5 PMULLW", "D8 PSUBUSB", "D9 PSUBUSW", "DA PMINUB", "DB PAND", "DC PADDUSB", "DD PADDUSW", "DE PMAXUB",
        "DF PANDN", "E0 PAVGB", "E1 PSRAW", "E2 PSRAD", "E3 PAVGW", "E4 PMULHUW", "E5 PMULHW", "E8 PSUBSB",
        "E9 PSUBSW", "EA PMINSW", "EB POR", "EC PADDSB", "ED PADDSW", "EE PMAXSW", "EF PXOR", "F1 PSLLW", "F2 PSLLD",
        "F3 PSLLQ", "F4 PMULUDQ", "F5 PMADDWD", "F6 PSADBW", "F8 PSUBB", "F9 PSUBW", "FA PSUBD", "FB PSUBQ",
        "FC PADDB", "FD PADDW", "FE PADDD"};
    private static final String[] SHIFT_IMM = {"71 2 PSRLW", "71 4 PSRAW", "71 6 PSLLW", "72 2 PSRLD", "72 4 PSRAD",
        "72 6 PSLLD", "73 2 PSRLQ", "73 6 PSLLQ"};

    static {
        for (String line : TABLE) {
            String[] t = line.split(" ");
            define(Integer.parseInt(t[0], 16), Integer.parseInt(t[1], 16), -1, t[2], t[3], t[4].charAt(0),
                    t[5].charAt(0), t[6].charAt(0), t[7].charAt(0), t[8].equals("a"), t[9].charAt(0));
        }
        for (String a : FP_ARITH) {
            int op2 = Integer.parseInt(a.substring(0, 2), 16);
            String m = a.substring(3);
            define(0x00, op2, -1, m + "PS", "V,W", 'X', 'X', 'b', '-', true, 'S');
            define(0x66, op2, -1, m + "PD", "V,W", 'X', 'X', 'b', '-', true, 'D');
            define(0xF3, op2, -1, m + "SS", "V,W", 'X', 'X', 'b', '-', false, 'S');
            define(0xF2, op2, -1, m + "SD", "V,W", 'X', 'X', 'b', '-', false, 'D');
        }
        for (String a : INTEGER) {
            int op2 = Integer.parseInt(a.substring(0, 2), 16);
            String m = a.substring(3);
            define(0x00, op2, -1, m, "P,Q", 'M', 'M', 'b', '-', false, 'I');
            define(0x66, op2, -1, m, "V,W", 'X', 'X', 'b', '-', true, 'I');
        }
        for (String a : SHIFT_IMM) {
            String[] t = a.split(" ");
            int op2 = Integer.parseInt(t[0], 16), reg = Integer.parseInt(t[1]);
            define(0x00, op2, reg, t[2], "N,Ib", '-', 'M', 'r', 's', false, 'I');
            define(0x66, op2, reg, t[2], "U,Ib", '-', 'X', 'r', 's', false, 'I');
        }
        define(0x66, 0x73, 3, "PSRLDQ", "U,Ib", '-', 'X', 'r', 's', false, 'I');
        define(0x66, 0x73, 7, "PSLLDQ", "U,Ib", '-', 'X', 'r', 's', false, 'I');
        define(0x00, 0xAE, 2, "LDMXCSR", "M", '-', '-', 'm', '-', false, 'I');
        define(0x00, 0xAE, 3, "STMXCSR", "M", '-', '-', 'm', '-', false, 'I');
        define(0x00, 0xAE, 7, "CLFLUSH", "M", '-', '-', 'm', '-', false, 'I');
        define(0x00, 0xAE, 5, "LFENCE", "", '-', '-', 'r', '-', false, 'I');
        define(0x00, 0xAE, 6, "MFENCE", "", '-', '-', 'r', '-', false, 'I');
        define(0x00, 0xAE, 7, "SFENCE", "", '-', '-', 'r', '-', false, 'I');
        for (int r = 0; r < 4; r++) {
            define(0x00, 0x18, r, new String[] {"PREFETCHNTA", "PREFETCHT0", "PREFETCHT1", "PREFETCHT2"}[r], "M",
                    '-', '-', 'm', '-', false, 'I');
        }
    }

    private static void define(int prefix, int op2, int groupReg, String mnemonic, String operands, char reg,
            char rm, char memory, char imm, boolean aligned, char lane) {
        String[] ops = operands.equals("-") || operands.isEmpty() ? new String[0] : operands.split(",");
        int flags = mnemonic.contains("COMIS") ? FormSpec.ARITH : 0;
        FormSpec f = new FormSpec(0x0F00 | op2, groupReg, prefix, mnemonic, ops, flags, 0, false);
        FORMS.add(f);
        BY_KEY.put(f.key(), new Simd(op2, prefix, groupReg, reg, rm, memory, imm, aligned, lane));
    }

    static List<FormSpec> forms() {
        return FORMS;
    }

    static List<TestCase> cases(FormSpec form, Random rnd) {
        Simd s = BY_KEY.get(form.key());
        if (s == null) {
            return null;
        }
        List<TestCase> cases = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            cases.add(oneCase(form, s, rnd));
        }
        return cases;
    }

    private static final int[] GPRS = {0, 1, 2, 3, 5, 6, 7};

    private static TestCase oneCase(FormSpec form, Simd s, Random rnd) {
        CaseBuilder b = new CaseBuilder(form, rnd);
        fill(b, 0, s.lane, rnd);
        fill(b, 16, s.lane, rnd);
        fill(b, 48, s.lane, rnd);
        for (int off = 32; off < 48; off += 4) {
            b.setMem(off, 32, ExtendedValues.randomInt(rnd));
        }
        boolean shiftByRegister = form.mnemonic().startsWith("PS") && s.imm == '-' && !form.mnemonic().equals("PSADBW")
                && !form.mnemonic().startsWith("PSUB") && !form.mnemonic().startsWith("PSHUF");
        if (shiftByRegister) {
            int count = rnd.nextInt(4) == 0 ? rnd.nextInt(256) : rnd.nextInt(40);
            int[] where = {16, 40, 48};
            for (int w : where) {
                b.setMem(w, 32, count);
                b.setMem(w + 4, 32, rnd.nextInt(8) == 0 ? 1 : 0);
            }
        }
        b.setMem(64, 32, mxcsr(rnd));
        b.before("ldmxcsr [W+64]").before("movdqu xmm0, [W+0]").before("movdqu xmm1, [W+16]")
                .before("movq mm0, [W+32]").before("movq mm1, [W+40]");
        boolean memoryForm = s.memory == 'm' || (s.memory == 'b' && rnd.nextInt(3) == 0);
        int regField = s.groupReg >= 0 ? s.groupReg : pick(s.reg, rnd);
        int address = Layout.W + (s.aligned && memoryForm && rnd.nextInt(10) == 0 ? 56 : 48);
        if (form.mnemonic().startsWith("MASKMOV")) {
            b.before("mov edi, W+48");
        }
        List<Integer> code = new ArrayList<>();
        if (s.prefix != 0) {
            code.add(s.prefix);
        }
        code.add(0x0F);
        code.add(s.op2);
        String text = form.mnemonic();
        if (s.op2 != 0x77) {
            if (memoryForm) {
                code.add(regField << 3 | 5);
                for (int k = 0; k < 4; k++) {
                    code.add((address >>> (8 * k)) & 0xFF);
                }
                text += " [W+" + (address - Layout.W) + "]";
            } else {
                int rm = pick(s.rm, rnd);
                code.add(0xC0 | regField << 3 | rm);
                text += " r" + regField + ",r" + rm;
            }
        }
        if (s.imm != '-') {
            int imm;
            switch (s.imm) {
                case 'c':
                    imm = rnd.nextInt(8);
                    break;
                case 's':
                    imm = rnd.nextInt(4) == 0 ? rnd.nextInt(256) : rnd.nextInt(40);
                    break;
                default:
                    imm = rnd.nextInt(256);
            }
            code.add(imm);
            text += "," + imm;
        }
        byte[] bytes = new byte[code.size()];
        for (int k = 0; k < bytes.length; k++) {
            bytes[k] = (byte) (int) code.get(k);
        }
        b.instruction(bytes, text);
        b.after("fnstsw ax").after("movdqu [W+0], xmm0").after("movdqu [W+16], xmm1").after("movq [W+32], mm0")
                .after("movq [W+40], mm1").after("emms").after("stmxcsr [W+64]").after("jmp near exit0");
        return b.build();
    }

    private static int pick(char kind, Random rnd) {
        switch (kind) {
            case 'G':
                return GPRS[rnd.nextInt(GPRS.length)];
            case '-':
                return 0;
            default:
                return rnd.nextInt(2);
        }
    }

    private static int mxcsr(Random rnd) {
        int m = 0x1F80 | rnd.nextInt(4) << 13;
        if (rnd.nextInt(4) == 0) {
            m |= 0x8000; // FTZ
        }
        if (rnd.nextInt(4) == 0) {
            m |= 0x40; // DAZ
        }
        if (rnd.nextBoolean()) {
            m |= 0x20; // PE already set: the emulator's fast path
        }
        if (rnd.nextInt(10) == 0) {
            m &= ~(0x80 << rnd.nextInt(6)); // an unmasked exception: #XM
        }
        return m;
    }

    private static void fill(CaseBuilder b, int offset, char lane, Random rnd) {
        for (int k = 0; k < 16; k += lane == 'D' ? 8 : 4) {
            switch (lane) {
                case 'D':
                    ExtendedValues.put64(b, offset + k, ExtendedValues.randomF64(rnd));
                    break;
                case 'S':
                    b.setMem(offset + k, 32, ExtendedValues.randomF32(rnd));
                    break;
                default:
                    b.setMem(offset + k, 32, ExtendedValues.randomInt(rnd));
            }
        }
    }
}
