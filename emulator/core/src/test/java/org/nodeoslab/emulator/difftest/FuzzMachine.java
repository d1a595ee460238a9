package org.nodeoslab.emulator.difftest;

import java.util.Random;
import org.nodeoslab.emulator.bus.IoBus;
import org.nodeoslab.emulator.bus.MemoryStorage;
import org.nodeoslab.emulator.bus.PhysicalMemory;
import org.nodeoslab.emulator.cpu.Cpu;

/**
 * A machine for the decoder fuzz test: random code at 0x10000, and for each mode the tables that make every
 * exception end in a per-vector HLT stub (an IVT in real mode; a GDT, an IDT of DPL 3 interrupt gates and a TSS
 * with a ring-0 stack in protected and virtual-8086 mode). {@link #start} rebuilds all of it, because random code
 * may have overwritten any of it, and puts the CPU in the mode at a random EIP.
 */
final class FuzzMachine {
    enum Mode { REAL, PROTECTED16, PROTECTED32, PROTECTED32_USER, VIRTUAL8086 }

    static final int CODE = 0x10000, CODE_SIZE = 0x10000;
    private static final int GDT = 0x0800, IDT = 0x1000, STUBS = 0x2000, TSS = 0x3000, RING0_STACK = 0xFFF0;
    private static final int DATA16 = 0x20000;
    private static final int FLAT_CODE = 0x08, FLAT_DATA = 0x10, CODE16 = 0x18, DATA16_SEL = 0x20, TSS_SEL = 0x28,
            USER_CODE = 0x33, USER_DATA = 0x3B;

    final PhysicalMemory memory = new PhysicalMemory(4 << 20);
    final Cpu cpu = new Cpu(memory, new IoBus());

    /** Fills the code area with random bytes, biased towards prefixes and the 0F map so those get decoded often. */
    void randomCode(Random rnd) {
        MemoryStorage ram = memory.storage();
        int[] interesting = {0x0F, 0x66, 0x67, 0xF0, 0xF2, 0xF3, 0x26, 0x2E, 0x36, 0x3E, 0x64, 0x65};
        for (int i = 0; i < CODE_SIZE; i++) {
            int r = rnd.nextInt(16);
            ram.write8(CODE + i, r == 0 ? interesting[rnd.nextInt(interesting.length)] : rnd.nextInt(256));
        }
        memory.ramReplaced();
    }

    /** {@code length} bytes of RAM from physical {@code address} (fewer at the end of RAM), for messages. */
    byte[] codeBytes(int address, int length) {
        byte[] bytes = new byte[Math.max(0, Math.min(length, memory.size() - address))];
        memory.copyOut(address, bytes, 0, bytes.length);
        return bytes;
    }

    /** The vector whose HLT stub EIP is at (or just after, once the HLT ran), or -1. */
    int vectorAt() {
        int linear = cpu.segBase[Cpu.CS] + cpu.eip;
        for (int back = 0; back <= 1; back++) {
            int off = linear - back - STUBS;
            if (off >= 0 && off < 256 * 4 && (off & 3) == 0 && (back == 0 || cpu.halted)) {
                return off / 4;
            }
        }
        return -1;
    }

    void start(Mode mode, Random rnd) {
        cpu.reset();
        for (int v = 0; v < 256; v++) {
            memory.write8(STUBS + v * 4, 0xF4); // HLT
            memory.write16(v * 4, STUBS + v * 4); // IVT: 0000:stub
            memory.write16(v * 4 + 2, 0);
            memory.write32(IDT + v * 8, (FLAT_CODE << 16) | ((STUBS + v * 4) & 0xFFFF));
            memory.write32(IDT + v * 8 + 4, ((STUBS + v * 4) & 0xFFFF0000) | 0xEE00); // 32-bit interrupt gate, DPL 3
        }
        descriptor(FLAT_CODE, 0, 0xFFFFF, 0x9B, 0xC);
        descriptor(FLAT_DATA, 0, 0xFFFFF, 0x93, 0xC);
        descriptor(CODE16, CODE, 0xFFFF, 0x9B, 0);
        descriptor(DATA16_SEL, DATA16, 0xFFFF, 0x93, 0);
        descriptor(TSS_SEL, TSS, 0x67, 0x8B, 0);
        descriptor(USER_CODE & ~3, 0, 0xFFFFF, 0xFB, 0xC);
        descriptor(USER_DATA & ~3, 0, 0xFFFFF, 0xF3, 0xC);
        memory.write32(TSS + 4, RING0_STACK);
        memory.write32(TSS + 8, FLAT_DATA);
        for (int i = 0; i < 8; i++) {
            cpu.reg[i] = rnd.nextInt();
        }
        cpu.reg[Cpu.ECX] = rnd.nextInt(64); // a random count makes REP string loops run for seconds
        int flags = (rnd.nextInt() & 0x8D5) | 2;
        switch (mode) {
            case REAL:
                realModeSegments();
                cpu.reg[Cpu.ESP] = 0xFFFE;
                cpu.eip = rnd.nextInt(CODE_SIZE);
                cpu.setEflags(flags);
                break;
            case PROTECTED16:
                protectedMode();
                segment(Cpu.CS, CODE16, CODE, 0xFFFF, 0x9B00);
                for (int s : new int[] {Cpu.SS, Cpu.DS, Cpu.ES, Cpu.FS, Cpu.GS}) {
                    segment(s, DATA16_SEL, DATA16, 0xFFFF, 0x9300);
                }
                cpu.reg[Cpu.ESP] = 0xFFFE;
                cpu.eip = rnd.nextInt(CODE_SIZE);
                cpu.setEflags(flags);
                break;
            case PROTECTED32:
            case PROTECTED32_USER: {
                protectedMode();
                boolean user = mode == Mode.PROTECTED32_USER;
                segment(Cpu.CS, user ? USER_CODE : FLAT_CODE, 0, 0xFFFFFFFF, user ? 0xC0FB00 : 0xC09B00);
                for (int s : new int[] {Cpu.SS, Cpu.DS, Cpu.ES, Cpu.FS, Cpu.GS}) {
                    segment(s, user ? USER_DATA : FLAT_DATA, 0, 0xFFFFFFFF, user ? 0xC0F300 : 0xC09300);
                }
                cpu.cpl = user ? 3 : 0;
                cpu.reg[Cpu.ESP] = 0x30000;
                cpu.eip = CODE + rnd.nextInt(CODE_SIZE);
                cpu.setEflags(flags);
                break;
            }
            case VIRTUAL8086: {
                protectedMode();
                segment(Cpu.CS, FLAT_CODE, 0, 0xFFFFFFFF, 0xC09B00);
                for (int s : new int[] {Cpu.SS, Cpu.DS, Cpu.ES, Cpu.FS, Cpu.GS}) {
                    segment(s, FLAT_DATA, 0, 0xFFFFFFFF, 0xC09300);
                }
                cpu.modeChanged();
                // Enter virtual-8086 mode the way a monitor does: IRETD with VM set in the popped EFLAGS.
                int iopl = rnd.nextBoolean() ? 3 << 12 : 0;
                int[] frame = {rnd.nextInt(CODE_SIZE), CODE >> 4, flags | Cpu.FLAG_VM | Cpu.FLAG_IF | iopl, 0xFFFE,
                        DATA16 >> 4, DATA16 >> 4, DATA16 >> 4, DATA16 >> 4, DATA16 >> 4};
                int sp = RING0_STACK - frame.length * 4;
                for (int i = 0; i < frame.length; i++) {
                    memory.write32(sp + i * 4, frame[i]);
                }
                cpu.reg[Cpu.ESP] = sp;
                cpu.interrupts.iret(true);
                break;
            }
            default:
                throw new IllegalArgumentException(mode.toString());
        }
    }

    private void realModeSegments() {
        segment(Cpu.CS, CODE >> 4, CODE, 0xFFFF, 0x9B00);
        for (int s : new int[] {Cpu.SS, Cpu.DS, Cpu.ES, Cpu.FS, Cpu.GS}) {
            segment(s, DATA16 >> 4, DATA16, 0xFFFF, 0x9300);
        }
        cpu.modeChanged();
    }

    private void protectedMode() {
        cpu.gdtrBase = GDT;
        cpu.gdtrLimit = 0x3F;
        cpu.idtrBase = IDT;
        cpu.idtrLimit = 256 * 8 - 1;
        cpu.trSelector = TSS_SEL;
        cpu.trBase = TSS;
        cpu.trLimit = 0x67;
        cpu.trAccess = 0x8B00;
        cpu.cr0 = Cpu.CR0_PE | Cpu.CR0_ET | Cpu.CR0_NE;
    }

    private void segment(int s, int selector, int base, int limit, int access) {
        cpu.segSelector[s] = selector;
        cpu.segBase[s] = base;
        cpu.segLimit[s] = limit;
        cpu.segAccess[s] = access;
        cpu.modeChanged();
    }

    /** Writes a GDT descriptor: flags = G, D/B, L, AVL (high nibble of byte 6). */
    private void descriptor(int selector, int base, int limit, int access, int flags) {
        int at = GDT + (selector & ~7);
        memory.write32(at, (base << 16) | (limit & 0xFFFF));
        memory.write32(at + 4, (base & 0xFF000000) | (flags << 20) | (limit & 0xF0000) | (access << 8)
                | ((base >>> 16) & 0xFF));
    }
}
