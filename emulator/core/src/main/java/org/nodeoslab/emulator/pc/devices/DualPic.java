package org.nodeoslab.emulator.pc.devices;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

import org.nodeoslab.emulator.bus.IoBus;
import org.nodeoslab.emulator.bus.IoDevice;
import org.nodeoslab.emulator.cpu.InterruptController;
import org.nodeoslab.emulator.pc.IrqLines;
import org.nodeoslab.emulator.pc.state.Snapshottable;

/**
 * The PC's two cascaded 8259A PICs: master at 0x20/0x21 (IRQ 0-7), slave at 0xA0/0xA1 (IRQ 8-15) on the master's
 * line 2, and the ELCR edge/level registers at 0x4D0/0x4D1. It is the CPU's {@link InterruptController}.
 */
public final class DualPic implements InterruptController, IrqLines, IoDevice, Snapshottable {
    private static final int CASCADE_LINE = 2;

    private final Pic8259 master = new Pic8259(0xF8, 1 << CASCADE_LINE);
    private final Pic8259 slave = new Pic8259(0xDE, 0);

    public void register(IoBus io) {
        io.register(0x20, 2, this);
        io.register(0xA0, 2, this);
        io.register(0x4D0, 2, this);
    }

    @Override
    public void setIrq(int irq, boolean high) {
        if (irq < 8) {
            master.setLine(irq, high);
        } else {
            slave.setLine(irq - 8, high);
            updateCascade();
        }
    }

    private void updateCascade() {
        master.setLine(CASCADE_LINE, slave.pendingLine() >= 0);
    }

    @Override
    public boolean hasInterrupt() {
        return master.pendingLine() >= 0;
    }

    @Override
    public int acknowledge() {
        int line = master.pendingLine();
        if (line < 0) {
            // The request went away between INTR and INTA: the 8259A answers with its line 7 (spurious IRQ 7).
            return master.vectorBase | 7;
        }
        master.acknowledge(line);
        if (line != CASCADE_LINE) {
            return master.vectorBase | line;
        }
        int slaveLine = slave.pendingLine();
        int vector;
        if (slaveLine < 0) {
            vector = slave.vectorBase | 7;
        } else {
            slave.acknowledge(slaveLine);
            vector = slave.vectorBase | slaveLine;
        }
        updateCascade();
        return vector;
    }

    @Override
    public int read8(int port) {
        switch (port) {
            case 0x20:
            case 0x21:
                return master.read(port);
            case 0xA0:
            case 0xA1: {
                int value = slave.read(port);
                updateCascade();
                return value;
            }
            case 0x4D0:
                return master.elcr;
            case 0x4D1:
                return slave.elcr;
            default:
                return 0xFF;
        }
    }

    @Override
    public void write8(int port, int value) {
        switch (port) {
            case 0x20:
            case 0x21:
                master.write(port, value);
                break;
            case 0xA0:
            case 0xA1:
                slave.write(port, value);
                updateCascade();
                break;
            case 0x4D0:
                master.elcr = value & master.elcrMask;
                break;
            case 0x4D1:
                slave.elcr = value & slave.elcrMask;
                break;
            default:
                break;
        }
    }

    /** Vector the master would deliver for IRQ 0 (tests and diagnostics). */
    public int masterVectorBase() {
        return master.vectorBase;
    }

    public int masterMask() {
        return master.imr;
    }

    @Override
    public void save(DataOutput out) throws IOException {
        master.save(out);
        slave.save(out);
    }

    @Override
    public void load(DataInput in) throws IOException {
        master.load(in);
        slave.load(in);
    }
}
