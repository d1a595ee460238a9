package org.nodeoslab.emulator.bus;

/** A device mapped into physical memory (e.g. a local APIC page). Offsets are relative to the mapping's start. */
public interface MmioDevice {
    int read32(int offset);

    void write32(int offset, int value);

    default int read8(int offset) {
        return (read32(offset & ~3) >>> ((offset & 3) * 8)) & 0xFF;
    }

    default void write8(int offset, int value) {
        int aligned = offset & ~3;
        int shift = (offset & 3) * 8;
        write32(aligned, (read32(aligned) & ~(0xFF << shift)) | ((value & 0xFF) << shift));
    }
}
