package org.nodeoslab.emulator.pc.devices;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

import org.nodeoslab.emulator.bus.IoBus;
import org.nodeoslab.emulator.bus.IoDevice;
import org.nodeoslab.emulator.pc.MachineClock;
import org.nodeoslab.emulator.pc.state.Snapshottable;

/**
 * The MC146818 real-time clock and its 128 bytes of CMOS NVRAM at 0x70 (index; bit 7 masks NMI) / 0x71 (data).
 * The time of day is the start time plus the machine clock, in BCD or binary and 12/24-hour as status B says;
 * status A's update-in-progress bit is set for the last 244 us of each second, as software that polls it expects.
 * The memory-size bytes are filled in for the machine's RAM. No RTC interrupts (IRQ 8 is optional on this PC).
 */
public final class CmosRtc implements IoDevice, Snapshottable {
    private static final int SECONDS = 0, MINUTES = 2, HOURS = 4, WEEKDAY = 6, DAY = 7, MONTH = 8, YEAR = 9;
    private static final int STATUS_A = 0x0A, STATUS_B = 0x0B, STATUS_C = 0x0C, STATUS_D = 0x0D, CENTURY = 0x32;
    private static final int B_SET = 0x80, B_BINARY = 0x04, B_24H = 0x02;
    private static final long UIP_NANOS = 244_000;

    private final MachineClock clock;
    private final byte[] nvram = new byte[128];
    private int index;
    /** Seconds since the Unix epoch at machine time zero. */
    private long epochAtZero;
    /** While status B's SET bit is on, the guest's written time is kept frozen here (epoch seconds). */
    private long frozenEpoch = -1;

    public CmosRtc(MachineClock clock, long startEpochSeconds, int ramBytes) {
        this.clock = clock;
        this.epochAtZero = startEpochSeconds;
        nvram[STATUS_A] = 0x26; // 32.768 kHz time base, 1024 Hz periodic rate
        nvram[STATUS_B] = B_24H;
        nvram[STATUS_D] = (byte) 0x80; // battery good
        setMemorySize(ramBytes);
    }

    private void setMemorySize(int ramBytes) {
        long ram = ramBytes & 0xFFFFFFFFL;
        nvram[0x15] = (byte) 0x80; // 640 KiB base memory
        nvram[0x16] = 0x02;
        long extendedKib = Math.min(0xFFFF, Math.max(0, (ram - 0x100000) / 1024));
        nvram[0x17] = nvram[0x30] = (byte) extendedKib;
        nvram[0x18] = nvram[0x31] = (byte) (extendedKib >> 8);
        long above16m = Math.min(0xFFFF, Math.max(0, (ram - 0x1000000) / 0x10000));
        nvram[0x34] = (byte) above16m;
        nvram[0x35] = (byte) (above16m >> 8);
        nvram[0x14] = 0x06; // equipment: FPU present, VGA/EGA-class adapter bits as firmware reports them
    }

    public void register(IoBus io) {
        io.register(0x70, 2, this);
    }

    private long epochNow() {
        if (frozenEpoch >= 0) {
            return frozenEpoch;
        }
        return epochAtZero + clock.nanos() / 1_000_000_000L;
    }

    private boolean updateInProgress() {
        return frozenEpoch < 0 && clock.nanos() % 1_000_000_000L >= 1_000_000_000L - UIP_NANOS;
    }

    private int encode(int value) {
        if ((nvram[STATUS_B] & B_BINARY) != 0) {
            return value;
        }
        return ((value / 10) << 4) | (value % 10);
    }

    private int decode(int value) {
        if ((nvram[STATUS_B] & B_BINARY) != 0) {
            return value;
        }
        return ((value >> 4) & 0x0F) * 10 + (value & 0x0F);
    }

    private int encodeHours(int hours) {
        if ((nvram[STATUS_B] & B_24H) != 0) {
            return encode(hours);
        }
        int h12 = hours % 12 == 0 ? 12 : hours % 12;
        return encode(h12) | (hours >= 12 ? 0x80 : 0);
    }

    private int readTime(int reg) {
        CivilTime t = CivilTime.ofEpochSeconds(epochNow());
        switch (reg) {
            case SECONDS: return encode(t.second);
            case MINUTES: return encode(t.minute);
            case HOURS: return encodeHours(t.hour);
            case WEEKDAY: return encode(t.weekday + 1);
            case DAY: return encode(t.day);
            case MONTH: return encode(t.month);
            case YEAR: return encode(t.year % 100);
            default: return encode(t.year / 100); // CENTURY
        }
    }

    private void writeTime(int reg, int value) {
        CivilTime t = CivilTime.ofEpochSeconds(epochNow());
        int second = t.second, minute = t.minute, hour = t.hour, day = t.day, month = t.month, year = t.year;
        switch (reg) {
            case SECONDS: second = decode(value); break;
            case MINUTES: minute = decode(value); break;
            case HOURS:
                if ((nvram[STATUS_B] & B_24H) != 0) {
                    hour = decode(value);
                } else {
                    hour = decode(value & 0x7F) % 12 + ((value & 0x80) != 0 ? 12 : 0);
                }
                break;
            case DAY: day = decode(value); break;
            case MONTH: month = decode(value); break;
            case YEAR: year = year / 100 * 100 + decode(value); break;
            case CENTURY: year = decode(value) * 100 + year % 100; break;
            default: return; // weekday follows from the date
        }
        long epoch = CivilTime.toEpochSeconds(year, month, day, hour, minute, second);
        if (frozenEpoch >= 0) {
            frozenEpoch = epoch;
        } else {
            epochAtZero = epoch - clock.nanos() / 1_000_000_000L;
        }
    }

    private static boolean isTimeRegister(int reg) {
        return reg <= YEAR && (reg & 1) == 0 || reg == WEEKDAY || reg == DAY || reg == YEAR || reg == CENTURY;
    }

    @Override
    public int read8(int port) {
        if (port == 0x70) {
            return 0xFF; // the index register is write-only
        }
        int reg = index;
        if (isTimeRegister(reg)) {
            return readTime(reg);
        }
        switch (reg) {
            case STATUS_A:
                return (nvram[STATUS_A] & 0x7F) | (updateInProgress() ? 0x80 : 0);
            case STATUS_C: {
                int value = nvram[STATUS_C] & 0xFF;
                nvram[STATUS_C] = 0; // reading acknowledges the interrupt flags
                return value;
            }
            default:
                return nvram[reg] & 0xFF;
        }
    }

    @Override
    public void write8(int port, int value) {
        if (port == 0x70) {
            index = value & 0x7F;
            return;
        }
        int reg = index;
        if (isTimeRegister(reg)) {
            writeTime(reg, value);
            return;
        }
        switch (reg) {
            case STATUS_A:
                nvram[STATUS_A] = (byte) (value & 0x7F);
                break;
            case STATUS_B:
                if ((value & B_SET) != 0 && frozenEpoch < 0) {
                    frozenEpoch = epochNow();
                } else if ((value & B_SET) == 0 && frozenEpoch >= 0) {
                    epochAtZero = frozenEpoch - clock.nanos() / 1_000_000_000L;
                    frozenEpoch = -1;
                }
                nvram[STATUS_B] = (byte) value;
                break;
            case STATUS_C:
            case STATUS_D:
                break; // read-only
            default:
                nvram[reg] = (byte) value;
                break;
        }
    }

    @Override
    public void save(DataOutput out) throws IOException {
        out.write(nvram);
        out.writeInt(index);
        out.writeLong(epochAtZero);
        out.writeLong(frozenEpoch);
    }

    @Override
    public void load(DataInput in) throws IOException {
        in.readFully(nvram);
        index = in.readInt() & 0x7F;
        epochAtZero = in.readLong();
        frozenEpoch = in.readLong();
    }
}
