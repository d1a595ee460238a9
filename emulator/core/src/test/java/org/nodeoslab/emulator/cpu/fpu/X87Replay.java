package org.nodeoslab.emulator.cpu.fpu;

/** Replays a host-oracle line: loads the operands with FLD m80, runs the line's instruction bytes, stores the result. */
public final class X87Replay {
    private static final FpuRig RIG = new FpuRig();

    public static String replay(String op, int rc, int pc, int ase, long am, int bse, long bm) {
        FpuRig rig = RIG;
        rig.x87(0xDB, 0xE3);
        int cw = 0x3F | (rc << 10) | (pc << 8) | 0x40;
        rig.fldcw(cw);
        String res = "0000 0000000000000000";
        int A = 0x2000, B = 0x2010, O = 0x2020;
        rig.write80(A, ase, am);
        rig.write80(B, bse, bm);
        rig.write64(O, 0);
        boolean bin = true;
        int[] seq;
        switch (op) {
            case "add": seq = new int[] {0xDE, 0xC1}; break;
            case "sub": seq = new int[] {0xDE, 0xE9}; break;
            case "mul": seq = new int[] {0xDE, 0xC9}; break;
            case "div": seq = new int[] {0xDE, 0xF9}; break;
            case "prem": seq = new int[] {0xD9, 0xF8, 0xDD, 0xD9}; break;
            case "prem1": seq = new int[] {0xD9, 0xF5, 0xDD, 0xD9}; break;
            case "scale": seq = new int[] {0xD9, 0xFD, 0xDD, 0xD9}; break;
            case "com": seq = new int[] {0xDE, 0xD9}; break;
            case "ucom": seq = new int[] {0xDA, 0xE9}; break;
            case "atan": seq = new int[] {0xD9, 0xC9, 0xD9, 0xF3}; break;
            case "yl2x": seq = new int[] {0xD9, 0xC9, 0xD9, 0xF1}; break;
            case "yl2xp1": seq = new int[] {0xD9, 0xC9, 0xD9, 0xF9}; break;
            default: bin = false; seq = null;
        }
        if (bin) {
            if (op.equals("com") || op.equals("ucom")) {
                rig.x87m(0xDB, 5, A);
                rig.x87m(0xDB, 5, B);
            } else {
                rig.x87m(0xDB, 5, B);
                rig.x87m(0xDB, 5, A);
            }
            for (int i = 0; i < seq.length; i += 2) rig.x87(seq[i], seq[i + 1]);
            if (!op.equals("com") && !op.equals("ucom")) res = rig.storeTop();
        } else {
            rig.x87m(0xDB, 5, A);
            switch (op) {
                case "sqrt": rig.x87(0xD9, 0xFA); res = rig.storeTop(); break;
                case "rndint": rig.x87(0xD9, 0xFC); res = rig.storeTop(); break;
                case "sin": rig.x87(0xD9, 0xFE); res = rig.storeTop(); break;
                case "cos": rig.x87(0xD9, 0xFF); res = rig.storeTop(); break;
                case "f2xm1": rig.x87(0xD9, 0xF0); res = rig.storeTop(); break;
                case "tan": rig.x87(0xD9, 0xF2); rig.x87(0xDD, 0xD8); res = rig.storeTop(); break;
                case "xtract": rig.x87(0xD9, 0xF4); rig.x87(0xDD, 0xD9); res = rig.storeTop(); break;
                case "st32": rig.x87m(0xD9, 3, O); res = "0000 " + String.format("%016x", rig.read64(O)); break;
                case "st64": rig.x87m(0xDD, 3, O); res = "0000 " + String.format("%016x", rig.read64(O)); break;
                case "ist32": rig.x87m(0xDB, 3, O); res = "0000 " + String.format("%016x", rig.read64(O)); break;
                case "ist64": rig.x87m(0xDF, 7, O); res = "0000 " + String.format("%016x", rig.read64(O)); break;
                case "ist16": rig.x87m(0xDF, 3, O); res = "0000 " + String.format("%016x", rig.read64(O)); break;
                default: throw new IllegalArgumentException(op);
            }
        }
        return res + " " + String.format("%04x", rig.fsw());
    }
}
