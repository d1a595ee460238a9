package org.nodeoslab.emulator.cli.lockstep;

import org.nodeoslab.emulator.cpu.Cpu;

/**
 * What the lockstep must know about the next instruction before both machines execute it: its bytes (for the
 * report), whether its result comes from outside the CPU (IN, RDTSC, CPUID, RDMSR, RDPMC: QEMU's answer is
 * copied into ours), SYSENTER (its MSRs are not in QEMU's register dump: QEMU goes first and ours takes the
 * target it reached), whether it is a REP string instruction (QEMU steps those one iteration at a time), and HLT.
 */
final class InstructionPeek {
    /** Kinds of instruction the lockstep treats specially. */
    enum Kind { ORDINARY, EXTERNAL_RESULT, REP_STRING, HALT, PORT_STRING_IN, SYSENTER }

    final int linear;
    final byte[] bytes;
    final Kind kind;
    final String mnemonicHint;

    private InstructionPeek(int linear, byte[] bytes, Kind kind, String hint) {
        this.linear = linear;
        this.bytes = bytes;
        this.kind = kind;
        this.mnemonicHint = hint;
    }

    /** The instruction at our CPU's CS:EIP (bytes that cannot be read show as absent: the fetch will fault). */
    static InstructionPeek at(Cpu cpu) {
        int linear = cpu.segBase[Cpu.CS] + cpu.eip;
        byte[] buffer = new byte[15];
        int n = 0;
        int cr2 = cpu.cr2; // peeking at an unmapped page must not look like a page fault to the guest
        try {
            for (; n < 15; n++) {
                buffer[n] = (byte) cpu.mmu.read8(linear + n);
            }
        } catch (RuntimeException unmapped) {
            // Keep what was readable.
        }
        cpu.cr2 = cr2;
        byte[] bytes = java.util.Arrays.copyOf(buffer, n);
        return classify(linear, bytes);
    }

    static InstructionPeek classify(int linear, byte[] bytes) {
        boolean rep = false;
        int i = 0;
        while (i < bytes.length && isPrefix(bytes[i] & 0xFF)) {
            rep |= (bytes[i] & 0xFF) == 0xF2 || (bytes[i] & 0xFF) == 0xF3;
            i++;
        }
        if (i >= bytes.length) {
            return new InstructionPeek(linear, bytes, Kind.ORDINARY, "?");
        }
        int op = bytes[i] & 0xFF;
        switch (op) {
            case 0xE4: case 0xE5: case 0xEC: case 0xED:
                return new InstructionPeek(linear, bytes, Kind.EXTERNAL_RESULT, "IN");
            case 0x6C: case 0x6D:
                return new InstructionPeek(linear, bytes, Kind.PORT_STRING_IN, "INS");
            case 0xF4:
                return new InstructionPeek(linear, bytes, Kind.HALT, "HLT");
            case 0xA4: case 0xA5: case 0xA6: case 0xA7: case 0xAA: case 0xAB: case 0xAC: case 0xAD: case 0xAE:
            case 0xAF: case 0x6E: case 0x6F:
                return new InstructionPeek(linear, bytes, rep ? Kind.REP_STRING : Kind.ORDINARY, "string");
            case 0x0F:
                if (i + 1 < bytes.length) {
                    switch (bytes[i + 1] & 0xFF) {
                        case 0x31: return new InstructionPeek(linear, bytes, Kind.EXTERNAL_RESULT, "RDTSC");
                        case 0x32: return new InstructionPeek(linear, bytes, Kind.EXTERNAL_RESULT, "RDMSR");
                        case 0x33: return new InstructionPeek(linear, bytes, Kind.EXTERNAL_RESULT, "RDPMC");
                        case 0xA2: return new InstructionPeek(linear, bytes, Kind.EXTERNAL_RESULT, "CPUID");
                        case 0x34: return new InstructionPeek(linear, bytes, Kind.SYSENTER, "SYSENTER");
                        default: break;
                    }
                }
                return new InstructionPeek(linear, bytes, Kind.ORDINARY, "0F");
            default:
                return new InstructionPeek(linear, bytes, Kind.ORDINARY, "");
        }
    }

    private static boolean isPrefix(int b) {
        switch (b) {
            case 0x26: case 0x2E: case 0x36: case 0x3E: case 0x64: case 0x65: case 0x66: case 0x67: case 0xF0:
            case 0xF2: case 0xF3:
                return true;
            default:
                return false;
        }
    }

    String hexBytes() {
        StringBuilder s = new StringBuilder();
        for (byte b : bytes) {
            s.append(s.length() == 0 ? "" : " ").append(Character.forDigit(b >> 4 & 0xF, 16))
                    .append(Character.forDigit(b & 0xF, 16));
        }
        return s.toString();
    }
}
