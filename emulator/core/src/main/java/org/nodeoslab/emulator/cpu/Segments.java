package org.nodeoslab.emulator.cpu;

/** Segment register loads and descriptor checks. (Stub: only real-mode loads so far.) */
public final class Segments {
    private final Cpu cpu;

    public Segments(Cpu cpu) {
        this.cpu = cpu;
    }

    /** MOV/POP Sreg and LDS..LGS: mode-aware; throws #GP/#SS/#NP. */
    public void load(int seg, int selector) {
        loadRealMode(seg, selector);
    }

    /** Real mode: selector and base change; limit and attributes are kept (as on real CPUs: "unreal mode"). */
    public void loadRealMode(int seg, int selector) {
        selector &= 0xFFFF;
        cpu.segSelector[seg] = selector;
        cpu.segBase[seg] = selector << 4;
    }
}
