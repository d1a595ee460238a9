package org.nodeoslab.emulator.pc.devices;

import org.nodeoslab.emulator.bus.IoBus;
import org.nodeoslab.emulator.bus.IoDevice;

/**
 * Port 0x80, the POST diagnostic port: Linux writes to it as an I/O delay. It keeps the last value written
 * (a real POST card shows it) and reads back as that value.
 */
public final class PostCodePort implements IoDevice {
    private int lastValue = 0xFF;

    public void register(IoBus io) {
        io.register(0x80, 1, this);
    }

    public int lastValue() {
        return lastValue;
    }

    @Override
    public int read8(int port) {
        return lastValue;
    }

    @Override
    public void write8(int port, int value) {
        lastValue = value & 0xFF;
    }
}
