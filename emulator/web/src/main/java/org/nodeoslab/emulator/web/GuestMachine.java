package org.nodeoslab.emulator.web;

import org.nodeoslab.emulator.bus.PhysicalMemory;
import org.nodeoslab.emulator.cpu.Cpu;
import org.nodeoslab.emulator.pc.CpuStateDump;

/**
 * What a page can do with a machine, bare ({@link CpuMachine}) or a whole PC ({@link PcMachine}): load bytes, set and
 * read registers, run for a budget, exchange serial bytes. Plain Java, so the smoke tests run the very same class on
 * the JVM as reference.
 */
public abstract class GuestMachine {
    /** Why {@link #run} returned. */
    public enum Status {
        /** The budget was used up: run again. */
        BUDGET,
        /** Halted until an interrupt that a timer or serial input will raise: run again when one is due. */
        IDLE,
        /** Halted with nothing that could wake it (a bare machine's HLT, a PC's power-off): the run is over. */
        HALTED,
        /** Triple fault. */
        SHUTDOWN,
        /** The guest asked the PC for a reset; there is no BIOS to reboot through, so the run is over. */
        RESET
    }

    public final PhysicalMemory memory;
    public final Cpu cpu;

    GuestMachine(PhysicalMemory memory, Cpu cpu) {
        this.memory = memory;
        this.cpu = cpu;
    }

    /** Runs up to {@code budget} instructions (a PC: cycles, which include skipped idle time). */
    public abstract Status run(int budget);

    /** Serial input for the guest: the console port of a bare machine, COM1 of a PC. */
    public abstract void sendSerial(byte[] bytes);

    /** The bytes the guest sent on its serial console since the last call. */
    public abstract byte[] takeSerialOutput();

    /** Instructions retired since power-on. */
    public long instructions() {
        return cpu.instructionCount;
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
        memory.copyOut(address, bytes, 0, length);
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

    /** The CPU state as nodeos-emu prints it after a triple fault or an emulator error. */
    public String describeCpu() {
        return CpuStateDump.describe(cpu);
    }

    public int register(String name) {
        return Registers.get(cpu, name);
    }

    public void setRegister(String name, int value) {
        Registers.set(cpu, name, value);
    }
}
