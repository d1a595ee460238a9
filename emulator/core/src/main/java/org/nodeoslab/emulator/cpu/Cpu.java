package org.nodeoslab.emulator.cpu;

import org.nodeoslab.emulator.bus.IoBus;
import org.nodeoslab.emulator.bus.PhysicalMemory;

/**
 * An i686 CPU (Pentium Pro/II class integer and system architecture; x87/MMX/SSE/SSE2 in {@code cpu.fpu}).
 *
 * <p>Public API, used by the PC, the tests and the browser build:
 * <pre>
 *   Cpu cpu = new Cpu(memory, io);          // after reset: real mode, CS:IP = F000:FFF0
 *   cpu.setInterruptController(pic);
 *   cpu.reg[Cpu.EAX] = ...; cpu.eip = ...;   // registers are public fields
 *   int executed = cpu.run(100_000);         // runs up to N instructions; returns early when halted
 * </pre>
 *
 * <p>Ownership inside the package: this class holds the architectural state and the fetch/decode/execute loop;
 * system-architecture mechanisms live in their own classes (paging and linear memory access in {@link Mmu},
 * segment loads and descriptor checks in {@link Segments}, exception and interrupt delivery in
 * {@link Interrupts}, far transfers and task switches in {@link ControlTransfer}, MSRs/CPUID/control registers
 * in {@link SystemRegisters}).
 */
public final class Cpu {
    // General registers, indexed as in the ModRM encoding.
    public static final int EAX = 0, ECX = 1, EDX = 2, EBX = 3, ESP = 4, EBP = 5, ESI = 6, EDI = 7;
    // Segment registers, indexed as in the ModRM encoding of MOV Sreg.
    public static final int ES = 0, CS = 1, SS = 2, DS = 3, FS = 4, GS = 5;

    // EFLAGS bits.
    public static final int FLAG_CF = 1, FLAG_PF = 1 << 2, FLAG_AF = 1 << 4, FLAG_ZF = 1 << 6, FLAG_SF = 1 << 7,
            FLAG_TF = 1 << 8, FLAG_IF = 1 << 9, FLAG_DF = 1 << 10, FLAG_OF = 1 << 11, FLAG_IOPL = 3 << 12,
            FLAG_NT = 1 << 14, FLAG_RF = 1 << 16, FLAG_VM = 1 << 17, FLAG_AC = 1 << 18, FLAG_VIF = 1 << 19,
            FLAG_VIP = 1 << 20, FLAG_ID = 1 << 21;

    // CR0 and CR4 bits.
    public static final int CR0_PE = 1, CR0_MP = 1 << 1, CR0_EM = 1 << 2, CR0_TS = 1 << 3, CR0_ET = 1 << 4,
            CR0_NE = 1 << 5, CR0_WP = 1 << 16, CR0_AM = 1 << 18, CR0_NW = 1 << 29, CR0_CD = 1 << 30,
            CR0_PG = 1 << 31;
    public static final int CR4_VME = 1, CR4_PVI = 1 << 1, CR4_TSD = 1 << 2, CR4_DE = 1 << 3, CR4_PSE = 1 << 4,
            CR4_PAE = 1 << 5, CR4_MCE = 1 << 6, CR4_PGE = 1 << 7, CR4_PCE = 1 << 8, CR4_OSFXSR = 1 << 9,
            CR4_OSXMMEXCPT = 1 << 10;

    public final PhysicalMemory memory;
    public final IoBus io;

    // ---- Architectural state -------------------------------------------------------------------------------
    public final int[] reg = new int[8];
    public int eip;

    /** Segment registers: visible selector and the hidden descriptor cache (base, limit in bytes, access). */
    public final int[] segSelector = new int[6];
    public final int[] segBase = new int[6];
    public final int[] segLimit = new int[6];
    /**
     * Descriptor cache attributes as in bits 8..23 of the descriptor's high dword
     * (type, S, DPL, P at bits 8..15; AVL, L, D/B, G at bits 20..23), so {@code (segAccess >> 22) & 1} is D/B.
     */
    public final int[] segAccess = new int[6];

    public int gdtrBase, gdtrLimit, idtrBase, idtrLimit;
    public int ldtrSelector, ldtrBase, ldtrLimit;
    public int trSelector, trBase, trLimit, trAccess;

    public int cr0, cr2, cr3, cr4;
    public final int[] dr = new int[8];

    /** Current privilege level (0-3). */
    public int cpl;

    /** EFLAGS as last materialized; the executor may keep arithmetic flags lazily: use {@link #getEflags()}. */
    public int eflags = 2;
    /** True after HLT until an interrupt arrives. */
    public boolean halted;
    /** Set by {@link Interrupts} on a triple fault: the run loop returns and the machine resets (as a PC does). */
    public boolean shutdown;
    /** An NMI is waiting to be taken at the next instruction boundary. */
    public boolean nmiPending;

    // ---- Collaborators (see the class comment for who owns what) -------------------------------------------
    public final Mmu mmu;
    public final Segments segments;
    public final Interrupts interrupts;
    public final ControlTransfer control;
    public final SystemRegisters sys;
    public final org.nodeoslab.emulator.cpu.fpu.Fpu fpu;
    /** The PIC pair (or any controller); null means no maskable interrupts. */
    public InterruptController pic;

    public Cpu(PhysicalMemory memory, IoBus io) {
        this.memory = memory;
        this.io = io;
        this.mmu = new Mmu(this);
        this.segments = new Segments(this);
        this.interrupts = new Interrupts(this);
        this.control = new ControlTransfer(this);
        this.sys = new SystemRegisters(this);
        this.fpu = new org.nodeoslab.emulator.cpu.fpu.Fpu(this);
    }

    public void setInterruptController(InterruptController controller) {
        this.pic = controller;
    }

    /** Raises the NMI line (taken at the next instruction boundary, whatever EFLAGS.IF says). */
    public void raiseNmi() {
        nmiPending = true;
    }

    /** EFLAGS with the lazily kept arithmetic flags folded in. */
    public int getEflags() {
        return eflags;
    }

    /** Sets all of EFLAGS (callers apply privilege rules first); reserved bit 1 stays set. */
    public void setEflags(int value) {
        eflags = (value & 0x003F7FD5) | 2;
        modeChanged();
    }

    /**
     * Called by anyone who changes CR0.PE, EFLAGS.VM, the CS or SS descriptor cache or CPL, so the executor can
     * refresh what it caches about the current mode (default operand/address size, stack size).
     */
    public void modeChanged() {
    }
}
