package org.nodeoslab.emulator.cpu;

import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * Random byte streams executed in real mode, 16-bit and 32-bit protected mode at CPL 0 and 32-bit at CPL 3 never
 * make a Java exception escape the CPU: the guest sees #UD, #GP, #PF, ... or runs (a triple fault is a shutdown).
 */
class DecoderFuzzTest {
    private static final int PROGRAMS_PER_MODE = 400;
    private static final int INSTRUCTIONS = 400;

    @Test
    void realMode() {
        fuzz("real", 1);
    }

    @Test
    void protectedMode32() {
        fuzz("pm32", 2);
    }

    @Test
    void protectedMode16() {
        fuzz("pm16", 3);
    }

    @Test
    void userMode32() {
        fuzz("user32", 4);
    }

    private static void fuzz(String mode, long seed) {
        Random random = new Random(seed);
        GuestMachine m = new GuestMachine();
        for (int p = 0; p < PROGRAMS_PER_MODE; p++) {
            byte[] code = new byte[64];
            random.nextBytes(code);
            java.util.Arrays.fill(m.memory.ram, (byte) 0);
            enter(m, mode);
            int base = mode.equals("real") ? 0x7C00 : GuestMachine.LOAD_ADDRESS;
            m.load(code, base);
            try {
                for (int slice = 0; slice < 4 && !m.cpu.shutdown; slice++) {
                    m.cpu.halted = false; // keep going after HLT in a handler
                    m.cpu.run(INSTRUCTIONS / 4);
                }
            } catch (RuntimeException | Error e) {
                StringBuilder hex = new StringBuilder();
                for (byte b : code) {
                    hex.append(String.format("%02x ", b & 0xFF));
                }
                AssertionError failure = new AssertionError(mode + " program " + p + " (" + hex + ") threw " + e
                        + " at EIP 0x" + Integer.toHexString(m.cpu.eip));
                failure.initCause(e);
                throw failure;
            }
        }
    }

    /** A machine in the given mode whose every interrupt vector leads to a handler that returns (IRET). */
    private static void enter(GuestMachine m, String mode) {
        if (mode.equals("real")) {
            m.enterReal16();
            m.memory.write8(0x500, 0xCF); // IRET
            for (int v = 0; v < 256; v++) {
                m.memory.write32(v * 4, 0x00000500);
            }
            return;
        }
        m.enterFlat32();
        m.memory.write8(0x600, 0xCF);
        for (int v = 0; v < 256; v++) {
            int gate = GuestMachine.IDT + v * 8;
            boolean errorCode = v == 8 || (v >= 10 && v <= 14) || v == 17;
            int handler = errorCode ? 0x610 : 0x600;
            m.memory.write32(gate, 0x00080000 | handler);
            m.memory.write32(gate + 4, 0x0000EE00); // 32-bit interrupt gate, DPL 3
        }
        m.memory.write8(0x610, 0x83); // add esp, 4 (drop the error code)
        m.memory.write8(0x611, 0xC4);
        m.memory.write8(0x612, 0x04);
        m.memory.write8(0x613, 0xCF); // iret
        Cpu c = m.cpu;
        if (mode.equals("pm16")) {
            c.segAccess[Cpu.CS] = 0x009B00;
            c.segLimit[Cpu.CS] = 0xFFFF;
            c.modeChanged();
        } else if (mode.equals("user32")) {
            // TSS for the ring switch back to 0 on interrupts: SS0:ESP0 = 0x10:0x70000
            int tss = 0x700;
            m.memory.write32(tss + 4, 0x70000);
            m.memory.write32(tss + 8, 0x10);
            m.memory.write32(tss + 102, 104 << 16);
            m.memory.write32(GuestMachine.GDT + 0x28, 0x00000067 | tss << 16);
            m.memory.write32(GuestMachine.GDT + 0x2C, 0x00008900);
            c.gdtrLimit = 0x2F;
            c.sys.ltr(0x28);
            for (int s = 0; s < 6; s++) {
                c.segSelector[s] = s == Cpu.CS ? 0x1B : 0x23;
                c.segAccess[s] = s == Cpu.CS ? 0xC0FB00 : 0xC0F300;
            }
            c.cpl = 3;
            c.modeChanged();
        }
    }
}
