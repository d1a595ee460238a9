package org.nodeoslab.emulator.web;

import org.nodeoslab.emulator.bus.IoBus;
import org.nodeoslab.emulator.bus.MemoryStorage;
import org.nodeoslab.emulator.bus.PhysicalMemory;
import org.nodeoslab.emulator.cpu.Cpu;

/**
 * A bare machine: RAM, an I/O bus with only the {@link ConsolePort}, and the CPU; no BIOS, no devices, no interrupts.
 * Enough to run a program the page loads; the browser smoke test runs it in chromium and on the JVM.
 */
public final class CpuMachine extends GuestMachine {
    /** 2 GiB would not fit a Java byte[]; a browser tab would not give it anyway. */
    static final int MAX_RAM_MIB = 2047;

    private final ConsolePort console;

    /** {@code storage}: where RAM is kept (the browser build: {@link LinearStorage}; tests on the JVM: arrays). */
    public CpuMachine(int ramMiB, MemoryStorage.Factory storage) {
        this(memory(ramMiB, storage), new IoBus(), new ConsolePort());
    }

    private CpuMachine(PhysicalMemory memory, IoBus io, ConsolePort console) {
        super(memory, new Cpu(memory, io));
        io.register(ConsolePort.PORT, 1, console);
        this.console = console;
    }

    private static PhysicalMemory memory(int ramMiB, MemoryStorage.Factory storage) {
        if (ramMiB < 1 || ramMiB > MAX_RAM_MIB) {
            throw new IllegalArgumentException("RAM size must be 1 to " + MAX_RAM_MIB + " MiB: " + ramMiB);
        }
        return new PhysicalMemory(storage.create(ramMiB << 20));
    }

    /** Nothing can interrupt a bare machine, so a HLT ends its run. */
    @Override
    public Status run(int budget) {
        cpu.run(budget);
        if (cpu.shutdown) {
            return Status.SHUTDOWN;
        }
        return cpu.halted ? Status.HALTED : Status.BUDGET;
    }

    @Override
    public void sendSerial(byte[] bytes) {
        console.offerInput(bytes);
    }

    @Override
    public byte[] takeSerialOutput() {
        return console.takeOutput();
    }
}
