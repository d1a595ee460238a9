package org.nodeoslab.emulator.web;

import org.nodeoslab.emulator.bus.IoBus;
import org.nodeoslab.emulator.bus.PhysicalMemory;
import org.nodeoslab.emulator.cpu.Cpu;

/**
 * A bare machine: RAM, an I/O bus with only the {@link ConsolePort}, and the CPU; no BIOS, no devices. Enough to
 * run a program loaded by the page, and the same class runs on the JVM (the smoke test's reference) and in the
 * browser (behind {@link WebMachine}), so any difference between the two is TeaVM's.
 */
public final class CpuMachine {
    /** 2 GiB would not fit a Java byte[]; a browser tab would not give it anyway. */
    static final int MAX_RAM_MIB = 2047;

    public final PhysicalMemory memory;
    public final IoBus io = new IoBus();
    public final Cpu cpu;
    private final ConsolePort console = new ConsolePort();

    public CpuMachine(int ramMiB) {
        if (ramMiB < 1 || ramMiB > MAX_RAM_MIB) {
            throw new IllegalArgumentException("RAM size must be 1 to " + MAX_RAM_MIB + " MiB: " + ramMiB);
        }
        memory = new PhysicalMemory(ramMiB << 20);
        io.register(ConsolePort.PORT, 1, console);
        cpu = new Cpu(memory, io);
    }

    /** Copies bytes into RAM; a range outside RAM is an error naming it. */
    public void load(int address, byte[] bytes) {
        memory.load(address, bytes, 0, bytes.length);
    }

    public byte[] read(int address, int length) {
        if (length < 0 || Integer.compareUnsigned(address, memory.size()) >= 0 || length > memory.size() - address) {
            throw new IllegalArgumentException("cannot read " + length + " bytes at 0x" + Integer.toHexString(address)
                    + " from " + (memory.size() >>> 20) + " MiB of RAM");
        }
        byte[] bytes = new byte[length];
        System.arraycopy(memory.ram, address, bytes, 0, length);
        return bytes;
    }

    /**
     * Puts the CPU in flat 32-bit protected mode as a boot loader leaves it (paging off, interrupts off, every segment
     * base 0 and limit 4 GiB, CS a 32-bit ring-0 code segment), at the given EIP and ESP. The selectors (0x10 code,
     * 0x18 data) are those the Linux boot protocol names; no GDT is needed until the guest reloads a segment.
     */
    public void enterFlat32(int eip, int esp) {
        cpu.cr0 |= Cpu.CR0_PE;
        for (int seg = 0; seg < 6; seg++) {
            boolean code = seg == Cpu.CS;
            cpu.segSelector[seg] = code ? 0x10 : 0x18;
            cpu.segBase[seg] = 0;
            cpu.segLimit[seg] = 0xFFFFFFFF;
            // Descriptor high dword bits 8..23: P=1 DPL=0 S=1 type (0xB execute/read accessed, 0x3 read/write
            // accessed), then G=1 and D/B=1.
            cpu.segAccess[seg] = (code ? 0x9B00 : 0x9300) | 0xC00000;
        }
        cpu.cpl = 0;
        cpu.setEflags(2);
        cpu.eip = eip;
        cpu.reg[Cpu.ESP] = esp;
        cpu.modeChanged();
    }

    /** Runs up to {@code maxInstructions}; returns how many retired (fewer when the CPU halts or shuts down). */
    public int run(int maxInstructions) {
        return cpu.run(maxInstructions);
    }

    public boolean isHalted() {
        return cpu.halted;
    }

    public boolean isShutdown() {
        return cpu.shutdown;
    }

    public int register(String name) {
        return Registers.get(cpu, name);
    }

    public void setRegister(String name, int value) {
        Registers.set(cpu, name, value);
    }

    public void sendConsoleInput(byte[] bytes) {
        console.offerInput(bytes);
    }

    /** The bytes the guest wrote to the console since the last call. */
    public byte[] takeConsoleOutput() {
        return console.takeOutput();
    }
}
