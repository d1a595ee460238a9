package org.nodeoslab.emulator.pc;

/**
 * Time from the guest's cycle count at a fixed nominal frequency: the same boot gives the same interrupts at the
 * same instructions, so the serial output is the same byte for byte.
 */
public final class VirtualClock implements MachineClock {
    private final CycleCounter counter;
    private final int mhz;

    public VirtualClock(CycleCounter counter, int mhz) {
        if (mhz <= 0) {
            throw new IllegalArgumentException("virtual clock frequency must be positive: " + mhz + " MHz");
        }
        this.counter = counter;
        this.mhz = mhz;
    }

    @Override
    public long nanos() {
        return counter.cycles() * 1000 / mhz;
    }

    @Override
    public boolean isVirtual() {
        return true;
    }

    /** The first cycle count at which {@link #nanos()} reaches {@code nanos}. */
    public long cyclesAt(long nanos) {
        return (nanos * mhz + 999) / 1000;
    }
}
