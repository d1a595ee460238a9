package org.nodeoslab.emulator.pc.devices;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

import org.nodeoslab.emulator.bus.IoBus;
import org.nodeoslab.emulator.bus.IoDevice;
import org.nodeoslab.emulator.pc.IrqLines;
import org.nodeoslab.emulator.pc.MachineClock;
import org.nodeoslab.emulator.pc.state.Snapshottable;

/**
 * The 8254 programmable interval timer at 0x40-0x43 (1.193182 MHz): channel 0 drives IRQ 0; channel 2's gate and
 * output are wired to port 0x61 (with the speaker enable and the refresh toggle), which Linux uses to calibrate
 * the TSC. Channel 1 (DRAM refresh) is present but drives nothing.
 */
public final class Pit8254 implements IoDevice, Snapshottable {
    public static final int FREQUENCY_HZ = 1193182;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    /** Port 0x61 bit 4 toggles every 15.085 us on a PC (DRAM refresh): software waits on it. */
    private static final long REFRESH_TOGGLE_NANOS = 15085;

    private final PitChannel[] channels = {new PitChannel(true), new PitChannel(true), new PitChannel(false)};
    private final MachineClock clock;
    private final IrqLines irqs;
    private boolean speakerData;
    /** Next tick at which channel 0's OUT rises (IRQ 0), or NEVER. */
    private long nextIrqTick = PitChannel.NEVER;

    public Pit8254(MachineClock clock, IrqLines irqs) {
        this.clock = clock;
        this.irqs = irqs;
    }

    public void register(IoBus io) {
        io.register(0x40, 4, this);
        io.register(0x61, 1, this);
    }

    public static long ticksAt(long nanos) {
        return nanos / NANOS_PER_SECOND * FREQUENCY_HZ + nanos % NANOS_PER_SECOND * FREQUENCY_HZ / NANOS_PER_SECOND;
    }

    /** The first nanosecond at which {@link #ticksAt} reaches {@code ticks}. */
    public static long nanosAt(long ticks) {
        return ticks / FREQUENCY_HZ * NANOS_PER_SECOND
                + (ticks % FREQUENCY_HZ * NANOS_PER_SECOND + FREQUENCY_HZ - 1) / FREQUENCY_HZ;
    }

    private long now() {
        return ticksAt(clock.nanos());
    }

    /** Raises IRQ 0 if channel 0's output rose since the last call. Called by the machine between CPU slices. */
    public void update() {
        long now = now();
        if (now >= nextIrqTick) {
            irqs.pulseIrq(0);
            nextIrqTick = channels[0].nextRisingEdge(now);
        }
    }

    /** When the next IRQ 0 is due, in machine nanoseconds, or Long.MAX_VALUE. */
    public long nextEventNanos() {
        return nextIrqTick == PitChannel.NEVER ? Long.MAX_VALUE : nanosAt(nextIrqTick);
    }

    private void channel0Changed(long now) {
        nextIrqTick = channels[0].nextRisingEdge(now);
    }

    @Override
    public int read8(int port) {
        long now = now();
        switch (port) {
            case 0x40:
            case 0x41:
            case 0x42:
                return channels[port - 0x40].read(now);
            case 0x61: {
                boolean refresh = (clock.nanos() / REFRESH_TOGGLE_NANOS & 1) != 0;
                return (channels[2].gate ? 1 : 0) | (speakerData ? 2 : 0) | (refresh ? 0x10 : 0)
                        | (channels[2].out(now) ? 0x20 : 0);
            }
            default:
                return 0xFF; // the control word register cannot be read
        }
    }

    @Override
    public void write8(int port, int value) {
        long now = now();
        switch (port) {
            case 0x40:
            case 0x41:
            case 0x42:
                channels[port - 0x40].writeCount(value, now);
                if (port == 0x40) {
                    channel0Changed(now);
                }
                break;
            case 0x43: {
                int select = value >> 6;
                if (select == 3) {
                    for (int i = 0; i < 3; i++) {
                        if ((value & (2 << i)) != 0) {
                            channels[i].readBack(value, now);
                        }
                    }
                } else {
                    channels[select].control(value, now);
                    if (select == 0) {
                        channel0Changed(now);
                    }
                }
                break;
            }
            case 0x61:
                channels[2].setGate((value & 1) != 0, now);
                speakerData = (value & 2) != 0;
                break;
            default:
                break;
        }
    }

    @Override
    public void save(DataOutput out) throws IOException {
        for (PitChannel c : channels) {
            c.save(out);
        }
        out.writeBoolean(speakerData);
        out.writeLong(nextIrqTick);
    }

    @Override
    public void load(DataInput in) throws IOException {
        for (PitChannel c : channels) {
            c.load(in);
        }
        speakerData = in.readBoolean();
        nextIrqTick = in.readLong();
    }
}
