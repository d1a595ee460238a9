package org.nodeoslab.emulator.pc;

/** The ISA interrupt request lines 0-15 as a device drives them (the PIC pair decides edge or level). */
public interface IrqLines {
    void setIrq(int irq, boolean high);

    /** An edge-triggered device's pulse: the line rises, then falls. */
    default void pulseIrq(int irq) {
        setIrq(irq, true);
        setIrq(irq, false);
    }
}
