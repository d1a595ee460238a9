package org.nodeoslab.emulator.pc;

/** Time from the host's monotonic clock; {@link #setNanos} lets a restored machine continue where it was saved. */
public final class RealClock implements MachineClock {
    private long offset;

    public RealClock() {
        offset = -System.nanoTime();
    }

    @Override
    public long nanos() {
        return System.nanoTime() + offset;
    }

    public void setNanos(long nanos) {
        offset = nanos - System.nanoTime();
    }

    @Override
    public boolean isVirtual() {
        return false;
    }
}
