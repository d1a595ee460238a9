package org.nodeoslab.emulator.difftest;

/**
 * Where things live in a test program's address space. The same image is mapped at the same addresses natively
 * (a static ELF, no relocation) and in the emulator (loaded into physical memory, flat segments), so every
 * absolute address in the machine code means the same on both sides.
 */
final class Layout {
    private Layout() {
    }

    /** Load address of the ELF image. */
    static final int ORG = 0x0010_0000;
    /** The compared memory window: bytes [0, DATA) are the data operands, [DATA, WINDOW) the stack. */
    static final int W = 0x0010_1000;
    static final int WINDOW = 192;
    static final int DATA = 64;
    /** ESP on entry to a case: 64 bytes of pushes below it and 64 bytes of pops above it stay in the window. */
    static final int ESP = W + 128;
    /** Every case ends by jumping to one of these two fixed addresses (the second marks "branch taken"). */
    static final int EXIT0 = 0x0010_2000;
    static final int EXIT1 = 0x0010_2010;

    /** Per-case record fed to the native driver: EAX..EDI, EFLAGS, window. */
    static final int IN_RECORD = 8 * 4 + 4 + WINDOW;
    /**
     * Per-case record the driver writes back: EAX..EDI, EFLAGS, exit, trap number, error code, fault EIP, the six
     * segment selectors (16 bits each, ES CS SS DS FS GS), window.
     */
    static final int OUT_RECORD = 8 * 4 + 5 * 4 + 12 + WINDOW;

    /** Emulator side only: the GDT, the IDT and one HLT per vector that the IDT points to, all below ORG. */
    static final int GDT = 0x0800;
    static final int IDT = 0x1000;
    static final int VECTOR_STUBS = 0x2000;
    static final int STUB_SIZE = 4;
}
