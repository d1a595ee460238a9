package org.nodeoslab.emulator.cpu;

/**
 * Stack accesses made by the system mechanisms (interrupt frames, far calls and returns, IRET): through SS with
 * its limit check (expand-up or expand-down, 16- or 32-bit stack) and the current privilege.
 * {@link #peek} reads ahead without popping, so returns can check everything before changing any state.
 */
final class SystemStack {
    private final Cpu cpu;

    SystemStack(Cpu cpu) {
        this.cpu = cpu;
    }

    private boolean big() {
        return (cpu.segAccess[Cpu.SS] & 0x400000) != 0;
    }

    /** The stack pointer as an offset: ESP for a 32-bit stack, SP for a 16-bit one. */
    int pointer() {
        return big() ? cpu.reg[Cpu.ESP] : cpu.reg[Cpu.ESP] & 0xFFFF;
    }

    /** Sets the stack pointer; a 16-bit stack only changes SP. */
    void setPointer(int value) {
        if (big()) {
            cpu.reg[Cpu.ESP] = value;
        } else {
            cpu.reg[Cpu.ESP] = (cpu.reg[Cpu.ESP] & 0xFFFF0000) | (value & 0xFFFF);
        }
    }

    void push16(int value) {
        push(value, false);
    }

    void push32(int value) {
        push(value, true);
    }

    /** Pushes a dword (operand32) or a word; the stack pointer moves only once the write succeeded. */
    void push(int value, boolean operand32) {
        int size = operand32 ? 4 : 2;
        int offset = pointer() - size;
        if (!big()) {
            offset &= 0xFFFF;
        }
        int linear = linear(offset, size);
        if (operand32) {
            cpu.mmu.write32(linear, value);
        } else {
            cpu.mmu.write16(linear, value);
        }
        setPointer(offset);
    }

    /** Reads the value {@code index} slots of the given size above the stack pointer, without popping. */
    int peek(int index, boolean operand32) {
        return peekAt(index * (operand32 ? 4 : 2), operand32);
    }

    /** Reads the value {@code bytes} bytes above the stack pointer, without popping. */
    int peekAt(int bytes, boolean operand32) {
        int size = operand32 ? 4 : 2;
        int offset = pointer() + bytes;
        if (!big()) {
            offset &= 0xFFFF;
        }
        int linear = linear(offset, size);
        return operand32 ? cpu.mmu.read32(linear) : cpu.mmu.read16(linear);
    }

    /** Pops {@code bytes} bytes (a multiple of the slot size plus RETF's immediate). */
    void discard(int bytes) {
        setPointer(pointer() + bytes);
    }

    /** Linear address of a stack access at this offset; #SS(0) outside the segment limit. */
    private int linear(int offset, int size) {
        int access = cpu.segAccess[Cpu.SS];
        int limit = cpu.segLimit[Cpu.SS];
        int last = offset + size - 1;
        boolean ok;
        if ((access & 0x1C00) == 0x1400) { // expand-down data segment: valid offsets are above the limit
            int upper = big() ? 0xFFFFFFFF : 0xFFFF;
            ok = Integer.compareUnsigned(offset, limit) > 0 && Integer.compareUnsigned(last, upper) <= 0
                    && Integer.compareUnsigned(last, offset) >= 0;
        } else {
            ok = Integer.compareUnsigned(last, limit) <= 0 && Integer.compareUnsigned(last, offset) >= 0;
        }
        if (!ok) {
            throw CpuFault.withCode(CpuFault.SS, 0);
        }
        return cpu.segBase[Cpu.SS] + offset;
    }
}
