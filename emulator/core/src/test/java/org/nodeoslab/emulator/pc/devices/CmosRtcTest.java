package org.nodeoslab.emulator.pc.devices;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nodeoslab.emulator.pc.ManualClock;

class CmosRtcTest {
    /** 2026-11-27 06:30:15 UTC, a Friday. */
    private static final long START = 1795761015L;
    private final ManualClock clock = new ManualClock();
    private final CmosRtc rtc = new CmosRtc(clock, START, 256 << 20);

    private int read(int reg) {
        rtc.write8(0x70, reg);
        return rtc.read8(0x71);
    }

    private void write(int reg, int value) {
        rtc.write8(0x70, reg);
        rtc.write8(0x71, value);
    }

    @Test
    void timeIsBcdAnd24HourByDefault() {
        assertEquals(0x15, read(0x00));
        assertEquals(0x30, read(0x02));
        assertEquals(0x06, read(0x04));
        assertEquals(0x06, read(0x06), "Friday is day 6");
        assertEquals(0x27, read(0x07));
        assertEquals(0x11, read(0x08));
        assertEquals(0x26, read(0x09));
        assertEquals(0x20, read(0x32));
    }

    @Test
    void timeAdvancesWithTheMachineClock() {
        clock.nanos = 50_000_000_000L;
        assertEquals(0x05, read(0x00));
        assertEquals(0x31, read(0x02));
    }

    @Test
    void binaryAnd12HourModes() {
        write(0x0B, 0x04);
        assertEquals(15, read(0x00));
        assertEquals(6, read(0x04), "06:30 is an AM hour: no PM bit");
        clock.nanos = 12 * 3600 * 1_000_000_000L;
        assertEquals(0x80 | 6, read(0x04), "18:30 is 6 PM");
    }

    @Test
    void updateInProgressInTheLastMicrosecondsOfASecond() {
        clock.nanos = 500_000_000L;
        assertEquals(0, read(0x0A) & 0x80);
        clock.nanos = 999_900_000L;
        assertEquals(0x80, read(0x0A) & 0x80);
        assertEquals(0x26, read(0x0A) & 0x7F);
    }

    @Test
    void settingTheTimeKeepsItRunning() {
        write(0x0B, 0x82); // SET: freeze
        write(0x04, 0x23);
        write(0x02, 0x59);
        write(0x00, 0x58);
        write(0x0B, 0x02);
        clock.nanos += 3_000_000_000L;
        assertEquals(0x01, read(0x00));
        assertEquals(0x00, read(0x02));
        assertEquals(0x00, read(0x04));
        assertEquals(0x28, read(0x07), "rolled over to the next day");
    }

    @Test
    void memorySizeBytesAndNvram() {
        assertEquals(0x80, read(0x15));
        assertEquals(0x02, read(0x16));
        assertEquals(0xFFFF, read(0x17) | read(0x18) << 8, "extended memory saturates at 64 MiB");
        assertEquals((256 - 16) * 16, read(0x34) | read(0x35) << 8, "64 KiB blocks above 16 MiB");
        write(0x40, 0x5A);
        assertEquals(0x5A, read(0x40));
        assertEquals(0x80, read(0x0D), "battery good");
    }
}
