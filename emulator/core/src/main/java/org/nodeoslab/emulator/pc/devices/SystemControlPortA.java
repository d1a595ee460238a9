package org.nodeoslab.emulator.pc.devices;

import org.nodeoslab.emulator.bus.IoBus;
import org.nodeoslab.emulator.bus.IoDevice;

/** Port 0x92 ("fast A20"): bit 1 opens the A20 gate, writing bit 0 as 1 resets the CPU. */
public final class SystemControlPortA implements IoDevice {
    private final ResetControl control;

    public SystemControlPortA(ResetControl control) {
        this.control = control;
    }

    public void register(IoBus io) {
        io.register(0x92, 1, this);
    }

    @Override
    public int read8(int port) {
        return control.a20() ? 0x02 : 0x00;
    }

    @Override
    public void write8(int port, int value) {
        control.setA20((value & 0x02) != 0);
        if ((value & 0x01) != 0) {
            control.requestReset();
        }
    }
}
