package org.nodeoslab.emulator.pc.devices;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nodeoslab.emulator.pc.ManualClock;
import org.nodeoslab.emulator.pc.RecordingIrqLines;

class Pit8254Test {
    private final ManualClock clock = new ManualClock();
    private final RecordingIrqLines irqs = new RecordingIrqLines();
    private Pit8254 pit;

    @BeforeEach
    void setUp() {
        pit = new Pit8254(clock, irqs);
    }

    private void advanceTicks(long ticks) {
        clock.nanos = Pit8254.nanosAt(Pit8254.ticksAt(clock.nanos) + ticks);
    }

    private int readCount(int port) {
        return pit.read8(port) | pit.read8(port) << 8;
    }

    @Test
    void periodicModeRaisesIrq0EveryPeriod() {
        pit.write8(0x43, 0x34); // channel 0, lobyte/hibyte, mode 2: Linux's periodic tick
        pit.write8(0x40, 1193 & 0xFF);
        pit.write8(0x40, 1193 >> 8);
        assertEquals(Pit8254.nanosAt(Pit8254.ticksAt(0) + 1193), pit.nextEventNanos());
        for (int i = 0; i < 10; i++) {
            clock.nanos = pit.nextEventNanos();
            pit.update();
        }
        assertEquals(10, irqs.rises(0));
        advanceTicks(100);
        pit.update();
        assertEquals(10, irqs.rises(0), "no interrupt between period ends");
    }

    @Test
    void oneShotModeFiresOnceAtTerminalCount() {
        pit.write8(0x43, 0x30); // channel 0, mode 0: Linux's one-shot clock event
        pit.write8(0x40, 100);
        pit.write8(0x40, 0);
        advanceTicks(99);
        pit.update();
        assertEquals(0, irqs.rises(0));
        advanceTicks(1);
        pit.update();
        assertEquals(1, irqs.rises(0));
        assertEquals(Long.MAX_VALUE, pit.nextEventNanos());
    }

    @Test
    void counterCountsDownAndLatches() {
        pit.write8(0x43, 0x34);
        pit.write8(0x40, 0);
        pit.write8(0x40, 0); // 65536
        advanceTicks(1000);
        assertEquals(65536 - 1000, readCount(0x40));
        pit.write8(0x43, 0x00); // latch channel 0
        advanceTicks(500);
        assertEquals(65536 - 1000, readCount(0x40), "the latched value, not the live one");
        assertEquals(65536 - 1500, readCount(0x40));
    }

    @Test
    void channel2GateAndOutputThroughPort61AsLinuxCalibrates() {
        pit.write8(0x61, (pit.read8(0x61) & ~0x02) | 0x01); // gate high, speaker off
        pit.write8(0x43, 0xB0); // channel 2, lobyte/hibyte, mode 0
        int latch = 11932; // 10 ms
        pit.write8(0x42, latch & 0xFF);
        pit.write8(0x42, latch >> 8);
        assertEquals(0, pit.read8(0x61) & 0x20, "OUT2 low while counting");
        advanceTicks(latch - 1);
        assertEquals(0, pit.read8(0x61) & 0x20);
        advanceTicks(1);
        assertEquals(0x20, pit.read8(0x61) & 0x20, "OUT2 high at terminal count");
        assertEquals(0, irqs.events.size(), "channel 2 drives no IRQ");
    }

    @Test
    void lowGatePausesChannel2InMode0() {
        pit.write8(0x61, 0x01);
        pit.write8(0x43, 0xB0);
        pit.write8(0x42, 0x00);
        pit.write8(0x42, 0x10); // 4096
        advanceTicks(96);
        pit.write8(0x61, 0x00);
        advanceTicks(1000);
        pit.write8(0x43, 0x80);
        assertEquals(4000, readCount(0x42));
        pit.write8(0x61, 0x01);
        advanceTicks(1000);
        pit.write8(0x43, 0x80);
        assertEquals(3000, readCount(0x42));
    }

    @Test
    void readBackReportsStatusAndCount() {
        pit.write8(0x43, 0x34);
        pit.write8(0x40, 0x10);
        pit.write8(0x40, 0x00);
        pit.write8(0x43, 0xC2); // read back count and status of channel 0
        int status = pit.read8(0x40);
        assertEquals(0x34, status & 0x3F);
        assertEquals(0x10, readCount(0x40));
    }

    @Test
    void refreshBitToggles() {
        int a = pit.read8(0x61) & 0x10;
        clock.nanos += 15085;
        int b = pit.read8(0x61) & 0x10;
        assertTrue(a != b);
    }
}
