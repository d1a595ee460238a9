package org.nodeoslab.emulator.pc.devices;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DualPicTest {
    private DualPic pic;

    /** The sequence Linux's init_8259A writes (vectors 0x30 and 0x38, cascade on IRQ 2, 8086 mode). */
    @BeforeEach
    void initLikeLinux() {
        pic = new DualPic();
        pic.write8(0x21, 0xFF);
        pic.write8(0xA1, 0xFF);
        pic.write8(0x20, 0x11);
        pic.write8(0x21, 0x30);
        pic.write8(0x21, 0x04);
        pic.write8(0x21, 0x01);
        pic.write8(0xA0, 0x11);
        pic.write8(0xA1, 0x38);
        pic.write8(0xA1, 0x02);
        pic.write8(0xA1, 0x01);
        pic.write8(0x21, 0x00);
        pic.write8(0xA1, 0x00);
    }

    @Test
    void maskRegisterReadsBackAsLinuxProbesIt() {
        pic.write8(0x21, 0xFB);
        assertEquals(0xFB, pic.read8(0x21));
    }

    @Test
    void edgeIrqDeliversVectorAndStaysInServiceUntilEoi() {
        assertFalse(pic.hasInterrupt());
        pic.pulseIrq(0);
        assertTrue(pic.hasInterrupt());
        assertEquals(0x30, pic.acknowledge());
        assertFalse(pic.hasInterrupt());
        pic.write8(0x20, 0x0B); // OCW3: read ISR
        assertEquals(0x01, pic.read8(0x20));
        pic.pulseIrq(1);
        pic.pulseIrq(0);
        assertFalse(pic.hasInterrupt(), "IRQ 0 in service blocks IRQ 0 and lower priorities");
        pic.write8(0x20, 0x60); // specific EOI for IRQ 0
        assertEquals(0x30, pic.acknowledge(), "IRQ 0 outranks IRQ 1");
        pic.write8(0x20, 0x20); // non-specific EOI
        assertEquals(0x31, pic.acknowledge());
    }

    @Test
    void slaveInterruptGoesThroughTheCascade() {
        pic.pulseIrq(12);
        assertTrue(pic.hasInterrupt());
        assertEquals(0x3C, pic.acknowledge());
        pic.pulseIrq(14);
        assertFalse(pic.hasInterrupt(), "IRQ 12 in service on the slave blocks IRQ 14");
        pic.write8(0xA0, 0x64); // slave specific EOI for IRQ 12
        pic.write8(0x20, 0x62); // master specific EOI for the cascade
        assertEquals(0x3E, pic.acknowledge());
    }

    @Test
    void maskedIrqWaitsUntilUnmasked() {
        pic.write8(0x21, 0x10);
        pic.setIrq(4, true);
        assertFalse(pic.hasInterrupt());
        pic.write8(0x21, 0x00);
        assertEquals(0x34, pic.acknowledge());
    }

    @Test
    void levelTriggeredLineRequestsAgainWhileHigh() {
        pic.write8(0x4D1, 0x08); // IRQ 11 level-triggered
        assertEquals(0x08, pic.read8(0x4D1));
        pic.setIrq(11, true);
        assertEquals(0x3B, pic.acknowledge());
        pic.write8(0xA0, 0x20);
        pic.write8(0x20, 0x20);
        assertEquals(0x3B, pic.acknowledge(), "the line is still high");
        pic.write8(0xA0, 0x20);
        pic.write8(0x20, 0x20);
        pic.setIrq(11, false);
        assertFalse(pic.hasInterrupt());
    }

    @Test
    void edgeLineNeedsANewRisingEdge() {
        pic.setIrq(3, true);
        assertEquals(0x33, pic.acknowledge());
        pic.write8(0x20, 0x20);
        assertFalse(pic.hasInterrupt(), "still high but no new edge");
        pic.setIrq(3, false);
        pic.setIrq(3, true);
        assertTrue(pic.hasInterrupt());
    }

    @Test
    void acknowledgeWithNothingPendingIsSpuriousIrq7() {
        assertEquals(0x37, pic.acknowledge());
        pic.write8(0x20, 0x0B);
        assertEquals(0, pic.read8(0x20), "a spurious IRQ 7 is not put in service");
    }

    @Test
    void irrIsReadableThroughOcw3() {
        pic.write8(0x21, 0xFF);
        pic.pulseIrq(5);
        pic.write8(0x20, 0x0A);
        assertEquals(0x20, pic.read8(0x20));
    }

    @Test
    void autoEoiLeavesNothingInService() {
        pic.write8(0x20, 0x11);
        pic.write8(0x21, 0x30);
        pic.write8(0x21, 0x04);
        pic.write8(0x21, 0x03); // ICW4 with AEOI
        pic.pulseIrq(6);
        assertEquals(0x36, pic.acknowledge());
        pic.write8(0x20, 0x0B);
        assertEquals(0, pic.read8(0x20));
    }
}
