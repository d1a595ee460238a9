package org.nodeoslab.emulator.cli.lockstep;

import org.nodeoslab.emulator.cpu.Cpu;

/**
 * The registers the lockstep compares after every instruction: general registers, EIP, EFLAGS, segment
 * selectors and CR0/CR2/CR3/CR4, taken from our CPU or from QEMU's register packet.
 */
public final class Registers {
    static final String[] GPR_NAMES = {"EAX", "ECX", "EDX", "EBX", "ESP", "EBP", "ESI", "EDI"};
    static final String[] SEG_NAMES = {"ES", "CS", "SS", "DS", "FS", "GS"};
    /** QEMU's i386 'g' packet order of segment registers (cs ss ds es fs gs) as our indexes (ES=0, CS=1, ...). */
    private static final int[] GDB_SEGMENT_ORDER = {Cpu.CS, Cpu.SS, Cpu.DS, Cpu.ES, Cpu.FS, Cpu.GS};
    /** Word positions in QEMU's i386 'g' packet (target description i386-32bit.xml). */
    private static final int GDB_EIP = 8, GDB_EFLAGS = 9, GDB_SEGMENTS = 10, GDB_CR0 = 19;

    final int[] gpr = new int[8];
    int eip;
    int eflags;
    final int[] selector = new int[6];
    final int[] cr = new int[5];

    public static Registers of(Cpu cpu) {
        Registers r = new Registers();
        System.arraycopy(cpu.reg, 0, r.gpr, 0, 8);
        r.eip = cpu.eip;
        r.eflags = cpu.getEflags();
        for (int s = 0; s < 6; s++) {
            r.selector[s] = cpu.segSelector[s] & 0xFFFF;
        }
        r.cr[0] = cpu.cr0;
        r.cr[2] = cpu.cr2;
        r.cr[3] = cpu.cr3;
        r.cr[4] = cpu.cr4;
        return r;
    }

    /** Parses QEMU's 'g' reply for qemu-system-i386. */
    public static Registers ofGdb(String packet) {
        if (packet.length() < (GDB_CR0 + 4) * 8) {
            throw new IllegalArgumentException("register packet too short for qemu-system-i386 (" + packet.length()
                    + " hex digits): " + packet.substring(0, Math.min(80, packet.length())));
        }
        Registers r = new Registers();
        for (int i = 0; i < 8; i++) {
            r.gpr[i] = GdbRemote.word(packet, i);
        }
        r.eip = GdbRemote.word(packet, GDB_EIP);
        r.eflags = GdbRemote.word(packet, GDB_EFLAGS);
        for (int i = 0; i < 6; i++) {
            r.selector[GDB_SEGMENT_ORDER[i]] = GdbRemote.word(packet, GDB_SEGMENTS + i) & 0xFFFF;
        }
        r.cr[0] = GdbRemote.word(packet, GDB_CR0);
        r.cr[2] = GdbRemote.word(packet, GDB_CR0 + 1);
        r.cr[3] = GdbRemote.word(packet, GDB_CR0 + 2);
        r.cr[4] = GdbRemote.word(packet, GDB_CR0 + 3);
        return r;
    }

    public int eip() {
        return eip;
    }

    public int eflags() {
        return eflags;
    }

    public int gpr(int index) {
        return gpr[index];
    }

    /**
     * What differs from {@code other}, one "NAME ours/qemu" item per register, flags compared under
     * {@code eflagsMask}; empty when they agree.
     */
    public String differences(Registers other, int eflagsMask) {
        StringBuilder s = new StringBuilder();
        if (eip != other.eip) {
            item(s, "EIP", eip, other.eip);
        }
        for (int i = 0; i < 8; i++) {
            if (gpr[i] != other.gpr[i]) {
                item(s, GPR_NAMES[i], gpr[i], other.gpr[i]);
            }
        }
        if (((eflags ^ other.eflags) & eflagsMask) != 0) {
            item(s, "EFLAGS", eflags, other.eflags);
        }
        for (int i = 0; i < 6; i++) {
            if (selector[i] != other.selector[i]) {
                item(s, SEG_NAMES[i], selector[i], other.selector[i]);
            }
        }
        for (int i : new int[] {0, 2, 3, 4}) {
            if (cr[i] != other.cr[i]) {
                item(s, "CR" + i, cr[i], other.cr[i]);
            }
        }
        return s.toString();
    }

    /** EIP, EFLAGS, selectors and control registers agree (the general registers may not). */
    boolean sameExceptGeneralRegisters(Registers other) {
        return eip == other.eip && eflags == other.eflags && java.util.Arrays.equals(selector, other.selector)
                && java.util.Arrays.equals(cr, other.cr);
    }

    private static void item(StringBuilder s, String name, int ours, int qemu) {
        s.append(s.length() == 0 ? "" : ", ").append(name).append(' ').append(hex(ours)).append('/').append(hex(qemu));
    }

    /** Two lines: the general registers, then EIP/EFLAGS/selectors/CRs. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            s.append(GPR_NAMES[i]).append('=').append(hex(gpr[i])).append(' ');
        }
        s.append("\nEIP=").append(hex(eip)).append(" EFLAGS=").append(hex(eflags));
        for (int i = 0; i < 6; i++) {
            s.append(' ').append(SEG_NAMES[i]).append('=').append(Integer.toHexString(selector[i]));
        }
        s.append(" CR0=").append(hex(cr[0])).append(" CR2=").append(hex(cr[2])).append(" CR3=").append(hex(cr[3]))
                .append(" CR4=").append(hex(cr[4]));
        return s.toString();
    }

    static String hex(int v) {
        String h = Integer.toHexString(v);
        return "00000000".substring(h.length()) + h;
    }
}
