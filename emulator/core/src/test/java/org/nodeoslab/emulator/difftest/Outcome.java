package org.nodeoslab.emulator.difftest;

/**
 * What one case left behind: general registers, EFLAGS and the window, plus how it ended: through EXIT0/EXIT1
 * (exit = 0 or 1) or by a fault (exit = -1, with the vector, error code and the EIP the fault reported), or by an
 * emulator failure (error != null: a Java exception or a case that never reached an exit).
 */
final class Outcome {
    final int[] regs = new int[8];
    int eflags;
    int exit;
    int vector = -1;
    int errorCode;
    int faultEip;
    final byte[] window = new byte[Layout.WINDOW];
    /** Segment selectors in Cpu's order: ES, CS, SS, DS, FS, GS. */
    final int[] selectors = new int[6];
    String error;

    boolean faulted() {
        return exit < 0 && error == null;
    }

    String ending() {
        if (error != null) {
            return "emulator error: " + error;
        }
        return exit >= 0 ? "exit" + exit : "fault #" + vector + " at " + Hex.word8(faultEip)
                + (hasErrorCode(vector) ? " code " + Hex.word8(errorCode) : "");
    }

    /** True if {@code other} ended the same way with the same registers, EFLAGS, selectors and window. */
    boolean sameAs(Outcome other) {
        return java.util.Arrays.equals(regs, other.regs) && eflags == other.eflags && exit == other.exit
                && vector == other.vector && errorCode == other.errorCode && faultEip == other.faultEip
                && java.util.Arrays.equals(window, other.window) && java.util.Arrays.equals(selectors, other.selectors)
                && java.util.Objects.equals(error, other.error);
    }

    static boolean hasErrorCode(int vector) {
        return vector == 8 || (vector >= 10 && vector <= 14) || vector == 17;
    }
}
