package org.nodeoslab.emulator.pc;

import org.nodeoslab.emulator.cpu.Cpu;

/** The CPU state as a few readable lines, for error reports (triple fault, emulator error). */
public final class CpuStateDump {
    private static final String[] REGS = {"EAX", "ECX", "EDX", "EBX", "ESP", "EBP", "ESI", "EDI"};
    private static final String[] SEGS = {"ES", "CS", "SS", "DS", "FS", "GS"};

    private CpuStateDump() {
    }

    public static String describe(Cpu cpu) {
        StringBuilder s = new StringBuilder();
        s.append("EIP=").append(hex(cpu.eip)).append(" EFLAGS=").append(hex(cpu.getEflags()))
                .append(" CPL=").append(cpu.cpl).append(cpu.halted ? " halted" : "")
                .append(cpu.shutdown ? " shutdown" : "").append('\n');
        for (int i = 0; i < 8; i++) {
            s.append(REGS[i]).append('=').append(hex(cpu.reg[i])).append(i == 3 || i == 7 ? '\n' : ' ');
        }
        for (int i = 0; i < 6; i++) {
            s.append(SEGS[i]).append('=').append(hex16(cpu.segSelector[i])).append(" base=")
                    .append(hex(cpu.segBase[i])).append(" limit=").append(hex(cpu.segLimit[i]))
                    .append(" access=").append(Integer.toHexString(cpu.segAccess[i])).append('\n');
        }
        s.append("CR0=").append(hex(cpu.cr0)).append(" CR2=").append(hex(cpu.cr2)).append(" CR3=")
                .append(hex(cpu.cr3)).append(" CR4=").append(hex(cpu.cr4)).append('\n');
        s.append("GDT=").append(hex(cpu.gdtrBase)).append('/').append(Integer.toHexString(cpu.gdtrLimit))
                .append(" IDT=").append(hex(cpu.idtrBase)).append('/').append(Integer.toHexString(cpu.idtrLimit))
                .append(" TR=").append(hex16(cpu.trSelector)).append(" LDTR=").append(hex16(cpu.ldtrSelector))
                .append('\n');
        s.append("code at CS:EIP:");
        int linear = cpu.segBase[Cpu.CS] + cpu.eip;
        int cr2 = cpu.cr2; // a page fault while peeking must not change what the report shows
        for (int i = 0; i < 16; i++) {
            s.append(' ');
            try {
                int b = cpu.mmu.read8(linear + i);
                s.append(Character.forDigit(b >> 4 & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
            } catch (RuntimeException notMapped) {
                s.append("??");
            }
        }
        cpu.cr2 = cr2;
        s.append(" (instructions retired: ").append(cpu.instructionCount).append(')');
        return s.toString();
    }

    private static String hex(int v) {
        String h = Integer.toHexString(v);
        return "00000000".substring(h.length()) + h;
    }

    private static String hex16(int v) {
        String h = Integer.toHexString(v & 0xFFFF);
        return "0000".substring(h.length()) + h;
    }
}
