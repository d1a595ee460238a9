package org.nodeoslab.emulator.pc.devices;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * One 8254 counter, computed from time rather than stepped: the counter and its OUT pin are functions of the PIT
 * clock ticks elapsed since the count was loaded (or the gate triggered it), so reading it between any two guest
 * instructions is exact.
 */
final class PitChannel {
    static final long NEVER = Long.MAX_VALUE;

    int mode;
    /** 1 = LSB only, 2 = MSB only, 3 = LSB then MSB. */
    int access = 3;
    boolean bcd;
    /** The initial count as written (0 = 65536, or 10000 in BCD). */
    int reload;
    /** Tick at which counting started from {@link #reload}; NEVER = waiting for a count or a gate trigger. */
    long startTick = NEVER;
    boolean gate;
    /** Mode 0/4 counting paused by a low gate: the count frozen at that moment. */
    int frozenCount = -1;
    /** OUT while waiting for a count (after a control word: low in mode 0, high otherwise). */
    boolean idleOut;

    private boolean writeMsbNext;
    private int writeLsb;
    private boolean readMsbNext;
    private boolean latched;
    private int latchedValue;
    private boolean latchedMsbNext;
    private boolean statusLatched;
    private int statusValue;
    private boolean nullCount;

    PitChannel(boolean gate) {
        this.gate = gate;
    }

    private int period() {
        if (reload == 0) {
            return bcd ? 10000 : 0x10000;
        }
        return reload;
    }

    private boolean gateTriggered() {
        return mode == 1 || mode == 5;
    }

    void control(int value, long now) {
        int rw = (value >> 4) & 3;
        if (rw == 0) {
            latchCount(now);
            return;
        }
        access = rw;
        mode = (value >> 1) & 7;
        if (mode > 5) {
            mode -= 4; // 6 and 7 are aliases of 2 and 3
        }
        bcd = (value & 1) != 0;
        writeMsbNext = false;
        readMsbNext = false;
        latched = false;
        statusLatched = false;
        startTick = NEVER;
        frozenCount = -1;
        nullCount = true;
        idleOut = mode != 0;
    }

    void writeCount(int value, long now) {
        switch (access) {
            case 1:
                load(value & 0xFF, now);
                break;
            case 2:
                load((value & 0xFF) << 8, now);
                break;
            default:
                if (!writeMsbNext) {
                    writeLsb = value & 0xFF;
                    writeMsbNext = true;
                    if (mode == 0) {
                        // Writing the first byte of a mode-0 count stops the counter and drops OUT.
                        startTick = NEVER;
                        idleOut = false;
                    }
                } else {
                    writeMsbNext = false;
                    load(writeLsb | ((value & 0xFF) << 8), now);
                }
                break;
        }
    }

    private void load(int count, long now) {
        reload = count;
        nullCount = false;
        boolean running = startTick != NEVER;
        if (gateTriggered()) {
            return; // waits for a rising gate edge
        }
        if ((mode == 2 || mode == 3) && running) {
            return; // a new count in a periodic mode takes effect at the next reload
        }
        startTick = now;
        frozenCount = gate ? -1 : count;
    }

    void setGate(boolean high, long now) {
        if (high == gate) {
            return;
        }
        if (high) {
            if (gateTriggered() || mode == 2 || mode == 3) {
                if (!nullCount) {
                    startTick = now;
                }
            } else if (frozenCount >= 0 && startTick != NEVER) {
                // Mode 0/4: resume counting from the frozen value.
                startTick = now - ((period() - frozenCount) & 0xFFFF);
                frozenCount = -1;
            }
        } else if ((mode == 0 || mode == 4) && startTick != NEVER) {
            frozenCount = count(now);
        } else if (mode == 2 || mode == 3) {
            startTick = NEVER;
            idleOut = true; // a low gate forces OUT high and stops the count until the next rising edge
        }
        gate = high;
    }

    /** The counter as a read would see it now (16 bits). */
    int count(long now) {
        if (startTick == NEVER) {
            return reload & 0xFFFF;
        }
        if (frozenCount >= 0) {
            return frozenCount;
        }
        long elapsed = now - startTick;
        int period = period();
        switch (mode) {
            case 2:
                return (int) (period - elapsed % period) & 0xFFFF;
            case 3: {
                // Counts down by two, twice per period.
                int half = (period + 1) >> 1;
                long phase = elapsed % period;
                long inHalf = phase < half ? phase : phase - half;
                return (int) ((period - 2 * inHalf) & 0xFFFE);
            }
            default:
                return (int) ((period - elapsed) & 0xFFFF);
        }
    }

    boolean out(long now) {
        if (startTick == NEVER || (frozenCount >= 0 && (mode == 0 || mode == 4))) {
            return startTick == NEVER ? idleOut : mode == 4 || outCounting(now);
        }
        return outCounting(now);
    }

    private boolean outCounting(long now) {
        long elapsed = now - startTick;
        int period = period();
        switch (mode) {
            case 0:
            case 1:
                return elapsed >= period;
            case 2:
                return elapsed % period != period - 1;
            case 3:
                return elapsed % period < ((period + 1) >> 1);
            default: // 4, 5: one tick low at terminal count
                return elapsed != period;
        }
    }

    /** The first tick after {@code now} at which OUT rises, or NEVER. */
    long nextRisingEdge(long now) {
        if (startTick == NEVER || frozenCount >= 0) {
            return NEVER;
        }
        long elapsed = now - startTick;
        int period = period();
        switch (mode) {
            case 0:
            case 1:
                return elapsed < period ? startTick + period : NEVER;
            case 2:
            case 3:
                return startTick + (elapsed / period + 1) * period;
            default:
                return elapsed < period + 1 ? startTick + period + 1 : NEVER;
        }
    }

    private void latchCount(long now) {
        if (!latched) {
            latched = true;
            latchedValue = count(now);
            latchedMsbNext = false;
        }
    }

    void readBack(int command, long now) {
        if ((command & 0x20) == 0) {
            latchCount(now);
        }
        if ((command & 0x10) == 0 && !statusLatched) {
            statusLatched = true;
            statusValue = (out(now) ? 0x80 : 0) | (nullCount ? 0x40 : 0) | (access << 4) | (mode << 1) | (bcd ? 1 : 0);
        }
    }

    int read(long now) {
        if (statusLatched) {
            statusLatched = false;
            return statusValue;
        }
        if (latched) {
            int value;
            if (access == 3 && !latchedMsbNext) {
                latchedMsbNext = true;
                return latchedValue & 0xFF;
            }
            value = access == 1 ? latchedValue & 0xFF : (latchedValue >> 8) & 0xFF;
            latched = false;
            return value;
        }
        int value = count(now);
        switch (access) {
            case 1:
                return value & 0xFF;
            case 2:
                return (value >> 8) & 0xFF;
            default:
                readMsbNext = !readMsbNext;
                return readMsbNext ? value & 0xFF : (value >> 8) & 0xFF;
        }
    }

    void save(DataOutput out) throws IOException {
        out.writeInt(mode);
        out.writeInt(access);
        out.writeBoolean(bcd);
        out.writeInt(reload);
        out.writeLong(startTick);
        out.writeBoolean(gate);
        out.writeInt(frozenCount);
        out.writeBoolean(idleOut);
        out.writeBoolean(writeMsbNext);
        out.writeInt(writeLsb);
        out.writeBoolean(readMsbNext);
        out.writeBoolean(latched);
        out.writeInt(latchedValue);
        out.writeBoolean(latchedMsbNext);
        out.writeBoolean(statusLatched);
        out.writeInt(statusValue);
        out.writeBoolean(nullCount);
    }

    void load(DataInput in) throws IOException {
        mode = in.readInt();
        access = in.readInt();
        bcd = in.readBoolean();
        reload = in.readInt();
        startTick = in.readLong();
        gate = in.readBoolean();
        frozenCount = in.readInt();
        idleOut = in.readBoolean();
        writeMsbNext = in.readBoolean();
        writeLsb = in.readInt();
        readMsbNext = in.readBoolean();
        latched = in.readBoolean();
        latchedValue = in.readInt();
        latchedMsbNext = in.readBoolean();
        statusLatched = in.readBoolean();
        statusValue = in.readInt();
        nullCount = in.readBoolean();
    }
}
