package org.nodeoslab.emulator.pc;

/**
 * The machine's time, in nanoseconds since power-on, as every timed device (PIT, RTC, TSC) sees it.
 * Both implementations count it from the guest's cycles (so timer interrupts come at their cycle): {@link VirtualClock}
 * lets an idle guest skip to its next timer at once (deterministic runs), {@link PacedClock} makes it wait that long in
 * host time (for people).
 */
public interface MachineClock {
    long nanos();

    /** True if an idle guest jumps to its next timer at once; false if the host waits for it (see Pc.Stop.IDLE). */
    boolean isVirtual();
}
