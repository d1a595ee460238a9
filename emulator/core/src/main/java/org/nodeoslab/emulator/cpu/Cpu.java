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

    /** Computes arithmetic results and holds the arithmetic flags lazily. */
    final Alu alu;
    /** Fetch, decode and execute. */
    final Executor exec;

    /**
     * Set by STI (when it sets IF), MOV SS and POP SS: maskable interrupts (and single-step traps) wait until
     * after the next instruction.
     */
    public boolean interruptShadow;
    /**
     * The immediate byte of the SIMD instructions that have one (0F 70-73, C2, C4-C6), fetched by the executor
     * before it calls {@code fpu.execute0F}.
     */
    public int simdImmediate8;
    /**
     * Instructions retired since reset (the default time source). Updated at the end of each block of
     * instructions; RDTSC ends its block, so a TSC derived from it lags by at most the instructions since the
     * previous block boundary.
     */
    public long instructionCount;

    public Cpu(PhysicalMemory memory, IoBus io) {
        this.memory = memory;
        this.io = io;
        this.alu = new Alu(this);
        this.mmu = new Mmu(this);
        this.segments = new Segments(this);
        this.interrupts = new Interrupts(this);
        this.control = new ControlTransfer(this);
        this.sys = new SystemRegisters(this);
        this.fpu = new org.nodeoslab.emulator.cpu.fpu.Fpu(this);
        this.exec = new Executor(this);
        reset();
    }

    /** Power-on/RESET state: real mode, CS:IP = F000:FFF0 with CS base FFFF0000, as an i686 comes out of reset. */
    public void reset() {
        for (int i = 0; i < 8; i++) {
            reg[i] = 0;
            dr[i] = 0;
        }
        reg[EDX] = 0x0633; // family 6, model 3, stepping 3: the reset signature of a Pentium II
        dr[6] = 0xFFFF0FF0;
        dr[7] = 0x400;
        for (int s = 0; s < 6; s++) {
            segSelector[s] = 0;
            segBase[s] = 0;
            segLimit[s] = 0xFFFF;
            segAccess[s] = 0x9300; // present, DPL 0, read/write data, accessed
        }
        segSelector[CS] = 0xF000;
        segBase[CS] = 0xFFFF0000;
        segAccess[CS] = 0x9B00; // present, DPL 0, execute/read code, accessed
        eip = 0xFFF0;
        gdtrBase = idtrBase = 0;
        gdtrLimit = idtrLimit = 0xFFFF;
        ldtrSelector = ldtrBase = 0;
        ldtrLimit = 0xFFFF;
        trSelector = trBase = 0;
        trLimit = 0xFFFF;
        trAccess = 0x8B00;
        cr0 = CR0_ET | CR0_CD | CR0_NW;
        cr2 = cr3 = cr4 = 0;
        cpl = 0;
        alu.lazy = 0;
        eflags = 2;
        halted = false;
        shutdown = false;
        nmiPending = false;
        interruptShadow = false;
        fpu.reset();
        memory.ramReplaced(); // RESET starts with no decoded instructions (it is a cache, not machine state)
        mmu.flushTlb(true);
        sys.reset();
        modeChanged();
    }

    /** The compiled-code side of this CPU (cpu.jit), or null when it runs the interpreter alone. */
    public JitBridge compiledCode() {
        return exec.jit;
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
        return alu.fold(eflags);
    }

    /** Sets all of EFLAGS (callers apply privilege rules first); reserved bit 1 stays set. */
    public void setEflags(int value) {
        int old = eflags;
        alu.lazy = 0;
        eflags = (value & 0x003F7FD5) | 2;
        if (((old ^ eflags) & FLAG_VM) != 0) {
            modeChanged(); // of EFLAGS the executor caches only VM; TF, IF, IOPL and RF it reads when it needs them
        }
    }

    /**
     * Called by whoever writes a segment's base (Segments, SYSENTER/SYSEXIT), so the executor's memory accessors,
     * which skip the base when they know it is 0, never use a stale answer (not every base write is a mode change).
     */
    void segmentBaseChanged(int seg) {
        if (exec != null) {
            exec.baseChanged(seg);
        }
    }

    /**
     * Called by anyone who changes CR0.PE, EFLAGS.VM, the CS or SS descriptor cache or CPL, so the executor can
     * refresh what it caches about the current mode (default operand/address size, stack size, segment checks,
     * the instruction-fetch page). Cheap enough to call after any segment register load.
     */
    public void modeChanged() {
        exec.refreshMode();
    }

    /**
     * Forgets the cached translation of the current code page. Mmu calls this when it flushes TLB entries; a
     * change of the A20 gate or of the memory map under running code must call it too (with a TLB flush).
     */
    public void invalidateFetch() {
        exec.invalidateFetch();
    }

    /**
     * Runs up to {@code maxInstructions} instructions; returns how many retired. Returns early when the CPU halts
     * with nothing pending or shuts down (triple fault). Interrupts are taken between instructions: NMI first,
     * then a maskable interrupt if EFLAGS.IF is set and no interrupt shadow is active.
     */
    public int run(int maxInstructions) {
        int done = 0;
        Executor x = exec;
        while (done < maxInstructions) {
            if (shutdown) {
                break;
            }
            int budget = maxInstructions - done;
            if (interruptShadow) {
                // One instruction runs before interrupts are looked at again.
                interruptShadow = false;
                budget = 1;
            } else if (nmiPending || ((eflags & FLAG_IF) != 0 && pic != null && pic.hasInterrupt())) {
                takeInterrupt();
            }
            if (halted) {
                break;
            }
            int retired = x.runBlock(budget);
            done += retired;
            instructionCount += retired; // per block, so a time source reading it inside run() is nearly current
        }
        return done;
    }

    /**
     * Runs only the compiled region at EIP (compiling it first if the JIT's mode says so), if {@code accept} takes
     * it: no chaining to another, nothing interpreted after it, interrupts not looked at; returns the instructions
     * it retired, 0 when none ran (no JIT, no region here, refused). For comparing with a reference machine at
     * region boundaries (the lockstep against QEMU).
     */
    public int runCompiledRegion(int budget, java.util.function.Predicate<org.nodeoslab.emulator.cpu.jit.Region> accept) {
        if (halted || shutdown) {
            return 0;
        }
        int retired = exec.runCompiledRegion(budget, accept);
        instructionCount += retired;
        return retired;
    }

    private void takeInterrupt() {
        int vector;
        if (nmiPending) {
            nmiPending = false;
            vector = 2;
        } else {
            vector = pic.acknowledge();
        }
        halted = false;
        try {
            interrupts.deliver(vector, false, 0, false, eip);
        } catch (CpuFault f) {
            exec.deliverFault(f);
        }
        invalidateFetch();
    }
}
