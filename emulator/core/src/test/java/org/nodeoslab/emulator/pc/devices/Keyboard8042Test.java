package org.nodeoslab.emulator.pc.devices;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nodeoslab.emulator.bus.PhysicalMemory;
import org.nodeoslab.emulator.pc.RecordingIrqLines;

class Keyboard8042Test {
    private final PhysicalMemory memory = new PhysicalMemory(4 << 20);
    private final ResetControl control = new ResetControl(memory);
    private final RecordingIrqLines irqs = new RecordingIrqLines();
    private final Keyboard8042 kbc = new Keyboard8042(irqs, control);

    private int command(int c) {
        kbc.write8(0x64, c);
        assertEquals(1, kbc.read8(0x64) & 1, "output buffer full after command 0x" + Integer.toHexString(c));
        return kbc.read8(0x60);
    }

    @Test
    void answersLinuxI8042Probe() {
        assertTrue(kbc.read8(0x64) != 0xFF, "a controller is present");
        assertEquals(0x55, command(0xAA));
        assertEquals(0x00, command(0xAB));
        int cb = command(0x20);
        kbc.write8(0x64, 0x60);
        kbc.write8(0x60, cb & ~0x01);
        assertEquals(cb & ~0x01, command(0x20));
        assertEquals(0, kbc.read8(0x64) & 1);
    }

    @Test
    void auxLoopbackComesBackAsAuxData() {
        kbc.write8(0x64, 0x60);
        kbc.write8(0x60, 0x47); // IRQ 1 and 12 enabled
        kbc.write8(0x64, 0xD3);
        kbc.write8(0x60, 0x5A);
        assertEquals(0x21, kbc.read8(0x64) & 0x21, "output full, from AUX");
        assertTrue(irqs.level[12]);
        assertEquals(0x5A, kbc.read8(0x60));
        assertFalse(irqs.level[12]);
    }

    @Test
    void keyboardIdentifiesAsMf2AndAcksCommands() {
        kbc.write8(0x60, 0xF2);
        assertTrue(irqs.level[1]);
        assertEquals(0xFA, kbc.read8(0x60));
        assertEquals(0xAB, kbc.read8(0x60));
        assertEquals(0x83, kbc.read8(0x60));
        kbc.write8(0x60, 0xF0);
        assertEquals(0xFA, kbc.read8(0x60));
        kbc.write8(0x60, 0x00);
        assertEquals(0xFA, kbc.read8(0x60));
        assertEquals(0x02, kbc.read8(0x60), "scan code set 2");
        kbc.write8(0x60, 0xFF);
        assertEquals(0xFA, kbc.read8(0x60));
        assertEquals(0xAA, kbc.read8(0x60));
    }

    @Test
    void commandFeResetsTheMachine() {
        assertFalse(control.resetRequested());
        kbc.write8(0x64, 0xFE);
        assertTrue(control.resetRequested());
    }

    @Test
    void outputPortDrivesA20() {
        kbc.write8(0x64, 0xD1);
        kbc.write8(0x60, 0xDD);
        assertFalse(memory.isA20Enabled());
        kbc.write8(0x64, 0xD1);
        kbc.write8(0x60, 0xDF);
        assertTrue(memory.isA20Enabled());
        assertFalse(control.resetRequested());
    }

    @Test
    void port92DrivesA20AndReset() {
        SystemControlPortA port92 = new SystemControlPortA(control);
        port92.write8(0x92, 0x00);
        assertFalse(memory.isA20Enabled());
        port92.write8(0x92, 0x02);
        assertEquals(0x02, port92.read8(0x92));
        assertFalse(control.resetRequested());
        port92.write8(0x92, 0x03);
        assertTrue(control.resetRequested());
    }
}
