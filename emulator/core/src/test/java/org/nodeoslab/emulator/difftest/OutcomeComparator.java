package org.nodeoslab.emulator.difftest;

import java.util.ArrayList;
import java.util.List;

/**
 * Compares the emulator's outcome of a case with the host's: how it ended, the registers, the flags the SDM
 * defines for these inputs (plus DF, TF, IF, NT, AC, ID, which no integer form leaves undefined) and the window.
 * Differences only in undefined flags or undefined results are returned separately: they are reported, not failed.
 */
final class OutcomeComparator {
    static final int COMPARED_FLAGS = FormSpec.ARITH | FormSpec.DF | 0x100 | 0x200 | 0x4000 | 0x40000 | 0x200000;
    private static final int RF = 0x10000;
    private static final String[] SEGMENTS = {"ES", "CS", "SS", "DS", "FS", "GS"};
    private static final String[] NAMES = {"EAX", "ECX", "EDX", "EBX", "ESP", "EBP", "ESI", "EDI"};

    private OutcomeComparator() {
    }

    /** Returns null if equal in everything defined; otherwise what differs. */
    static Mismatch compare(TestCase c, Outcome host, Outcome emu) {
        List<String> diffs = new ArrayList<>();
        if (emu.error != null) {
            diffs.add(emu.ending());
        } else if (host.exit != emu.exit || host.vector != emu.vector) {
            diffs.add("ending");
        } else if (host.faulted() && (host.faultEip != emu.faultEip
                || (host.vector == 13 && host.errorCode != emu.errorCode))) {
            diffs.add("fault frame");
        }
        if (emu.error == null) {
            for (int r = 0; r < 8; r++) {
                if (host.regs[r] != emu.regs[r] && (c.undefinedResult & (1 << r)) == 0) {
                    diffs.add(NAMES[r]);
                }
            }
            int mask = COMPARED_FLAGS & ~c.undefinedFlags;
            if (((host.eflags ^ emu.eflags) & mask) != 0) {
                diffs.add("EFLAGS " + flagNames((host.eflags ^ emu.eflags) & mask));
            }
            if ((c.undefinedResult & (1 << 8)) == 0 && !java.util.Arrays.equals(host.window, emu.window)) {
                diffs.add("memory");
            }
            for (int s = 0; s < 6; s++) {
                if (host.selectors[s] != emu.selectors[s]) {
                    diffs.add(SEGMENTS[s]);
                }
            }
        }
        if (diffs.isEmpty()) {
            return null;
        }
        return new Mismatch(c, String.join(", ", diffs), describeInputs(c), describe(host), describe(emu));
    }

    /**
     * True if the fault frame's RF differs: the CPU pushes RF = 1 for fault-class exceptions (SDM 17.3.1.1). One
     * cross-cutting check rather than a mismatch of every form that can fault.
     */
    static boolean faultFrameRfDiffers(Outcome host, Outcome emu) {
        return host.faulted() && emu.faulted() && host.vector == emu.vector && ((host.eflags ^ emu.eflags) & RF) != 0;
    }

    /** The results the SDM leaves undefined that differ from the host's (BSF of 0, ...), or null. */
    static String undefinedResultDifference(TestCase c, Outcome host, Outcome emu) {
        if (emu.error != null || host.exit != emu.exit || c.undefinedResult == 0) {
            return null;
        }
        List<String> names = new ArrayList<>();
        for (int r = 0; r < 8; r++) {
            if ((c.undefinedResult & (1 << r)) != 0 && host.regs[r] != emu.regs[r]) {
                names.add(NAMES[r] + " host " + Hex.word8(host.regs[r]) + ", emulator " + Hex.word8(emu.regs[r]));
            }
        }
        if ((c.undefinedResult & (1 << 8)) != 0 && !java.util.Arrays.equals(host.window, emu.window)) {
            names.add("memory");
        }
        return names.isEmpty() ? null : String.join("; ", names);
    }

    /** The undefined flags that differ (for the report on undefined behaviour), 0 if none. */
    static int undefinedFlagDifference(TestCase c, Outcome host, Outcome emu) {
        if (emu.error != null || host.exit != emu.exit) {
            return 0;
        }
        return (host.eflags ^ emu.eflags) & c.undefinedFlags;
    }

    static String flagNames(int flags) {
        StringBuilder sb = new StringBuilder();
        String[] names = {"CF", "", "PF", "", "AF", "", "ZF", "SF", "TF", "IF", "DF", "OF", "", "", "NT", "", "RF",
                "VM", "AC", "VIF", "VIP", "ID"};
        for (int b = 0; b < names.length; b++) {
            if ((flags & (1 << b)) != 0 && !names[b].isEmpty()) {
                sb.append(sb.length() == 0 ? "" : " ").append(names[b]);
            }
        }
        return sb.toString();
    }

    static String describeInputs(TestCase c) {
        return state(c.regs, c.eflags, c.window);
    }

    static String describe(Outcome o) {
        StringBuilder sel = new StringBuilder();
        for (int s = 0; s < 6; s++) {
            sel.append(' ').append(SEGMENTS[s]).append('=').append(Integer.toHexString(o.selectors[s]));
        }
        return o.ending() + ": " + state(o.regs, o.eflags, o.window) + sel;
    }

    private static String state(int[] regs, int eflags, byte[] window) {
        StringBuilder sb = new StringBuilder();
        for (int r = 0; r < 8; r++) {
            sb.append(NAMES[r]).append('=').append(Hex.word8(regs[r])).append(' ');
        }
        sb.append("EFLAGS=").append(Hex.word8(eflags)).append(" [").append(flagNames(eflags)).append("]");
        sb.append(" mem[0..63]=").append(Hex.bytes(window, 0, Layout.DATA));
        int esp = Layout.ESP - Layout.W;
        sb.append(" stack[ESP-16..ESP+16]=").append(Hex.bytes(window, esp - 16, esp + 16));
        return sb.toString();
    }
}
