package org.nodeoslab.emulator.cli.lockstep;

import org.nodeoslab.emulator.cpu.Cpu;

/**
 * QEMU's full CPU state as its monitor's {@code info registers} prints it (segment descriptor caches,
 * descriptor-table registers, control registers, CPL, A20), parsed so it can be copied into our CPU.
 */
public final class QemuSystemState {
    final int[] gpr = new int[8];
    int eip;
    int eflags;
    int cpl;
    boolean a20 = true;
    boolean halted;
    final int[] selector = new int[6];
    final int[] base = new int[6];
    final int[] limit = new int[6];
    /** Descriptor high dword bits 8..23 with QEMU's limit bits 16..19 included (we drop those). */
    final int[] flags = new int[6];
    int ldtSelector, ldtBase, ldtLimit;
    int trSelector, trBase, trLimit, trFlags;
    int gdtBase, gdtLimit, idtBase, idtLimit;
    final int[] cr = new int[5];
    int fcw = 0x37F, mxcsr = 0x1F80;

    /** Parses the text of "info registers"; a line it cannot read is an error naming the line. */
    public static QemuSystemState parse(String text) {
        QemuSystemState s = new QemuSystemState();
        boolean sawEip = false;
        for (String line : text.split("\r?\n")) {
            try {
                sawEip |= s.parseLine(line.trim());
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("cannot read QEMU's 'info registers' line \"" + line + "\": " + e,
                        e);
            }
        }
        if (!sawEip) {
            throw new IllegalArgumentException("QEMU's 'info registers' has no EIP line:\n" + text);
        }
        return s;
    }

    private boolean parseLine(String line) {
        if (line.startsWith("EAX=") || line.startsWith("ESI=")) {
            int first = line.startsWith("EAX=") ? Cpu.EAX : Cpu.ESI;
            int[] order = first == Cpu.EAX ? new int[] {Cpu.EAX, Cpu.EBX, Cpu.ECX, Cpu.EDX}
                    : new int[] {Cpu.ESI, Cpu.EDI, Cpu.EBP, Cpu.ESP};
            String[] items = line.split("\\s+");
            for (int i = 0; i < 4; i++) {
                gpr[order[i]] = field(items[i]);
            }
            return false;
        }
        if (line.startsWith("EIP=")) {
            for (String item : line.split("\\s+")) {
                if (item.startsWith("EIP=")) {
                    eip = field(item);
                } else if (item.startsWith("EFL=")) {
                    eflags = field(item);
                } else if (item.startsWith("CPL=")) {
                    cpl = Integer.parseInt(item.substring(4));
                } else if (item.startsWith("A20=")) {
                    a20 = item.endsWith("1");
                } else if (item.startsWith("HLT=")) {
                    halted = item.endsWith("1");
                }
            }
            return true;
        }
        int segment = segmentIndex(line);
        if (segment >= 0) {
            String[] items = line.substring(line.indexOf('=') + 1).trim().split("\\s+");
            selector[segment] = hex(items[0]);
            base[segment] = hex(items[1]);
            limit[segment] = hex(items[2]);
            flags[segment] = hex(items[3]);
        } else if (line.startsWith("LDT=")) {
            String[] items = line.substring(4).trim().split("\\s+");
            ldtSelector = hex(items[0]);
            ldtBase = hex(items[1]);
            ldtLimit = hex(items[2]);
        } else if (line.startsWith("TR =")) {
            String[] items = line.substring(4).trim().split("\\s+");
            trSelector = hex(items[0]);
            trBase = hex(items[1]);
            trLimit = hex(items[2]);
            trFlags = hex(items[3]);
        } else if (line.startsWith("GDT=") || line.startsWith("IDT=")) {
            String[] items = line.substring(4).trim().split("\\s+");
            if (line.startsWith("GDT=")) {
                gdtBase = hex(items[0]);
                gdtLimit = hex(items[1]);
            } else {
                idtBase = hex(items[0]);
                idtLimit = hex(items[1]);
            }
        } else if (line.startsWith("CR0=")) {
            String[] items = line.split("\\s+");
            cr[0] = field(items[0]);
            cr[2] = field(items[1]);
            cr[3] = field(items[2]);
            cr[4] = field(items[3]);
        } else if (line.startsWith("FCW=")) {
            for (String item : line.split("\\s+")) {
                if (item.startsWith("FCW=")) {
                    fcw = field(item);
                } else if (item.startsWith("MXCSR=")) {
                    mxcsr = field(item);
                }
            }
        }
        return false;
    }

    private static int segmentIndex(String line) {
        for (int s = 0; s < 6; s++) {
            if (line.startsWith(Registers.SEG_NAMES[s] + " =")) {
                return s;
            }
        }
        return -1;
    }

    private static int field(String item) {
        return hex(item.substring(item.indexOf('=') + 1));
    }

    private static int hex(String text) {
        return (int) Long.parseLong(text, 16);
    }

    /**
     * Makes our CPU's state this one: registers, segment caches, descriptor tables, control registers, CPL.
     * Of the FPU only the control words (FCW, MXCSR) are copied: the x87/SSE registers are not (the kernel
     * does not use them; a user program's values show up as a memory difference when the kernel saves them).
     */
    public void applyTo(Cpu cpu) {
        System.arraycopy(gpr, 0, cpu.reg, 0, 8);
        cpu.eip = eip;
        for (int s = 0; s < 6; s++) {
            cpu.segSelector[s] = selector[s];
            cpu.segBase[s] = base[s];
            cpu.segLimit[s] = limit[s];
            cpu.segAccess[s] = flags[s] & 0x00F0FF00;
        }
        cpu.ldtrSelector = ldtSelector;
        cpu.ldtrBase = ldtBase;
        cpu.ldtrLimit = ldtLimit;
        cpu.trSelector = trSelector;
        cpu.trBase = trBase;
        cpu.trLimit = trLimit;
        cpu.trAccess = trFlags & 0x00F0FF00;
        cpu.gdtrBase = gdtBase;
        cpu.gdtrLimit = gdtLimit;
        cpu.idtrBase = idtBase;
        cpu.idtrLimit = idtLimit;
        cpu.cr0 = cr[0];
        cpu.cr2 = cr[2];
        cpu.cr3 = cr[3];
        cpu.cr4 = cr[4];
        cpu.cpl = cpl;
        cpu.fpu.fcw = fcw;
        cpu.fpu.mxcsr = mxcsr;
        cpu.halted = halted;
        cpu.memory.setA20(a20);
        cpu.setEflags(eflags);
        cpu.mmu.reloadAfterStateRestore();
        cpu.modeChanged();
        cpu.invalidateFetch();
    }
}
