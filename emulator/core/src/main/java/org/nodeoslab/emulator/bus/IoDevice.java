package org.nodeoslab.emulator.bus;

/**
 * A device on the x86 I/O port bus. Ports are 16-bit; values are zero-extended to int.
 * 16- and 32-bit accesses default to byte accesses on consecutive ports, as an 8-bit ISA device sees them.
 */
public interface IoDevice {
    int read8(int port);

    void write8(int port, int value);

    default int read16(int port) {
        return read8(port) | (read8(port + 1) << 8);
    }

    default void write16(int port, int value) {
        write8(port, value & 0xFF);
        write8(port + 1, (value >>> 8) & 0xFF);
    }

    default int read32(int port) {
        return read16(port) | (read16(port + 2) << 16);
    }

    default void write32(int port, int value) {
        write16(port, value & 0xFFFF);
        write16(port + 2, value >>> 16);
    }
}
