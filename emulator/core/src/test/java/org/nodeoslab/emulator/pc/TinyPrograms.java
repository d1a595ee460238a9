package org.nodeoslab.emulator.pc;

import java.io.ByteArrayOutputStream;

/** Small real-mode guest programs for machine-level tests, started from the reset vector. */
public final class TinyPrograms {
    private TinyPrograms() {
    }

    /** Prints the alphabet on COM1 one byte at a time, then CLI; HLT (a power-off as the runner sees it). */
    public static final byte[] ALPHABET_THEN_POWER_OFF = {
            (byte) 0xBA, (byte) 0xF8, 0x03, // mov dx, 0x3F8
            (byte) 0xB0, 0x61,              // mov al, 'a'
            (byte) 0xEE,                    // out dx, al
            (byte) 0xFE, (byte) 0xC0,       // inc al
            0x3C, 0x7B,                     // cmp al, 'z' + 1
            0x75, (byte) 0xF9,              // jne out
            (byte) 0xFA,                    // cli
            (byte) 0xF4,                    // hlt
    };

    /** Puts {@code program} at 0000:7C00 and a far jump to it at the reset vector. */
    public static void install(Pc pc, byte[] program) {
        pc.memory.load(0x7C00, program, 0, program.length);
        byte[] jump = {(byte) 0xEA, 0x00, 0x7C, 0x00, 0x00}; // jmp 0000:7C00
        pc.memory.load(0xFFFF0, jump, 0, jump.length);
    }

    /** A virtual-clock PC of 16 MiB running {@code program}, its COM1 output collected in {@code console}. */
    public static Pc machine(byte[] program, ByteArrayOutputStream console) {
        Pc pc = new Pc(PcConfig.virtual(16 << 20));
        pc.com1.setSink(console::write);
        install(pc, program);
        return pc;
    }
}
