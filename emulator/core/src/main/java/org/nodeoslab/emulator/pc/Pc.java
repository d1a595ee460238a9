package org.nodeoslab.emulator.pc;

import org.nodeoslab.emulator.bus.IoBus;
import org.nodeoslab.emulator.bus.MmioDevice;
import org.nodeoslab.emulator.bus.PhysicalMemory;
import org.nodeoslab.emulator.cpu.Cpu;
import org.nodeoslab.emulator.pc.devices.CmosRtc;
import org.nodeoslab.emulator.pc.devices.DualPic;
import org.nodeoslab.emulator.pc.devices.Keyboard8042;
import org.nodeoslab.emulator.pc.devices.PciHostBridge;
import org.nodeoslab.emulator.pc.devices.Pit8254;
import org.nodeoslab.emulator.pc.devices.PostCodePort;
import org.nodeoslab.emulator.pc.devices.ResetControl;
import org.nodeoslab.emulator.pc.devices.SystemControlPortA;
import org.nodeoslab.emulator.pc.devices.Uart16550;

/**
 * The PC: RAM with the ISA hole, the CPU, and the devices on its buses (PICs, PIT, CMOS/RTC, two 16550A UARTs,
 * 8042, port 0x92, port 0x80, PCI host bridge). No local APIC or IOAPIC: CPUID reports none and Linux runs the
 * 8259A in PIC mode, which is all a single CPU needs. {@link #run} interleaves CPU slices with device time.
 */
public final class Pc implements CycleCounter {
    /** Why {@link #run} returned. */
    public enum Stop {
        /** The cycle budget was used up; call run again. */
        BUDGET,
        /**
         * Paced (real-time) clock only: the guest is halted waiting for an interrupt; sleep until
         * {@link #nextEventNanos}, or until input arrives, then call run again.
         */
        IDLE,
        /** HLT with interrupts off and no NMI: how Linux without ACPI ends a power-off. */
        POWER_OFF,
        /** Triple fault. */
        SHUTDOWN,
        /** The guest asked for a reset (8042 0xFE, port 0x92 bit 0). */
        RESET
    }

    /** The longest CPU slice: bounds how stale device time can get inside a slice (0.1 ms at 100 MHz). */
    private static final int MAX_SLICE = 10_000;
    /** Start of the VGA window in the ISA hole: no video card here, the window is open bus. */
    private static final int VGA_WINDOW = 0xA0000, VGA_WINDOW_SIZE = 0x20000;
    /** The BIOS area below 1 MiB appears again just below 4 GiB, where the CPU fetches after reset. */
    private static final int BIOS = 0xF0000, HIGH_BIOS = 0xFFFF0000, BIOS_SIZE = 0x10000;

    public final PhysicalMemory memory;
    public final IoBus io = new IoBus();
    public final Cpu cpu;
    public final DualPic pic = new DualPic();
    public final Pit8254 pit;
    public final CmosRtc rtc;
    public final Uart16550 com1;
    public final Uart16550 com2;
    public final Keyboard8042 keyboardController;
    public final ResetControl resetControl;
    public final PciHostBridge pci = new PciHostBridge();
    public final PostCodePort postCode = new PostCodePort();
    public final MachineClock clock;
    public final PcConfig config;
    /**
     * The whole state this machine's RAM was restored from, or the base of the delta it was restored from: what
     * {@code MachineState.saveDelta} refers to. Null for a booted machine. Set by {@code MachineState}'s restores.
     */
    public org.nodeoslab.emulator.pc.state.StateBase stateBase;
    /** Time from the cycle count, on both clocks; they differ in how fast a halted guest's time may pass. */
    private final VirtualClock cycleClock;
    /** The paced clock: a halted guest's time passes at most as fast as the host's ({@link PacedClock}). */
    private final boolean paced;
    /** Cycles a halted guest skipped: time passes without instructions. */
    private long idleCycles;
    /** Paced clock: the host's System.nanoTime() when the guest halted and its cycle count then; -1 while it runs. */
    private long haltedSinceHostNanos = -1;
    private long haltedAtCycles;

    public Pc(PcConfig config) {
        this.config = config;
        memory = new PhysicalMemory(config.storage.create(config.ramBytes));
        memory.mapMmio(VGA_WINDOW, VGA_WINDOW_SIZE, OpenBus.INSTANCE);
        memory.mapMmio(HIGH_BIOS, BIOS_SIZE, new BiosAlias(memory));
        cpu = new Cpu(memory, io);
        cpu.setInterruptController(pic);
        cycleClock = new VirtualClock(this, config.mhz);
        paced = !config.virtualClock;
        clock = paced ? new PacedClock(cycleClock) : cycleClock;
        resetControl = new ResetControl(memory);
        resetControl.setA20Listener(() -> {
            cpu.mmu.flushTlb(true);
            cpu.invalidateFetch();
        });
        pit = new Pit8254(clock, pic);
        rtc = new CmosRtc(clock, config.rtcStartEpochSeconds, config.ramBytes);
        com1 = new Uart16550(0x3F8, 4, pic);
        com2 = new Uart16550(0x2F8, 3, pic);
        keyboardController = new Keyboard8042(pic, resetControl);
        pic.register(io);
        pit.register(io);
        rtc.register(io);
        com1.register(io);
        com2.register(io);
        keyboardController.register(io);
        new SystemControlPortA(resetControl).register(io);
        postCode.register(io);
        pci.register(io);
        cpu.fpu.setFerrListener(asserted -> pic.setIrq(13, asserted));
        cpu.sys.setTscSource(this::tsc);
        cpu.sys.setTscFrequency(config.mhz * 1_000_000L);
    }

    /** Guest cycles since power-on: retired instructions plus skipped idle cycles. */
    @Override
    public long cycles() {
        return cpu.instructionCount + idleCycles;
    }

    /** Cycles skipped while idle, for the machine state. */
    public long idleCycles() {
        return idleCycles;
    }

    /**
     * Sets the time of a restored machine, counted from its cycles: the cycles it skipped while idle, and more if
     * its clock read later than that when saved (a machine saved on the host's clock, before the paced clock), so
     * its time and TSC go on from where they were and never back.
     */
    public void restoreTime(long savedIdleCycles, long savedClockNanos) {
        idleCycles = savedIdleCycles;
        idleCycles += Math.max(0, cycleClock.cyclesAt(savedClockNanos) - cycles());
    }

    /** The time-stamp counter as RDTSC reads it: one tick per guest cycle at the nominal frequency. */
    public long tsc() {
        return cycles();
    }

    /** When the next timer interrupt is due, in machine nanoseconds (Long.MAX_VALUE if none is programmed). */
    public long nextEventNanos() {
        return pit.nextEventNanos();
    }

    /**
     * Runs the machine for up to {@code budget} cycles, delivering device interrupts between CPU slices; a slice
     * ends at the PIT's next interrupt, so it comes at its cycle. A halted guest jumps to its next timer interrupt:
     * at once on the virtual clock; on the paced clock no further than the host's time since it halted, returning
     * {@link Stop#IDLE} for the host to wait.
     */
    public Stop run(int budget) {
        long end = cycles() + budget;
        while (true) {
            pit.update();
            if (resetControl.resetRequested()) {
                return Stop.RESET;
            }
            if (cpu.shutdown) {
                return Stop.SHUTDOWN;
            }
            long now = cycles();
            if (now >= end) {
                return Stop.BUDGET;
            }
            long slice = Math.min(end - now, MAX_SLICE);
            long due = pit.nextEventNanos();
            if (due != Long.MAX_VALUE) {
                slice = Math.min(slice, Math.max(now + 1, cycleClock.cyclesAt(due)) - now);
            }
            cpu.run((int) slice);
            if (!cpu.halted) {
                haltedSinceHostNanos = -1;
            } else if (!cpu.shutdown) {
                if ((cpu.getEflags() & Cpu.FLAG_IF) == 0 && !cpu.nmiPending) {
                    return Stop.POWER_OFF;
                }
                if (pic.hasInterrupt()) {
                    continue; // an interrupt arrived while halting: the next slice takes it
                }
                // The slice may have programmed the timer: the deadline computed before it can be stale.
                long next = pit.nextEventNanos();
                if (next == Long.MAX_VALUE) {
                    return Stop.IDLE;
                }
                long wake = Math.min(Math.max(cycles() + 1, cycleClock.cyclesAt(next)), end);
                if (paced) {
                    wake = Math.min(wake, hostPacedCycles());
                    if (wake <= cycles()) {
                        return Stop.IDLE;
                    }
                }
                idleCycles += Math.max(0, wake - cycles());
            }
        }
    }

    /**
     * Paced clock: the cycle count a halted guest may have reached, at one cycle per nominal cycle time of host time
     * since it halted. Host time before the halt (the host busy, or not running the machine) is never made up.
     */
    private long hostPacedCycles() {
        long host = System.nanoTime();
        if (haltedSinceHostNanos < 0) {
            haltedSinceHostNanos = host;
            haltedAtCycles = cycles();
        }
        return haltedAtCycles + (host - haltedSinceHostNanos) * config.mhz / 1000;
    }

    /** Back to power-on state for a reboot: CPU reset, devices as they are (a warm reset keeps their state). */
    public void resetCpu() {
        resetControl.clearReset();
        cpu.reset();
        memory.setA20(true);
    }

    /** The top 64 KiB below 4 GiB: the same bytes as 0xF0000-0xFFFFF (the reset vector is at 0xFFFFFFF0). */
    private static final class BiosAlias implements MmioDevice {
        private final PhysicalMemory memory;

        BiosAlias(PhysicalMemory memory) {
            this.memory = memory;
        }

        @Override
        public int read32(int offset) {
            return memory.read32(BIOS + offset);
        }

        @Override
        public void write32(int offset, int value) {
            memory.write32(BIOS + offset, value);
        }

        @Override
        public int read8(int offset) {
            return memory.read8(BIOS + offset);
        }

        @Override
        public void write8(int offset, int value) {
            memory.write8(BIOS + offset, value);
        }
    }

    /** The VGA window with no card behind it: reads all ones, writes go nowhere. */
    private static final class OpenBus implements MmioDevice {
        static final OpenBus INSTANCE = new OpenBus();

        @Override
        public int read32(int offset) {
            return 0xFFFFFFFF;
        }

        @Override
        public void write32(int offset, int value) {
        }
    }
}
