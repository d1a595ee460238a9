package org.nodeoslab.emulator.cpu;

/**
 * The state an interrupt delivery changes (stack pointer, segment registers, CPL, EFLAGS, EIP), saved before
 * a delivery so that a fault part-way through it leaves the CPU as it was (the fault is then delivered instead).
 */
final class StateSnapshot {
    private final Cpu cpu;
    private final int[] selector = new int[6];
    private final int[] base = new int[6];
    private final int[] limit = new int[6];
    private final int[] access = new int[6];
    private int esp;
    private int eip;
    private int cpl;
    private int eflags;

    StateSnapshot(Cpu cpu) {
        this.cpu = cpu;
    }

    void save() {
        System.arraycopy(cpu.segSelector, 0, selector, 0, 6);
        System.arraycopy(cpu.segBase, 0, base, 0, 6);
        System.arraycopy(cpu.segLimit, 0, limit, 0, 6);
        System.arraycopy(cpu.segAccess, 0, access, 0, 6);
        esp = cpu.reg[Cpu.ESP];
        eip = cpu.eip;
        cpl = cpu.cpl;
        eflags = cpu.getEflags();
    }

    void restore() {
        System.arraycopy(selector, 0, cpu.segSelector, 0, 6);
        System.arraycopy(base, 0, cpu.segBase, 0, 6);
        System.arraycopy(limit, 0, cpu.segLimit, 0, 6);
        System.arraycopy(access, 0, cpu.segAccess, 0, 6);
        for (int s = 0; s < 6; s++) {
            cpu.segmentBaseChanged(s);
        }
        cpu.reg[Cpu.ESP] = esp;
        cpu.eip = eip;
        cpu.cpl = cpl;
        cpu.setEflags(eflags);
    }
}
