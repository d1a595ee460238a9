package org.nodeoslab.emulator.pc;

/** A machine clock a test moves by hand. */
public final class ManualClock implements MachineClock {
    public long nanos;

    @Override
    public long nanos() {
        return nanos;
    }

    @Override
    public boolean isVirtual() {
        return true;
    }
}
