package org.nodeoslab.emulator.web;

import org.nodeoslab.emulator.cpu.Cpu;

/**
 * CPU registers by the names a page uses ("eax", "eip", "eflags", "cs", "cr0", ...): the JS API is keyed by name so
 * it does not depend on Java's field layout. Cold path only (setup and inspection), never per instruction.
 */
final class Registers {
    static final String[] NAMES = {
        "eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi", "eip", "eflags",
        "es", "cs", "ss", "ds", "fs", "gs", "cr0", "cr2", "cr3", "cr4",
    };

    private Registers() {
    }

    static int get(Cpu cpu, String name) {
        int general = generalIndex(name);
        if (general >= 0) {
            return cpu.reg[general];
        }
        int segment = segmentIndex(name);
        if (segment >= 0) {
            return cpu.segSelector[segment];
        }
        switch (name) {
            case "eip": return cpu.eip;
            case "eflags": return cpu.getEflags();
            case "cr0": return cpu.cr0;
            case "cr2": return cpu.cr2;
            case "cr3": return cpu.cr3;
            case "cr4": return cpu.cr4;
            default: throw unknown(name);
        }
    }

    /**
     * Sets a register. A segment register can only be set in real mode (base = selector * 16, as the CPU would):
     * in protected mode its hidden descriptor cache would have to come from a GDT the page does not have.
     */
    static void set(Cpu cpu, String name, int value) {
        int general = generalIndex(name);
        if (general >= 0) {
            cpu.reg[general] = value;
            return;
        }
        int segment = segmentIndex(name);
        if (segment >= 0) {
            if ((cpu.cr0 & Cpu.CR0_PE) != 0) {
                throw new IllegalStateException("cannot set " + name + " from outside in protected mode");
            }
            cpu.segSelector[segment] = value & 0xFFFF;
            cpu.segBase[segment] = (value & 0xFFFF) << 4;
            if (segment == Cpu.CS || segment == Cpu.SS) {
                cpu.modeChanged();
            }
            return;
        }
        switch (name) {
            case "eip": cpu.eip = value; break;
            case "eflags": cpu.setEflags(value); break;
            case "cr2": cpu.cr2 = value; break;
            case "cr0": case "cr3": case "cr4": cpu.sys.writeCr(name.charAt(2) - '0', value); cpu.modeChanged(); break;
            default: throw unknown(name);
        }
    }

    private static int generalIndex(String name) {
        switch (name) {
            case "eax": return Cpu.EAX;
            case "ecx": return Cpu.ECX;
            case "edx": return Cpu.EDX;
            case "ebx": return Cpu.EBX;
            case "esp": return Cpu.ESP;
            case "ebp": return Cpu.EBP;
            case "esi": return Cpu.ESI;
            case "edi": return Cpu.EDI;
            default: return -1;
        }
    }

    private static int segmentIndex(String name) {
        switch (name) {
            case "es": return Cpu.ES;
            case "cs": return Cpu.CS;
            case "ss": return Cpu.SS;
            case "ds": return Cpu.DS;
            case "fs": return Cpu.FS;
            case "gs": return Cpu.GS;
            default: return -1;
        }
    }

    private static IllegalArgumentException unknown(String name) {
        StringBuilder known = new StringBuilder();
        for (String n : NAMES) {
            known.append(known.length() == 0 ? "" : ", ").append(n);
        }
        return new IllegalArgumentException("unknown register '" + name + "' (known: " + known + ")");
    }
}
