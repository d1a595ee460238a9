package org.nodeoslab.emulator.pc;

/**
 * The machine's time for people (a browser tab, {@code nodeos-emu boot --clock real}): counted from the guest's cycles
 * exactly as {@link VirtualClock} counts it, but {@link Pc#run} lets a halted guest's time pass no faster than the
 * host's, so a guest waiting for its timer waits that long in host time, and no faster than the host lets it: time
 * the host spends not running the machine (saving it, paused, busy elsewhere) never reaches the guest.
 *
 * <p>Why not the host's clock itself: a guest's timer interrupt can only be delivered between two CPU slices, so on
 * the host's clock it arrives late whenever the host is slower than the guest expects (always, and by tens of
 * milliseconds when the host pauses the emulator for a moment). Linux then reads the PIT's counter already wrapped
 * while its tick count (jiffies) is not yet advanced: its PIT clocksource runs one tick (4 ms) behind the TSC, and the
 * clocksource watchdog marks the TSC unstable seconds after a restore. A host that stops running the machine for
 * 20 s or more (a state being saved, a paused machine) makes Linux report a soft lockup with a call trace. Counted
 * from cycles, every timer interrupt comes at its cycle, as on the virtual clock, and a pause is no time at all.
 */
public final class PacedClock implements MachineClock {
    private final VirtualClock cycles;

    public PacedClock(VirtualClock cycles) {
        this.cycles = cycles;
    }

    @Override
    public long nanos() {
        return cycles.nanos();
    }

    /** False: an idle guest's time passes at the host's pace; the host sleeps until {@link Pc#nextEventNanos()}. */
    @Override
    public boolean isVirtual() {
        return false;
    }
}
