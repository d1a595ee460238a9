package org.nodeoslab.emulator.cpu;

/**
 * What the CPU sees of the interrupt controller (the 8259 PIC pair on this PC): a line it polls between
 * instructions when EFLAGS.IF is set, and an acknowledge cycle that returns the vector.
 */
public interface InterruptController {
    /** True while an unmasked maskable interrupt is waiting for the CPU. */
    boolean hasInterrupt();

    /** The INTA cycle: returns the vector (0-255) and moves the request to in-service. */
    int acknowledge();
}
