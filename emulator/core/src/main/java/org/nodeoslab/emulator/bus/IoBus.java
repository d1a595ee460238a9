package org.nodeoslab.emulator.bus;

/**
 * The 64 KiB I/O port space. Unclaimed ports read as all ones and ignore writes, as on a real PC;
 * each unclaimed port is reported once to the {@link UnknownPortListener} so a missing device is visible.
 */
public final class IoBus {
    /** Told once per port about accesses to ports no device claims. */
    public interface UnknownPortListener {
        void unknownPort(int port, boolean write, int value);
    }

    private final IoDevice[] devices = new IoDevice[0x10000];
    private final boolean[] reported = new boolean[0x10000];
    private UnknownPortListener unknownPortListener = (port, write, value) -> { };

    public void register(int firstPort, int count, IoDevice device) {
        for (int p = firstPort; p < firstPort + count; p++) {
            devices[p & 0xFFFF] = device;
        }
    }

    public void setUnknownPortListener(UnknownPortListener listener) {
        this.unknownPortListener = listener;
    }

    public int in8(int port) {
        IoDevice d = devices[port & 0xFFFF];
        if (d == null) {
            unknown(port, false, 0);
            return 0xFF;
        }
        return d.read8(port & 0xFFFF) & 0xFF;
    }

    public int in16(int port) {
        IoDevice d = devices[port & 0xFFFF];
        if (d == null) {
            unknown(port, false, 0);
            return 0xFFFF;
        }
        return d.read16(port & 0xFFFF) & 0xFFFF;
    }

    public int in32(int port) {
        IoDevice d = devices[port & 0xFFFF];
        if (d == null) {
            unknown(port, false, 0);
            return 0xFFFFFFFF;
        }
        return d.read32(port & 0xFFFF);
    }

    public void out8(int port, int value) {
        IoDevice d = devices[port & 0xFFFF];
        if (d == null) {
            unknown(port, true, value & 0xFF);
        } else {
            d.write8(port & 0xFFFF, value & 0xFF);
        }
    }

    public void out16(int port, int value) {
        IoDevice d = devices[port & 0xFFFF];
        if (d == null) {
            unknown(port, true, value & 0xFFFF);
        } else {
            d.write16(port & 0xFFFF, value & 0xFFFF);
        }
    }

    public void out32(int port, int value) {
        IoDevice d = devices[port & 0xFFFF];
        if (d == null) {
            unknown(port, true, value);
        } else {
            d.write32(port & 0xFFFF, value);
        }
    }

    private void unknown(int port, boolean write, int value) {
        port &= 0xFFFF;
        if (!reported[port]) {
            reported[port] = true;
            unknownPortListener.unknownPort(port, write, value);
        }
    }
}
