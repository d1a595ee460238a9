package org.nodeoslab.emulator.pc;

/**
 * The machine's time, in nanoseconds since power-on, as every timed device (PIT, RTC, TSC) sees it.
 * Two implementations: {@link VirtualClock} derives it from the count of guest cycles (deterministic runs),
 * {@link RealClock} from the host's monotonic clock (for people).
 */
public interface MachineClock {
    long nanos();

    /** True if time stands still while the guest executes nothing, so an idle guest can jump to its next timer. */
    boolean isVirtual();
}
