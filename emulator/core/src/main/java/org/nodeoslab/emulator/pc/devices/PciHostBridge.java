package org.nodeoslab.emulator.pc.devices;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

import org.nodeoslab.emulator.bus.IoBus;
import org.nodeoslab.emulator.bus.IoDevice;
import org.nodeoslab.emulator.pc.state.Snapshottable;

/**
 * PCI configuration mechanism #1 (address at 0xCF8, data at 0xCFC-0xCFF) with one device: an Intel 440FX host
 * bridge at 00:00.0, so Linux finds a sane PCI bus (its type-1 probe wants a host bridge) and an empty one.
 * Every other bus/device/function answers "no device" (all ones). The bridge's registers are read-only.
 */
public final class PciHostBridge implements IoDevice, Snapshottable {
    private static final int VENDOR_DEVICE = 0x1237_8086; // Intel 82441FX
    private static final int CLASS_REVISION = 0x0600_0002; // host bridge, revision 2
    private static final int HEADER_TYPE_WORD = 0x0000_0000; // BIST, header type 0, latency, cache line
    private static final int STATUS_COMMAND = 0x0000_0006; // memory and bus-master enabled

    private int address;

    public void register(IoBus io) {
        io.register(0xCF8, 8, this);
    }

    private int configRead32() {
        if ((address & 0x80000000) == 0) {
            return 0xFFFFFFFF;
        }
        int busDeviceFunction = (address >> 8) & 0xFFFF;
        if (busDeviceFunction != 0) {
            return 0xFFFFFFFF;
        }
        switch (address & 0xFC) {
            case 0x00: return VENDOR_DEVICE;
            case 0x04: return STATUS_COMMAND;
            case 0x08: return CLASS_REVISION;
            case 0x0C: return HEADER_TYPE_WORD;
            default: return 0;
        }
    }

    @Override
    public int read8(int port) {
        if (port >= 0xCFC) {
            return (configRead32() >>> ((port & 3) * 8)) & 0xFF;
        }
        return (address >>> ((port & 3) * 8)) & 0xFF;
    }

    @Override
    public int read16(int port) {
        return read8(port) | (read8(port + 1) << 8);
    }

    @Override
    public int read32(int port) {
        if (port == 0xCF8) {
            return address;
        }
        if (port == 0xCFC) {
            return configRead32();
        }
        return read16(port) | (read16(port + 2) << 16);
    }

    @Override
    public void write8(int port, int value) {
        if (port < 0xCFC) {
            // Byte writes to 0xCF8-0xCFB do not change the address (Linux's type-2 probe writes 0xCFB, 0xCFA).
            return;
        }
        // Configuration writes to the host bridge are ignored: its registers here are read-only.
    }

    @Override
    public void write32(int port, int value) {
        if (port == 0xCF8) {
            address = value & 0x80FFFFFC;
        }
    }

    @Override
    public void save(DataOutput out) throws IOException {
        out.writeInt(address);
    }

    @Override
    public void load(DataInput in) throws IOException {
        address = in.readInt();
    }
}
