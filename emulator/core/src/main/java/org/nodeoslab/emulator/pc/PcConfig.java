package org.nodeoslab.emulator.pc;

import org.nodeoslab.emulator.bus.MemoryStorage;
import org.nodeoslab.emulator.bus.PhysicalMemory;

/**
 * What a PC is built with: RAM size, which clock, the nominal CPU frequency, the RTC's start time, and where its
 * memory is kept (Java arrays unless a factory is given: the browser build gives its linear memory's, and must never
 * use the constructors and methods that default to arrays, so that one storage implementation is reachable there).
 */
public final class PcConfig {
    public static final int DEFAULT_RAM_BYTES = 256 << 20;
    /** Nominal frequency: both clocks count one cycle per instruction at this rate; RDTSC ticks at it. */
    public static final int DEFAULT_MHZ = 100;
    /** 2026-01-01 00:00:00 UTC: a virtual-clock machine starts at a fixed date so its runs are reproducible. */
    public static final long FIXED_EPOCH = 1767225600L;

    public final int ramBytes;
    public final boolean virtualClock;
    public final int mhz;
    public final long rtcStartEpochSeconds;
    /** Makes the storage of RAM, the TLBs and the code-page flags. */
    public final MemoryStorage.Factory storage;

    public PcConfig(int ramBytes, boolean virtualClock, int mhz, long rtcStartEpochSeconds) {
        this(ramBytes, virtualClock, mhz, rtcStartEpochSeconds, PhysicalMemory.defaultStorage());
    }

    public PcConfig(int ramBytes, boolean virtualClock, int mhz, long rtcStartEpochSeconds,
            MemoryStorage.Factory storage) {
        if (ramBytes < (16 << 20) || (ramBytes & 0xFFFFF) != 0 || ramBytes > (2040 << 20)) {
            throw new IllegalArgumentException("memory must be a whole number of MiB from 16M to 2040M, not "
                    + (ramBytes >> 20) + " MiB (" + ramBytes + " bytes)");
        }
        this.ramBytes = ramBytes;
        this.virtualClock = virtualClock;
        this.mhz = mhz;
        this.rtcStartEpochSeconds = rtcStartEpochSeconds;
        this.storage = storage;
    }

    /** A deterministic machine: virtual clock, fixed RTC date. */
    public static PcConfig virtual(int ramBytes) {
        return virtual(ramBytes, PhysicalMemory.defaultStorage());
    }

    public static PcConfig virtual(int ramBytes, MemoryStorage.Factory storage) {
        return new PcConfig(ramBytes, true, DEFAULT_MHZ, FIXED_EPOCH, storage);
    }

    /**
     * A machine for people: the paced clock (an idle guest waits its timers in host time, see {@link PacedClock}),
     * RTC from the host's date.
     */
    public static PcConfig real(int ramBytes) {
        return real(ramBytes, PhysicalMemory.defaultStorage());
    }

    public static PcConfig real(int ramBytes, MemoryStorage.Factory storage) {
        return new PcConfig(ramBytes, false, DEFAULT_MHZ, System.currentTimeMillis() / 1000, storage);
    }
}
