package org.nodeoslab.emulator.cpu.fpu;

import org.nodeoslab.emulator.cpu.Cpu;
import org.nodeoslab.emulator.cpu.CpuFault;

/**
 * Replays a host-oracle line of a scalar SSE/SSE2 operation: XMM0 = (a, 0x1111111122222222), XMM1 = (b, 0),
 * MXCSR as given, then the instruction "op xmm0, xmm1" (or its general-register form); returns the result
 * (low quadword, general register or ZF/PF/CF) and MXCSR as hex.
 */
public final class SseReplay {
    private static final FpuRig RIG = new FpuRig();

    public static String replay(String op, int imm, int mxcsr, long a, long b) {
        FpuRig rig = RIG;
        Fpu f = rig.fpu;
        f.xmm[0] = a;
        f.xmm[1] = 0x1111111122222222L;
        f.xmm[2] = b;
        f.xmm[3] = 0;
        f.mxcsr = mxcsr;
        rig.cpu.reg[Cpu.EAX] = 0;
        rig.cpu.setEflags(2);
        int[] enc = encoding(op);
        int op2 = enc[0], prefix = enc[1];
        long result;
        rig.cpu.simdImmediate8 = imm;
        try {
            switch (op) {
                case "cvtsd2si": case "cvttsd2si": case "cvtss2si": case "cvttss2si":
                    f.execute0F(op2, prefix, 0xC1, 0);
                    result = rig.cpu.reg[Cpu.EAX] & 0xFFFFFFFFL;
                    break;
                case "cvtsi2ss":
                    rig.cpu.reg[Cpu.EAX] = (int) b;
                    f.execute0F(op2, prefix, 0xC0, 0);
                    result = f.xmm[0];
                    break;
                case "ucomisd": case "comisd": case "ucomiss": case "comiss":
                    f.execute0F(op2, prefix, 0xC1, 0);
                    result = rig.cpu.getEflags() & 0x8D5;
                    break;
                default:
                    f.execute0F(op2, prefix, 0xC1, 0);
                    result = f.xmm[0];
            }
        } catch (CpuFault e) {
            return "fault" + e.vector + " " + String.format("%08x", f.mxcsr);
        }
        return String.format("%016x %08x", result, f.mxcsr);
    }

    private static int[] encoding(String op) {
        switch (op) {
            case "addsd": return new int[] {0x58, 0xF2};
            case "subsd": return new int[] {0x5C, 0xF2};
            case "mulsd": return new int[] {0x59, 0xF2};
            case "divsd": return new int[] {0x5E, 0xF2};
            case "sqrtsd": return new int[] {0x51, 0xF2};
            case "minsd": return new int[] {0x5D, 0xF2};
            case "maxsd": return new int[] {0x5F, 0xF2};
            case "addss": return new int[] {0x58, 0xF3};
            case "subss": return new int[] {0x5C, 0xF3};
            case "mulss": return new int[] {0x59, 0xF3};
            case "divss": return new int[] {0x5E, 0xF3};
            case "sqrtss": return new int[] {0x51, 0xF3};
            case "minss": return new int[] {0x5D, 0xF3};
            case "maxss": return new int[] {0x5F, 0xF3};
            case "cvtsd2ss": return new int[] {0x5A, 0xF2};
            case "cvtss2sd": return new int[] {0x5A, 0xF3};
            case "cvtsd2si": return new int[] {0x2D, 0xF2};
            case "cvttsd2si": return new int[] {0x2C, 0xF2};
            case "cvtss2si": return new int[] {0x2D, 0xF3};
            case "cvttss2si": return new int[] {0x2C, 0xF3};
            case "cvtsi2ss": return new int[] {0x2A, 0xF3};
            case "ucomisd": return new int[] {0x2E, 0x66};
            case "comisd": return new int[] {0x2F, 0x66};
            case "ucomiss": return new int[] {0x2E, 0};
            case "comiss": return new int[] {0x2F, 0};
            case "cmpsd": return new int[] {0xC2, 0xF2};
            case "cmpss": return new int[] {0xC2, 0xF3};
            default: throw new IllegalArgumentException(op);
        }
    }
}
