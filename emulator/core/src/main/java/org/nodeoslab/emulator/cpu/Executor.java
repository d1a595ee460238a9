package org.nodeoslab.emulator.cpu;

import static org.nodeoslab.emulator.cpu.Cpu.CS;
import static org.nodeoslab.emulator.cpu.Cpu.DS;
import static org.nodeoslab.emulator.cpu.Cpu.EAX;
import static org.nodeoslab.emulator.cpu.Cpu.EBP;
import static org.nodeoslab.emulator.cpu.Cpu.EBX;
import static org.nodeoslab.emulator.cpu.Cpu.ECX;
import static org.nodeoslab.emulator.cpu.Cpu.EDI;
import static org.nodeoslab.emulator.cpu.Cpu.EDX;
import static org.nodeoslab.emulator.cpu.Cpu.ES;
import static org.nodeoslab.emulator.cpu.Cpu.ESI;
import static org.nodeoslab.emulator.cpu.Cpu.ESP;
import static org.nodeoslab.emulator.cpu.Cpu.FS;
import static org.nodeoslab.emulator.cpu.Cpu.GS;
import static org.nodeoslab.emulator.cpu.Cpu.SS;

import org.nodeoslab.emulator.bus.MemoryStorage;
import org.nodeoslab.emulator.bus.PhysicalMemory;
import org.nodeoslab.emulator.cpu.fpu.Fpu;

/**
 * Fetch, decode and execute of the i686 integer instruction set in every mode (real, 16/32-bit protected,
 * virtual-8086). Owns the per-instruction decode state (prefixes, ModRM, effective address), segment-checked memory
 * access, the stack, and the instruction-fetch fast path (the current code page's offset in RAM).
 *
 * <p>One-byte opcodes dispatch in {@link #execute}, the 0F map in {@link #execute0F}; which opcodes take a ModRM
 * byte, exist, or accept LOCK comes from {@link InstructionTable}. String instructions live in {@link StringOps},
 * the multiply/divide/BCD/bit instructions in {@link ArithOps}.
 */
final class Executor {
    private static final int FLAG_IOPL_SHIFT = 12;
    /** Decode info and attributes of the table plus the x87 escapes D8-DF (their forms belong to cpu.fpu). */
    private static final byte[] DECODE = InstructionTable.decodeInfo.clone();
    private static final byte[] ATTRIBUTES = InstructionTable.attributes.clone();

    /** The prefix bytes (segment overrides, 66, 67, LOCK, REPNE, REP). */
    private static final boolean[] IS_PREFIX = new boolean[256];

    static {
        for (int p : new int[] {0x26, 0x2E, 0x36, 0x3E, 0x64, 0x65, 0x66, 0x67, 0xF0, 0xF2, 0xF3}) {
            IS_PREFIX[p] = true;
        }
        for (int op = 0xD8; op <= 0xDF; op++) {
            DECODE[op] |= InstructionTable.HAS_MODRM;
            for (int r = 0; r < 8; r++) {
                ATTRIBUTES[op * 8 + r] |= InstructionTable.DEFINED;
            }
        }
    }

    final Cpu cpu;
    final int[] reg;
    final Mmu mmu;
    final Alu alu;
    private final Fpu fpu;
    final int[] segBase;
    final int[] segLimit;
    final int[] segAccess;
    private final PhysicalMemory memory;
    /** RAM (the fetch window reads it directly). */
    final MemoryStorage ram;
    private final StringOps strings;
    final ArithOps arith;
    private final SystemOps system;
    /** Pre-decoded instructions by physical address (see {@link DecodedCode}). */
    private final DecodedCode decoded;
    final int[] decodedEntries;
    /** {@link DecodedCode#fast}: what {@link FastForms#run} reads. */
    final int[] fastEntries;
    final int decodedMask;

    // ---- Mode, refreshed by refreshMode() ------------------------------------------------------------------
    boolean protectedMode;
    boolean v86;
    /** Default operand and address size of the code segment. */
    private boolean csDefault32;
    /** {@link DecodedCode#TAG_CS32} when csDefault32: decoded entries of the other mode do not apply. */
    private int decodedMode;
    /** o32, a32, segOverride, rep or prefix66 differ from the defaults of the code segment. */
    boolean prefixStateSet;
    /** SS.B: the stack pointer is ESP (else SP). */
    boolean stack32;
    /** Per segment register: accesses need no limit/type check (flat, present, readable/writable). */
    private final boolean[] fastRead = new boolean[6];
    private final boolean[] fastWrite = new boolean[6];
    /**
     * The same as bits (1 << segment), for the memory accessors: a field and a shift instead of an array's load and
     * bounds check (in the browser an array is a struct holding a wasm array: three dependent loads).
     */
    private int fastReadBits, fastWriteBits;
    /**
     * Bit (1 << segment) set when the segment's base is 0 (flat code's CS, DS, ES, SS): the accessors then take the
     * offset as the linear address without loading segBase (in the browser another three dependent loads: 13% of
     * Executor.read32's samples in a warm node -e). Refreshed with the flags above, whenever a base may change.
     */
    private int zeroBaseBits;

    // ---- Instruction fetch fast path: EIPs [fetchEip, fetchEip + fetchSpan) are at ram[fetchHost + ...] -------
    int fetchEip;
    int fetchSpan;
    int fetchHost;
    /** The Mmu's TLB generation when the window was filled: any flush or INVLPG since drops the window. */
    private int fetchGeneration;
    /** CS base and limit and CPL when the window was filled. */
    private int fetchCsBase;
    private int fetchCsLimit;
    private int fetchCpl;

    // ---- Per-instruction decode state ----------------------------------------------------------------------
    /** Operand size 32 / address size 32 after prefixes. */
    boolean o32;
    boolean a32;
    /** Segment override (ES..GS) or -1. */
    int segOverride;
    /** 0, 0xF2 (REPNE) or 0xF3 (REP/REPE): the last of them. */
    int rep;
    private boolean prefix66;
    int modrm;
    /** Effective address of a memory operand: segment register and offset. */
    int eaSeg;
    int eaOff;
    /**
     * The memory operand's form as {@link DecodedCode} packs it (base, index, scale, segment) and its
     * displacement: {@link #effectiveOffset()} computes the offset from them (POP Ev again after ESP moved).
     */
    private int eaForm;
    private int eaDisp;
    /** EIP and ESP at the start of the current instruction (restored when it faults). */
    int startEip;
    int startEsp;
    /** The current instruction is IRET (which loads RF instead of having it cleared at its end). */
    private boolean iretExecuted;
    /** The flags were saved before a memory read-modify-write (restored if the instruction faults). */
    boolean flagsSaved;
    /** Set by instructions after which interrupts or the mode may have changed: the run loop looks again. */
    boolean endBlock;
    /** Compiled guest code ({@code cpu.jit}), or null when the interpreter runs alone. */
    JitBridge jit;
    /** The last instruction jumped (or a block began): EIP may be the entry of a compiled region. */
    boolean branched;
    /**
     * cpu.jit's {@link org.nodeoslab.emulator.cpu.jit.JitConfig#lookupSampling} (1: every branch target looked up),
     * and, for {@link FastForms#run}, the unmarked branch targets left before the next is looked up (JitBridge
     * resets it).
     */
    int lookupSampling = 1, lookupCountdown = 1;

    Executor(Cpu cpu) {
        this.cpu = cpu;
        this.reg = cpu.reg;
        this.mmu = cpu.mmu;
        this.alu = cpu.alu;
        this.fpu = cpu.fpu;
        this.segBase = cpu.segBase;
        this.segLimit = cpu.segLimit;
        this.segAccess = cpu.segAccess;
        this.memory = cpu.memory;
        this.ram = cpu.memory.storage();
        this.strings = new StringOps(this);
        this.arith = new ArithOps(this);
        this.system = new SystemOps(this);
        this.decoded = new DecodedCode(memory);
        this.decodedEntries = decoded.entries;
        this.fastEntries = decoded.fast;
        this.decodedMask = decoded.mask;
        this.jit = JitBridge.attach(this);
    }

    // =========================================================================================================
    // Mode and segment caches
    // =========================================================================================================

    void refreshMode() {
        protectedMode = (cpu.cr0 & Cpu.CR0_PE) != 0;
        v86 = protectedMode && (cpu.eflags & Cpu.FLAG_VM) != 0;
        boolean pmode = protectedMode && !v86;
        csDefault32 = pmode && (segAccess[CS] & 0x400000) != 0;
        stack32 = pmode && (segAccess[SS] & 0x400000) != 0;
        decodedMode = csDefault32 ? DecodedCode.TAG_CS32 : 0;
        // The defaults changed: the next instruction resets the prefix state (not this one, which may be a
        // MOV SS or LSS in the middle of using its operand size).
        prefixStateSet = true;
        for (int s = 0; s < 6; s++) {
            refreshSegment(s);
        }
        // The fetch window depends on CS (base, limit) and on CPL (page permissions); keep it if they are the same.
        if (segBase[CS] != fetchCsBase || segLimit[CS] != fetchCsLimit || cpu.cpl != fetchCpl) {
            fetchSpan = 0;
        }
    }

    void invalidateFetch() {
        fetchSpan = 0;
    }

    /**
     * Counts the refreshes of what the executor caches about a segment (a load, a mode or CPL change): compiled code
     * that caches something derived from the segments and the privilege recomputes it when this has moved.
     */
    int segmentsGeneration;

    private void refreshSegment(int s) {
        segmentsGeneration++;
        boolean flat = segLimit[s] == -1;
        if (!protectedMode || v86) {
            setFast(s, flat, flat);
            return;
        }
        int acc = segAccess[s];
        boolean present = (acc & 0x8000) != 0;
        boolean code = (acc & 0x0800) != 0;
        boolean expandDown = !code && (acc & 0x0400) != 0;
        setFast(s, present && flat && !expandDown && (!code || (acc & 0x0200) != 0),
                present && flat && !expandDown && !code && (acc & 0x0200) != 0);
    }

    /**
     * Segment {@code s}'s base was written ({@link Cpu#segmentBaseChanged}): keep {@link #zeroBaseBits} true to it,
     * since not every base write refreshes the mode (a real-mode CS load by an interrupt does not).
     */
    void baseChanged(int s) {
        zeroBaseBits = segBase[s] == 0 ? zeroBaseBits | 1 << s : zeroBaseBits & ~(1 << s);
    }

    private void setFast(int s, boolean read, boolean write) {
        fastRead[s] = read;
        fastWrite[s] = write;
        fastReadBits = read ? fastReadBits | 1 << s : fastReadBits & ~(1 << s);
        fastWriteBits = write ? fastWriteBits | 1 << s : fastWriteBits & ~(1 << s);
        zeroBaseBits = segBase[s] == 0 ? zeroBaseBits | 1 << s : zeroBaseBits & ~(1 << s);
    }

    /** The linear address of offset {@code off} in segment {@code s}. */
    private int linear(int s, int off) {
        return (zeroBaseBits & 1 << s) != 0 ? off : segBase[s] + off;
    }

    boolean[] fastReadFlags() {
        return fastRead;
    }

    boolean[] fastWriteFlags() {
        return fastWrite;
    }

    /** True if accesses through segment register s need no limit or type checks (flat, present, readable). */
    boolean flatRead(int s) {
        return fastRead[s];
    }

    boolean flatWrite(int s) {
        return fastWrite[s];
    }

    /** Limit and type checks of a data access of {@code lengthMinus1 + 1} bytes at seg:offset; #GP(0) or #SS(0). */
    private void checkSegment(int s, int offset, int lengthMinus1, boolean write) {
        int acc = segAccess[s];
        int limit = segLimit[s];
        int last = offset + lengthMinus1;
        if (protectedMode && !v86) {
            if ((acc & 0x8000) == 0) {
                throw segmentFault(s);
            }
            if ((acc & 0x0800) != 0) {
                if (write || (acc & 0x0200) == 0) {
                    throw segmentFault(s);
                }
            } else if (write && (acc & 0x0200) == 0) {
                throw segmentFault(s);
            } else if ((acc & 0x0400) != 0) {
                int upper = (acc & 0x400000) != 0 ? -1 : 0xFFFF;
                if (Integer.compareUnsigned(offset, limit) <= 0 || Integer.compareUnsigned(last, upper) > 0
                        || Integer.compareUnsigned(last, offset) < 0) {
                    throw segmentFault(s);
                }
                return;
            }
        }
        if (Integer.compareUnsigned(last, limit) > 0 || Integer.compareUnsigned(last, offset) < 0) {
            throw segmentFault(s);
        }
    }

    private static CpuFault segmentFault(int s) {
        return CpuFault.withCode(s == SS ? CpuFault.SS : CpuFault.GP, 0);
    }

    static CpuFault gp0() {
        return CpuFault.withCode(CpuFault.GP, 0);
    }

    static CpuFault ud() {
        return CpuFault.withoutCode(CpuFault.UD);
    }

    /** Loads a segment register through cpu-system's Segments and refreshes what the executor caches about it. */
    void loadSegment(int s, int selector) {
        cpu.segments.load(s, selector & 0xFFFF);
        if (s == SS || s == CS) {
            cpu.modeChanged();
        } else {
            refreshSegment(s);
        }
    }

    int iopl() {
        return (cpu.eflags >> FLAG_IOPL_SHIFT) & 3;
    }

    // =========================================================================================================
    // Run loop
    // =========================================================================================================

    /**
     * Runs the compiled region at EIP alone, if there is one and {@code accept} takes it (see
     * {@link Cpu#runCompiledRegion}); the instructions it retired, 0 when none ran.
     */
    int runCompiledRegion(int budget, java.util.function.Predicate<org.nodeoslab.emulator.cpu.jit.Region> accept) {
        if (jit == null || (cpu.eflags & (Cpu.FLAG_TF | Cpu.FLAG_RF)) != 0) {
            return 0; // single-stepping or resuming: the run loop would not enter compiled code either
        }
        endBlock = false;
        if (fetchGeneration != mmu.tlbGeneration) {
            fetchSpan = 0;
        }
        return jit.enterAlone(budget, accept);
    }

    /**
     * Runs up to {@code max} instructions or until one of them ends the block; returns how many retired. What
     * can only change at a block boundary (TF, a TLB flush behind the Mmu's back) is looked at once per block:
     * instructions that change it end the block.
     */
    int runBlock(int max) {
        endBlock = false;
        if (fetchGeneration != mmu.tlbGeneration) {
            fetchSpan = 0;
        }
        boolean singleStep = (cpu.eflags & Cpu.FLAG_TF) != 0;
        // EFLAGS.RF (set in the frame of a fault, restored by IRET) lasts for one instruction.
        boolean resume = (cpu.eflags & Cpu.FLAG_RF) != 0;
        if (singleStep || resume) {
            max = 1;
        }
        int n = 0;
        if (!singleStep && !resume) {
            // The common case, kept small: no trap after each instruction, no RF to clear.
            branched = true;
            while (n < max) {
                if (jit != null && branched) {
                    // At a branch target: run compiled code from here if there is some (it retires whole
                    // instructions within the budget, exactly as the loop below would).
                    branched = false;
                    int retired = jit.enter(max - n);
                    if (retired != 0) {
                        n += retired;
                        if (endBlock) {
                            break;
                        }
                        continue;
                    }
                }
                // The common case: instructions with a FastForms handler, run in FastForms' own loop.
                int ran = FastForms.run(this, max - n, true);
                if (ran != 0) {
                    n += ran;
                    if (endBlock) {
                        break;
                    }
                    continue;
                }
                startEip = cpu.eip;
                startEsp = reg[ESP];
                flagsSaved = false;
                try {
                    step();
                } catch (CpuFault f) {
                    faulted(f);
                }
                n++;
                if (endBlock) {
                    break;
                }
            }
            return n;
        }
        while (n < max) {
            startEip = cpu.eip;
            startEsp = reg[ESP];
            flagsSaved = false;
            iretExecuted = false;
            try {
                step();
                if (resume && !iretExecuted) {
                    cpu.eflags &= ~Cpu.FLAG_RF;
                }
                if (singleStep) {
                    singleStepTrap();
                }
            } catch (CpuFault f) {
                faulted(f);
            }
            n++;
            if (endBlock) {
                break;
            }
        }
        return n;
    }

    /** A fault: the instruction is undone (EIP, ESP, flags of a memory read-modify-write) and the fault delivered. */
    void faulted(CpuFault f) {
        cpu.eip = startEip;
        reg[ESP] = startEsp;
        if (flagsSaved) {
            alu.restore();
        }
        deliverFault(f);
    }

    private void singleStepTrap() {
        cpu.dr[6] |= 1 << 14; // BS
        endBlock = true;
        try {
            cpu.interrupts.deliver(CpuFault.DB, false, 0, false, cpu.eip);
        } catch (CpuFault f) {
            deliverFault(f);
        }
        afterControlTransfer();
    }

    /** Delivers a fault through cpu-system; a fault while delivering becomes #DF, and a third one a shutdown. */
    void deliverFault(CpuFault f) {
        endBlock = true;
        alu.materialize();
        try {
            cpu.interrupts.deliverFault(f);
        } catch (CpuFault second) {
            try {
                cpu.interrupts.deliverFault(CpuFault.withCode(CpuFault.DF, 0));
            } catch (CpuFault third) {
                cpu.shutdown = true;
            }
        }
        afterControlTransfer();
    }

    /** After anything cpu-system did to CS, SS, EFLAGS or the paging state. */
    void afterControlTransfer() {
        refreshMode();
        endBlock = true;
    }

    // =========================================================================================================
    // Hooks for compiled code (JitBridge)
    // =========================================================================================================

    /** The physical address of EIP {@code e} through the fetch window, or -1 when the window does not cover it. */
    int windowPhysical(int e) {
        int d = e - fetchEip;
        return d >= 0 && d < fetchSpan ? fetchHost + d : -1;
    }

    /**
     * As {@link #windowPhysical}, first moving the window to EIP {@code e}'s page when the TLB already maps it
     * (a branch to another page: compiled code there can run before the interpreter has fetched from it). Never
     * walks the page tables, so it cannot fault; -1 when the TLB does not map the page.
     */
    int windowPhysicalMoving(int e) {
        int d = e - fetchEip;
        if (d >= 0 && d < fetchSpan) {
            return fetchHost + d;
        }
        int limit = segLimit[CS];
        if (Integer.compareUnsigned(e, limit) > 0) {
            return -1;
        }
        int linear = segBase[CS] + e;
        int host = mmu.cachedRamOffsetForRead(linear);
        if (host < 0) {
            return -1;
        }
        fillWindow(e, linear, host, limit);
        return host;
    }

    /** Bytes from EIP {@code e} to the end of the fetch window (its page, clipped to the CS limit). */
    int windowLeft(int e) {
        return fetchSpan - (e - fetchEip);
    }

    /** The {@link DecodedCode} tag bit of the current code-segment size. */
    int decodedMode() {
        return decodedMode;
    }

    DecodedCode decodedCode() {
        return decoded;
    }

    /**
     * Decodes the instruction at EIP {@code e} into {@link DecodedCode} without running it, when all the bytes
     * it may take lie in the fetch window (so decoding cannot touch another page); false when it cannot.
     */
    boolean decodeOnly(int e) {
        if (windowPhysical(e) < 0 || windowLeft(e) < 16) {
            return false;
        }
        int eip = cpu.eip;
        cpu.eip = e;
        try {
            decodeAndExecute(false);
            return true;
        } catch (CpuFault f) {
            return false; // #UD or an over-long instruction: the interpreter will raise it when it gets there
        } finally {
            cpu.eip = eip;
        }
    }

    /** {@link #interpretOne}'s answers. */
    static final int NOT_RUN = 0, RAN_STOP = 1, RAN_GO_ON = 2;

    /**
     * Runs one pre-decoded instruction at {@code e} as {@link #runBlock} would, for compiled code that leaves an
     * instruction to the interpreter: {@link #RAN_GO_ON} when execution may go on at {@code next} in the same
     * block, {@link #RAN_STOP} when it ran but the block ends (a jump, a mode change, a flushed TLB),
     * {@link #NOT_RUN} when the fetch window is gone (EIP is then {@code e}).
     */
    int interpretOne(int e, int next, int word, int form, int displacement) {
        if (fetchSpan == 0) {
            cpu.eip = e;
            return NOT_RUN;
        }
        startEip = e;
        startEsp = reg[ESP];
        flagsSaved = false;
        // The general path (no FastForms handler: it would need the entry's immediate, which compiled code does
        // not keep; the general path reads it from the page).
        executeDecoded(e, word, form & ~(DecodedCode.FAST_MASK << DecodedCode.FAST_SHIFT), displacement);
        return cpu.eip == next && !endBlock && fetchSpan != 0 ? RAN_GO_ON : RAN_STOP;
    }

    /** A fault in an instruction compiled code ran itself (EIP and ESP as at its start). */
    void compiledFault(CpuFault f, int eip, boolean flagsSavedBefore) {
        startEip = eip;
        startEsp = reg[ESP];
        flagsSaved = flagsSavedBefore;
        faulted(f);
    }

    // =========================================================================================================
    // Instruction fetch
    // =========================================================================================================

    int fetch8() {
        int e = cpu.eip;
        int d = e - fetchEip;
        if (d >= 0 && d < fetchSpan) {
            cpu.eip = e + 1;
            return ram.read8(fetchHost + d);
        }
        return fetch8Slow(e);
    }

    private int fetch8Slow(int e) {
        if (moveWindow(e)) {
            cpu.eip = e + 1;
            return ram.read8(fetchHost + (e - fetchEip));
        }
        if (Integer.compareUnsigned(e, segLimit[CS]) > 0) {
            throw gp0();
        }
        int value = memory.read8(mmu.translate(segBase[CS] + e, false, cpu.cpl == 3));
        cpu.eip = e + 1;
        return value;
    }

    /**
     * Points the fetch window at EIP {@code e}'s page; false when that page is not plain RAM or {@code e} is beyond
     * the CS limit (the caller then reads byte by byte or faults). Faults as a fetch from {@code e} would.
     */
    private boolean moveWindow(int e) {
        int limit = segLimit[CS];
        if (Integer.compareUnsigned(e, limit) > 0) {
            return false;
        }
        int linear = segBase[CS] + e;
        int host = mmu.ramOffsetForRead(linear);
        if (host < 0) {
            return false;
        }
        fillWindow(e, linear, host, limit);
        return true;
    }

    /** Points the fetch window at EIP {@code e}'s page, at linear {@code linear} and host offset {@code host}. */
    private void fillWindow(int e, int linear, int host, int limit) {
        // The window is the whole page around e (so jumps back within the page stay in it), clipped to
        // EIP 0 below and to the CS limit above.
        int offset = linear & 0xFFF;
        int back = Integer.compareUnsigned(offset, e) > 0 ? e : offset;
        int ahead = 0x1000 - offset;
        if (Integer.compareUnsigned(limit - e, ahead - 1) < 0) {
            ahead = limit - e + 1;
        }
        fetchEip = e - back;
        fetchSpan = back + ahead;
        fetchHost = host - back;
        fetchGeneration = mmu.tlbGeneration;
        fetchCsBase = segBase[CS];
        fetchCsLimit = limit;
        fetchCpl = cpu.cpl;
    }

    int fetch16() {
        int e = cpu.eip;
        int d = e - fetchEip;
        if (d >= 0 && d < fetchSpan - 1) {
            cpu.eip = e + 2;
            return ram.read16(fetchHost + d);
        }
        int lo = fetch8();
        return lo | fetch8() << 8;
    }

    int fetch32() {
        int e = cpu.eip;
        int d = e - fetchEip;
        if (d >= 0 && d < fetchSpan - 3) {
            cpu.eip = e + 4;
            return ram.read32(fetchHost + d);
        }
        int lo = fetch16();
        return lo | fetch16() << 16;
    }

    /** An immediate of the operand size (Iz/Iv), sign-extended to int when 16-bit is not wanted. */
    int fetchImmV() {
        return o32 ? fetch32() : fetch16();
    }

    int fetchS8() {
        return (byte) fetch8();
    }

    // =========================================================================================================
    // Decode
    // =========================================================================================================

    /**
     * Runs one instruction: from its pre-decoded entry when there is one for this physical address and mode (the
     * common case), else decoding it (and remembering the decoding).
     */
    void step() {
        int e = cpu.eip;
        int d = e - fetchEip;
        // A jump, call or return to another page moves the window first, so its decoded entry is found.
        if ((d >= 0 && d < fetchSpan) || moveWindow(e)) {
            d = e - fetchEip;
            int phys = fetchHost + d;
            // The fast table first: FastForms.run has just looked there (it is in the host's cache), and for an
            // entry without a handler it holds the word and form too (the other table's line is then read only
            // for a displacement).
            int f = (phys & decodedMask) * DecodedCode.FAST_INTS;
            int tag = fastEntries[f];
            if ((tag & ~DecodedCode.FAST_TAG_LOW) == ((phys & ~decodedMask) | decodedMode)
                    && d + (tag >>> DecodedCode.FAST_LENGTH_SHIFT & 15) <= fetchSpan) {
                int s = DecodedCode.slot(phys, decodedMask);
                int[] c = decodedEntries;
                if ((tag & DecodedCode.FAST_MASK) != 0) {
                    executeDecoded(e, c[s + 1], c[s + 2], c[s + 3]);
                } else {
                    int word = fastEntries[f + 1];
                    executeDecoded(e, word, fastEntries[f + 2],
                            (word & DecodedCode.HAS_MEMORY_OPERAND) != 0 ? c[s + 3] : 0);
                }
                return;
            }
        }
        decodeAndExecute();
    }

    /** Sets up the decode state from a {@link DecodedCode} entry and executes the instruction. */
    private void executeDecoded(int e, int word, int form, int displacement) {
        if ((form & DecodedCode.FAST_MASK << DecodedCode.FAST_SHIFT) != 0 && FastForms.run(this, 1, false) != 0) {
            return; // step() found it (after moving the window to its page, say): FastForms ran it
        }
        if ((word & DecodedCode.PREFIXED) != 0) {
            setPrefixState(word, form);
        } else if (prefixStateSet) {
            resetPrefixState();
        }
        int m = word >>> DecodedCode.MODRM_SHIFT & 0xFF;
        modrm = m;
        if ((word & DecodedCode.HAS_MEMORY_OPERAND) != 0) {
            eaForm = form;
            eaDisp = displacement;
            eaSeg = form >>> DecodedCode.SEGMENT_SHIFT & 7;
            eaOff = effectiveOffset();
        }
        int index = word & DecodedCode.INDEX_MASK;
        cpu.eip = e + (word >>> DecodedCode.LENGTH_SHIFT & 15); // at the immediate, read when the instruction runs
        if ((word & DecodedCode.CHECK) != 0) {
            checkAttributes(ATTRIBUTES[index << 3 | (m >> 3 & 7)], (word & DecodedCode.LOCK) != 0);
        }
        if ((word & DecodedCode.SIMD) != 0) {
            simd(index & 0xFF);
        } else if (index < 0x100) {
            execute(index);
        } else {
            execute0F(index & 0xFF);
        }
    }

    private void setPrefixState(int word, int form) {
        o32 = (word & DecodedCode.O32) != 0;
        a32 = (word & DecodedCode.A32) != 0;
        rep = DecodedCode.rep(word);
        prefix66 = (word & DecodedCode.PREFIX66) != 0;
        segOverride = (form >>> DecodedCode.OVERRIDE_SHIFT & 7) - 1;
        prefixStateSet = true;
    }

    void resetPrefixState() {
        boolean d32 = csDefault32;
        o32 = d32;
        a32 = d32;
        segOverride = -1;
        rep = 0;
        prefix66 = false;
        prefixStateSet = false;
    }

    /** Decodes the instruction at EIP, remembers the decoding when it lay in one page, and executes it. */
    private void decodeAndExecute() {
        decodeAndExecute(true);
    }

    private void decodeAndExecute(boolean execute) {
        int e = cpu.eip;
        if (prefixStateSet) {
            resetPrefixState();
        }
        boolean lock = false;
        int op = fetch8();
        // The first byte came through the fetch window (a RAM page) if the window now covers it.
        int d = e - fetchEip;
        int phys = d >= 0 && d < fetchSpan ? fetchHost + d : -1;
        if (IS_PREFIX[op]) {
            // Prefixes are rare in 32-bit code: their loop lives out of line so the common path stays small.
            op = decodePrefixes(op);
            lock = prefixLock;
        }
        int index = op;
        boolean simd = false;
        boolean memoryOperand = false;
        if (op == 0x0F) {
            index = 0x100 | fetch8();
            simd = fpu.executes0F(index & 0xFF);
        }
        int attr = InstructionTable.DEFINED;
        if (simd) {
            if (lock) {
                throw ud();
            }
            modrm = 0;
            if (index != 0x177) { // EMMS has no ModRM
                modrm = fetch8();
                if (modrm < 0xC0) {
                    decodeAddress();
                    memoryOperand = true;
                }
            }
        } else {
            if (DECODE[index] != 0) {
                modrm = fetch8();
                if (modrm < 0xC0 && (DECODE[index] & InstructionTable.REGISTER_ONLY) == 0) {
                    decodeAddress();
                    memoryOperand = true;
                }
            } else {
                modrm = 0;
            }
            attr = ATTRIBUTES[index << 3 | (modrm >> 3 & 7)];
            if ((attr & ~InstructionTable.LOCKABLE) != InstructionTable.DEFINED || lock) {
                checkAttributes(attr, lock);
            }
        }
        if (phys >= 0) {
            remember(e, phys, index, lock, simd, memoryOperand, attr);
        }
        if (!execute) {
            return;
        }
        if (simd) {
            simd(index & 0xFF);
        } else if (index < 0x100) {
            execute(op);
        } else {
            execute0F(index & 0xFF);
        }
    }

    /**
     * Stores what was just decoded, if all its bytes came from the page (and window) its first byte came from:
     * an instruction that straddles a page or the CS limit is decoded afresh each time.
     */
    private void remember(int e, int phys, int index, boolean lock, boolean simd, boolean memoryOperand, int attr) {
        int length = cpu.eip - e;
        int end = cpu.eip - fetchEip;
        if (length > DecodedCode.MAX_LENGTH || fetchHost + (e - fetchEip) != phys || e - fetchEip < 0
                || end > fetchSpan) {
            return;
        }
        int word = index | modrm << DecodedCode.MODRM_SHIFT | length << DecodedCode.LENGTH_SHIFT
                | DecodedCode.repCode(rep) << DecodedCode.REP_SHIFT;
        if (prefixStateSet) {
            word |= DecodedCode.PREFIXED;
        }
        if (o32) {
            word |= DecodedCode.O32;
        }
        if (a32) {
            word |= DecodedCode.A32;
        }
        if (prefix66) {
            word |= DecodedCode.PREFIX66;
        }
        if (lock) {
            word |= DecodedCode.LOCK;
        }
        // A memory-only form (LEA, LDS, ...) decoded with its memory operand passes that check whenever it runs.
        int recheck = attr & ~(InstructionTable.LOCKABLE | (memoryOperand ? InstructionTable.MEMORY_ONLY : 0));
        if (recheck != InstructionTable.DEFINED || lock) {
            word |= DecodedCode.CHECK;
        }
        if (memoryOperand) {
            word |= DecodedCode.HAS_MEMORY_OPERAND;
        }
        if (simd) {
            word |= DecodedCode.SIMD;
        }
        int form = (memoryOperand ? eaForm & ((1 << DecodedCode.OVERRIDE_SHIFT) - 1) : 0)
                | (segOverride + 1) << DecodedCode.OVERRIDE_SHIFT;
        int operands = 0;
        int value = 0;
        int fullLength = length;
        // A segment override alone leaves the 32-bit defaults (its segment is in the memory operand's form, which the
        // handler gets): 1.5M DS-prefixed LEA (an assembler's padding) and 0.6M FS/GS loads per node -e.
        boolean defaults = !prefixStateSet || (o32 && a32 && rep == 0 && !prefix66);
        // An operand-size prefix alone (or with a segment override): the 16-bit forms FastForms has handlers for.
        boolean operand16 = prefixStateSet && !o32 && a32 && rep == 0 && prefix66;
        // An MMX/SSE form with 32-bit addresses, its mandatory prefix and at most a segment override besides.
        boolean simdForm = simd && a32 && o32 != prefix66 && !lock;
        int fast = !csDefault32 || (word & DecodedCode.CHECK) != 0 ? 0
                : simd ? (simdForm ? FastForms.chooseSimd(index, modrm, rep != 0 ? rep : prefix66 ? 0x66 : 0) : 0)
                : defaults ? FastForms.choose(index, modrm, memoryOperand)
                : operand16 ? FastForms.choose16(index, modrm, memoryOperand) : 0;
        if (fast != 0) {
            // The handler gets its immediate from the entry: it must lie in the window (the same page) too.
            int size = simd ? 0 : InstructionTable.immediateBytes32[index << 3 | (modrm >> 3 & 7)];
            if (operand16 && size == 4) {
                size = 2; // Iz with an operand-size prefix (FastForms.choose16's forms have no Ov or Jz)
            }
            int normalised = fast >>> 8;
            int at = phys + length;
            int immediate = length + size > DecodedCode.MAX_LENGTH || end + size > fetchSpan ? 0
                    : size == 1 ? (byte) ram.read8(at) : size == 2 ? (short) ram.read16(at)
                    : size == 4 ? ram.read32(at) : 0;
            boolean packed = memoryOperand && size != 0 && FastForms.packs(eaDisp, immediate);
            int fastOperands = FastForms.operands(normalised & DecodedCode.INDEX_MASK, normalised >>> 9 & 0xFF,
                    memoryOperand, form, size, packed);
            if (length + size <= DecodedCode.MAX_LENGTH && end + size <= fetchSpan && fastOperands != 0) {
                word = word & ~(DecodedCode.INDEX_MASK | 0xFF << DecodedCode.MODRM_SHIFT)
                        | (normalised & DecodedCode.INDEX_MASK) | (normalised >>> 9 & 0xFF) << DecodedCode.MODRM_SHIFT;
                form |= (fast & DecodedCode.FAST_MASK) << DecodedCode.FAST_SHIFT;
                fullLength = length + size;
                operands = fastOperands;
                value = FastForms.value(memoryOperand, eaDisp, immediate, packed);
                // A compare or test with the Jcc right after it in the window: one entry for both (a dispatch fewer).
                int fused = memoryOperand ? 0 : FastForms.fusedWithJcc(fast & DecodedCode.FAST_MASK, value);
                int room = Math.min(fetchSpan - (end + size), DecodedCode.MAX_LENGTH - fullLength);
                int jcc = fused == 0 ? -1 : FastForms.jccAt(ram, phys + fullLength, room);
                if (jcc != -1) {
                    form = form & ~(DecodedCode.FAST_MASK << DecodedCode.FAST_SHIFT) | fused << DecodedCode.FAST_SHIFT;
                    value = FastForms.fusedValue(jcc, value, fullLength);
                    fullLength += jcc >> 4 & 15;
                }
            }
        }
        form |= fullLength << DecodedCode.FULL_LENGTH_SHIFT;
        decoded.remember(phys, decodedMode, word, form, memoryOperand ? eaDisp : 0, operands, value);
    }

    /** LOCK seen by {@link #decodePrefixes}. */
    private boolean prefixLock;

    /** Consumes the prefix bytes starting with {@code op} (already fetched); returns the opcode after them. */
    private int decodePrefixes(int op) {
        boolean d32 = csDefault32;
        boolean lock = false;
        int prefixes = 0;
        prefixStateSet = true;
        do {
            switch (op) {
                case 0x26: segOverride = ES; break;
                case 0x2E: segOverride = CS; break;
                case 0x36: segOverride = SS; break;
                case 0x3E: segOverride = DS; break;
                case 0x64: segOverride = FS; break;
                case 0x65: segOverride = GS; break;
                case 0x66: o32 = !d32; prefix66 = true; break;
                case 0x67: a32 = !d32; break;
                case 0xF0: lock = true; break;
                default: rep = op; break; // F2, F3
            }
            if (++prefixes >= 15) {
                throw gp0(); // an instruction is at most 15 bytes long
            }
            op = fetch8();
        } while (IS_PREFIX[op]);
        prefixLock = lock;
        return op;
    }

    private void checkAttributes(int attr, boolean lock) {
        if ((attr & InstructionTable.DEFINED) == 0) {
            throw ud();
        }
        if (lock && ((attr & InstructionTable.LOCKABLE) == 0 || modrm >= 0xC0)) {
            throw ud();
        }
        if ((attr & InstructionTable.MEMORY_ONLY) != 0 && modrm >= 0xC0) {
            throw ud();
        }
        if ((attr & InstructionTable.PROTECTED_ONLY) != 0 && (!protectedMode || v86)) {
            throw ud();
        }
    }

    /** The SSE/MMX part of the 0F map (ModRM and address already decoded), executed by cpu.fpu. */
    /**
     * An MMX/SSE instruction without an immediate byte for FastForms, as {@link #simd} runs it (the memory operand
     * {@code seg:off} unchecked against the segment, as there).
     */
    void simd(int op2, int mandatory, int m, int seg, int off) {
        fpu.execute0F(op2, mandatory, m, m < 0xC0 ? segBase[seg] + off : 0);
    }

    private void simd(int op2) {
        int linear = op2 != 0x77 && modrm < 0xC0 ? segBase[eaSeg] + eaOff : 0;
        if ((op2 >= 0x70 && op2 <= 0x73) || op2 == 0xC2 || (op2 >= 0xC4 && op2 <= 0xC6)) {
            cpu.simdImmediate8 = fetch8();
        }
        int mandatory = rep != 0 ? rep : prefix66 ? 0x66 : 0;
        fpu.execute0F(op2, mandatory, modrm, linear);
    }

    /**
     * Decodes the memory operand of the ModRM byte already fetched (mod != 3) into its form (base, index, scale,
     * segment: {@link #eaForm}) and displacement, then computes the effective address from them.
     */
    private void decodeAddress() {
        int mod = modrm >> 6;
        int rm = modrm & 7;
        int seg = DS;
        int base = DecodedCode.NO_REGISTER;
        int index = DecodedCode.NO_REGISTER;
        int scale = 0;
        int disp = 0;
        if (a32) {
            if (rm == 4) {
                int sib = fetch8();
                int b = sib & 7;
                int i = sib >> 3 & 7;
                if (b == 5 && mod == 0) {
                    disp = fetch32();
                } else {
                    base = b;
                    if (b == ESP || b == EBP) {
                        seg = SS;
                    }
                }
                if (i != 4) {
                    index = i;
                    scale = sib >> 6;
                }
            } else if (rm == 5 && mod == 0) {
                disp = fetch32();
            } else {
                base = rm;
                if (rm == EBP) {
                    seg = SS;
                }
            }
            if (mod == 1) {
                disp += fetchS8();
            } else if (mod == 2) {
                disp += fetch32();
            }
        } else {
            switch (rm) {
                case 0: base = EBX; index = ESI; break;
                case 1: base = EBX; index = EDI; break;
                case 2: base = EBP; index = ESI; seg = SS; break;
                case 3: base = EBP; index = EDI; seg = SS; break;
                case 4: base = ESI; break;
                case 5: base = EDI; break;
                case 6:
                    if (mod == 0) {
                        disp = fetch16();
                    } else {
                        base = EBP;
                        seg = SS;
                    }
                    break;
                default: base = EBX; break;
            }
            if (mod == 1) {
                disp += fetchS8();
            } else if (mod == 2) {
                disp += fetch16();
            }
        }
        eaSeg = segOverride >= 0 ? segOverride : seg;
        eaForm = base | index << DecodedCode.INDEX_SHIFT | scale << DecodedCode.SCALE_SHIFT
                | eaSeg << DecodedCode.SEGMENT_SHIFT;
        eaDisp = disp;
        eaOff = effectiveOffset();
    }

    /** The memory operand's offset from {@link #eaForm}, {@link #eaDisp} and the registers now. */
    private int effectiveOffset() {
        int form = eaForm;
        int off = eaDisp;
        int base = form & 15;
        if (base < 8) {
            off += reg[base];
        }
        int index = form >> DecodedCode.INDEX_SHIFT & 15;
        if (index < 8) {
            off += reg[index] << (form >> DecodedCode.SCALE_SHIFT & 3);
        }
        return a32 ? off : off & 0xFFFF;
    }

    /** The data segment of instructions with an implicit DS operand (MOVS source, XLAT, moffs). */
    int dataSegment() {
        return segOverride >= 0 ? segOverride : DS;
    }

    int addressMask() {
        return a32 ? -1 : 0xFFFF;
    }

    // =========================================================================================================
    // Registers and operands
    // =========================================================================================================

    int reg8(int i) {
        return i < 4 ? reg[i] & 0xFF : reg[i - 4] >>> 8 & 0xFF;
    }

    void setReg8(int i, int v) {
        if (i < 4) {
            reg[i] = (reg[i] & ~0xFF) | (v & 0xFF);
        } else {
            reg[i - 4] = (reg[i - 4] & ~0xFF00) | (v & 0xFF) << 8;
        }
    }

    void setReg16(int i, int v) {
        reg[i] = (reg[i] & 0xFFFF0000) | (v & 0xFFFF);
    }

    /** A general register at the operand size (zero-extended when 16-bit). */
    int regV(int i) {
        return o32 ? reg[i] : reg[i] & 0xFFFF;
    }

    void setRegV(int i, int v) {
        if (o32) {
            reg[i] = v;
        } else {
            reg[i] = (reg[i] & 0xFFFF0000) | (v & 0xFFFF);
        }
    }

    int maskV() {
        return o32 ? -1 : 0xFFFF;
    }

    int bitsV() {
        return o32 ? 32 : 16;
    }

    int regField() {
        return modrm >> 3 & 7;
    }

    int rm8() {
        return modrm >= 0xC0 ? reg8(modrm & 7) : read8(eaSeg, eaOff);
    }

    void setRm8(int v) {
        if (modrm >= 0xC0) {
            setReg8(modrm & 7, v);
        } else {
            write8(eaSeg, eaOff, v);
        }
    }

    int rm16() {
        return modrm >= 0xC0 ? reg[modrm & 7] & 0xFFFF : read16(eaSeg, eaOff);
    }

    void setRm16(int v) {
        if (modrm >= 0xC0) {
            setReg16(modrm & 7, v);
        } else {
            write16(eaSeg, eaOff, v);
        }
    }

    int rmV() {
        if (modrm >= 0xC0) {
            return o32 ? reg[modrm & 7] : reg[modrm & 7] & 0xFFFF;
        }
        return o32 ? read32(eaSeg, eaOff) : read16(eaSeg, eaOff);
    }

    void setRmV(int v) {
        if (modrm >= 0xC0) {
            setRegV(modrm & 7, v);
        } else if (o32) {
            write32(eaSeg, eaOff, v);
        } else {
            write16(eaSeg, eaOff, v);
        }
    }

    /** Before an instruction computes flags and then writes a memory operand: keep the flags for a fault. */
    void protectFlags() {
        if (modrm < 0xC0) {
            protectFlagsOfMemoryOperand();
        }
    }

    /** {@link #protectFlags} for an instruction known to have a memory operand (FastForms' read-modify-writes). */
    void protectFlagsOfMemoryOperand() {
        alu.save();
        flagsSaved = true;
    }

    // =========================================================================================================
    // Memory through segments
    // =========================================================================================================

    int read8(int s, int off) {
        if ((fastReadBits & 1 << s) == 0) {
            checkSegment(s, off, 0, false);
        }
        return mmu.read8(linear(s, off));
    }

    int read16(int s, int off) {
        if ((fastReadBits & 1 << s) == 0) {
            checkSegment(s, off, 1, false);
        }
        return mmu.read16(linear(s, off));
    }

    int read32(int s, int off) {
        if ((fastReadBits & 1 << s) == 0) {
            checkSegment(s, off, 3, false);
        }
        return mmu.read32(linear(s, off));
    }

    int readV(int s, int off) {
        return o32 ? read32(s, off) : read16(s, off);
    }

    void write8(int s, int off, int v) {
        if ((fastWriteBits & 1 << s) == 0) {
            checkSegment(s, off, 0, true);
        }
        mmu.write8(linear(s, off), v);
    }

    void write16(int s, int off, int v) {
        if ((fastWriteBits & 1 << s) == 0) {
            checkSegment(s, off, 1, true);
        }
        mmu.write16(linear(s, off), v);
    }

    void write32(int s, int off, int v) {
        if ((fastWriteBits & 1 << s) == 0) {
            checkSegment(s, off, 3, true);
        }
        mmu.write32(linear(s, off), v);
    }

    /** Linear address of the memory operand after checking {@code length} bytes against the segment. */
    int linearOperand(int length, boolean write) {
        if (!(write ? fastWrite[eaSeg] : fastRead[eaSeg])) {
            checkSegment(eaSeg, eaOff, length - 1, write);
        }
        return segBase[eaSeg] + eaOff;
    }

    // =========================================================================================================
    // Stack
    // =========================================================================================================

    /** The stack pointer as an offset in SS (SP when SS is 16-bit). */
    int sp() {
        return stack32 ? reg[ESP] : reg[ESP] & 0xFFFF;
    }

    void setSp(int v) {
        if (stack32) {
            reg[ESP] = v;
        } else {
            reg[ESP] = (reg[ESP] & 0xFFFF0000) | (v & 0xFFFF);
        }
    }

    void addSp(int n) {
        setSp(reg[ESP] + n);
    }

    void push32(int v) {
        int sp = stack32 ? reg[ESP] - 4 : (reg[ESP] - 4) & 0xFFFF;
        write32(SS, sp, v);
        setSp(sp);
    }

    void push16(int v) {
        int sp = stack32 ? reg[ESP] - 2 : (reg[ESP] - 2) & 0xFFFF;
        write16(SS, sp, v);
        setSp(sp);
    }

    void pushV(int v) {
        if (o32) {
            push32(v);
        } else {
            push16(v);
        }
    }

    int pop32() {
        int v = read32(SS, sp());
        addSp(4);
        return v;
    }

    int pop16() {
        int v = read16(SS, sp());
        addSp(2);
        return v;
    }

    int popV() {
        return o32 ? pop32() : pop16();
    }

    // =========================================================================================================
    // Control flow helpers
    // =========================================================================================================

    /** Near jump to an offset in CS (truncated to 16 bits for 16-bit operand size); #GP(0) beyond the limit. */
    void jumpNear(int target) {
        if (!o32) {
            target &= 0xFFFF;
        }
        if (Integer.compareUnsigned(target, segLimit[CS]) > 0) {
            throw gp0();
        }
        cpu.eip = target;
        branched = true;
    }

    private void jumpRelative(boolean taken, int displacement) {
        if (taken) {
            jumpNear(cpu.eip + displacement);
        }
    }

    void callNear(int target) {
        int ret = cpu.eip;
        if (!o32) {
            target &= 0xFFFF;
        }
        if (Integer.compareUnsigned(target, segLimit[CS]) > 0) {
            throw gp0();
        }
        pushV(ret);
        cpu.eip = target;
        branched = true;
    }

    void returnNear(int extra) {
        int target = popV();
        if (Integer.compareUnsigned(target, segLimit[CS]) > 0) {
            throw gp0();
        }
        addSp(extra);
        cpu.eip = target;
        branched = true;
    }

    /** LOOP/LOOPE/LOOPNE/JCXZ: the counter is CX or ECX by address size. */
    private void loop(int op) {
        int disp = fetchS8();
        int count;
        if (op == 0xE3) {
            count = a32 ? reg[ECX] : reg[ECX] & 0xFFFF;
            jumpRelative(count == 0, disp);
            return;
        }
        if (a32) {
            count = --reg[ECX];
        } else {
            count = (reg[ECX] - 1) & 0xFFFF;
            setReg16(ECX, count);
        }
        boolean taken = count != 0;
        if (op == 0xE0) {
            taken &= !alu.zf();
        } else if (op == 0xE1) {
            taken &= alu.zf();
        }
        jumpRelative(taken, disp);
    }

    private void farPointerTransfer(boolean call, int selector, int offset) {
        if (call) {
            cpu.control.farCall(selector, offset, o32, cpu.eip);
        } else {
            cpu.control.farJump(selector, offset, o32);
        }
        afterControlTransfer();
    }

    private void softwareInterrupt(int vector) {
        if (v86 && iopl() < 3) {
            throw gp0();
        }
        alu.materialize();
        cpu.interrupts.deliver(vector, false, 0, true, cpu.eip);
        afterControlTransfer();
    }

    private void trap(int vector, boolean software) {
        alu.materialize();
        cpu.interrupts.deliver(vector, false, 0, software, cpu.eip);
        afterControlTransfer();
    }

    // =========================================================================================================
    // One-byte opcodes
    // =========================================================================================================

    private void execute(int op) {
        switch (op) {
            case 0x00: case 0x01: case 0x02: case 0x03: case 0x04: case 0x05:
            case 0x08: case 0x09: case 0x0A: case 0x0B: case 0x0C: case 0x0D:
            case 0x10: case 0x11: case 0x12: case 0x13: case 0x14: case 0x15:
            case 0x18: case 0x19: case 0x1A: case 0x1B: case 0x1C: case 0x1D:
            case 0x20: case 0x21: case 0x22: case 0x23: case 0x24: case 0x25:
            case 0x28: case 0x29: case 0x2A: case 0x2B: case 0x2C: case 0x2D:
            case 0x30: case 0x31: case 0x32: case 0x33: case 0x34: case 0x35:
            case 0x38: case 0x39: case 0x3A: case 0x3B: case 0x3C: case 0x3D:
                arithmetic(op);
                break;
            case 0x06: pushV(cpu.segSelector[ES]); break;
            case 0x0E: pushV(cpu.segSelector[CS]); break;
            case 0x16: pushV(cpu.segSelector[SS]); break;
            case 0x1E: pushV(cpu.segSelector[DS]); break;
            case 0x07: popSegment(ES); break;
            case 0x17: popSegment(SS); break;
            case 0x1F: popSegment(DS); break;
            case 0x27: arith.daa(); break;
            case 0x2F: arith.das(); break;
            case 0x37: arith.asciiAdjust(true); break;
            case 0x3F: arith.asciiAdjust(false); break;
            case 0x40: case 0x41: case 0x42: case 0x43: case 0x44: case 0x45: case 0x46: case 0x47:
                setRegV(op & 7, alu.inc(reg[op & 7], maskV()));
                break;
            case 0x48: case 0x49: case 0x4A: case 0x4B: case 0x4C: case 0x4D: case 0x4E: case 0x4F:
                setRegV(op & 7, alu.dec(reg[op & 7], maskV()));
                break;
            case 0x50: case 0x51: case 0x52: case 0x53: case 0x54: case 0x55: case 0x56: case 0x57:
                pushV(reg[op & 7]);
                break;
            case 0x58: case 0x59: case 0x5A: case 0x5B: case 0x5C: case 0x5D: case 0x5E: case 0x5F:
                setRegV(op & 7, popV());
                break;
            case 0x60: pusha(); break;
            case 0x61: popa(); break;
            case 0x62: arith.bound(); break;
            case 0x63: arpl(); break;
            case 0x68: pushV(fetchImmV()); break;
            case 0x69: setRegV(regField(), arith.imul(rmV(), fetchImmV())); break;
            case 0x6A: pushV(fetchS8()); break;
            case 0x6B: setRegV(regField(), arith.imul(rmV(), fetchS8())); break;
            case 0x6C: case 0x6D: case 0x6E: case 0x6F:
                strings.execute(op);
                break;
            case 0x70: case 0x71: case 0x72: case 0x73: case 0x74: case 0x75: case 0x76: case 0x77:
            case 0x78: case 0x79: case 0x7A: case 0x7B: case 0x7C: case 0x7D: case 0x7E: case 0x7F: {
                int disp = fetchS8();
                jumpRelative(alu.condition(op & 15), disp);
                break;
            }
            case 0x80: case 0x82: {
                if (regField() != 7) {
                    protectFlags();
                }
                int r = alu.arith(regField(), rm8(), fetch8(), 0xFF);
                if (regField() != 7) {
                    setRm8(r);
                }
                break;
            }
            case 0x81: case 0x83: {
                if (regField() != 7) {
                    protectFlags();
                }
                int a = rmV();
                int b = op == 0x81 ? fetchImmV() : fetchS8();
                int r = alu.arith(regField(), a, b, maskV());
                if (regField() != 7) {
                    setRmV(r);
                }
                break;
            }
            case 0x84: alu.and(rm8(), reg8(regField()), 0xFF); break;
            case 0x85: alu.and(rmV(), reg[regField()], maskV()); break;
            case 0x86: { // the register changes only after the memory write succeeded
                int a = rm8();
                setRm8(reg8(regField()));
                setReg8(regField(), a);
                break;
            }
            case 0x87: {
                int a = rmV();
                setRmV(reg[regField()]);
                setRegV(regField(), a);
                break;
            }
            case 0x88: setRm8(reg8(regField())); break;
            case 0x89: setRmV(reg[regField()]); break;
            case 0x8A: setReg8(regField(), rm8()); break;
            case 0x8B: setRegV(regField(), rmV()); break;
            case 0x8C: movFromSegment(); break;
            case 0x8D: setRegV(regField(), eaOff); break;
            case 0x8E: movToSegment(); break;
            case 0x8F: popRm(); break;
            case 0x90: break; // NOP, and PAUSE with F3
            case 0x91: case 0x92: case 0x93: case 0x94: case 0x95: case 0x96: case 0x97: {
                int t = regV(op & 7);
                setRegV(op & 7, reg[EAX]);
                setRegV(EAX, t);
                break;
            }
            case 0x98:
                if (o32) {
                    reg[EAX] = (short) reg[EAX];
                } else {
                    setReg16(EAX, (byte) reg[EAX]);
                }
                break;
            case 0x99:
                if (o32) {
                    reg[EDX] = reg[EAX] >> 31;
                } else {
                    setReg16(EDX, (short) reg[EAX] >> 15);
                }
                break;
            case 0x9A: {
                int offset = fetchImmV();
                farPointerTransfer(true, fetch16(), offset);
                break;
            }
            case 0x9B: fpu.fwait(); break;
            case 0x9C: pushf(); break;
            case 0x9D: popf(); break;
            case 0x9E:
                alu.setFlags(Alu.SF | Alu.ZF | Alu.AF | Alu.PF | Alu.CF, reg[EAX] >> 8);
                break;
            case 0x9F: setReg8(4, (cpu.getEflags() & 0xD5) | 2); break;
            case 0xA0: setReg8(EAX, read8(dataSegment(), fetchMoffs())); break;
            case 0xA1: setRegV(EAX, readV(dataSegment(), fetchMoffs())); break;
            case 0xA2: write8(dataSegment(), fetchMoffs(), reg[EAX]); break;
            case 0xA3: {
                int off = fetchMoffs();
                if (o32) {
                    write32(dataSegment(), off, reg[EAX]);
                } else {
                    write16(dataSegment(), off, reg[EAX]);
                }
                break;
            }
            case 0xA4: case 0xA5: case 0xA6: case 0xA7: case 0xAA: case 0xAB:
            case 0xAC: case 0xAD: case 0xAE: case 0xAF:
                strings.execute(op);
                break;
            case 0xA8: alu.and(reg[EAX], fetch8(), 0xFF); break;
            case 0xA9: alu.and(reg[EAX], fetchImmV(), maskV()); break;
            case 0xB0: case 0xB1: case 0xB2: case 0xB3: case 0xB4: case 0xB5: case 0xB6: case 0xB7:
                setReg8(op & 7, fetch8());
                break;
            case 0xB8: case 0xB9: case 0xBA: case 0xBB: case 0xBC: case 0xBD: case 0xBE: case 0xBF:
                setRegV(op & 7, fetchImmV());
                break;
            case 0xC0: shiftGroup(true, fetch8()); break;
            case 0xC1: shiftGroup(false, fetch8()); break;
            case 0xD0: shiftGroup(true, 1); break;
            case 0xD1: shiftGroup(false, 1); break;
            case 0xD2: shiftGroup(true, reg[ECX]); break;
            case 0xD3: shiftGroup(false, reg[ECX]); break;
            case 0xC2: returnNear(fetch16()); break;
            case 0xC3: returnNear(0); break;
            case 0xC4: loadFarPointer(ES); break;
            case 0xC5: loadFarPointer(DS); break;
            case 0xC6: setRm8(fetch8()); break;
            case 0xC7: setRmV(fetchImmV()); break;
            case 0xC8: enter(); break;
            case 0xC9: leave(); break;
            case 0xCA: farReturn(fetch16()); break;
            case 0xCB: farReturn(0); break;
            case 0xCC: trap(CpuFault.BP, true); break;
            case 0xCD: softwareInterrupt(fetch8()); break;
            case 0xCE:
                if (alu.of()) {
                    trap(CpuFault.OF, true);
                }
                break;
            case 0xCF: iret(); break;
            case 0xD4: arith.aam(fetch8()); break;
            case 0xD5: arith.aad(fetch8()); break;
            case 0xD6: setReg8(EAX, alu.cf() != 0 ? 0xFF : 0); break;
            case 0xD7: setReg8(EAX, read8(dataSegment(), (reg[EBX] + (reg[EAX] & 0xFF)) & addressMask())); break;
            case 0xD8: case 0xD9: case 0xDA: case 0xDB: case 0xDC: case 0xDD: case 0xDE: case 0xDF:
                // The environment layout (FNSTENV/FLDENV/FNSAVE/FRSTOR) follows the operand size; FIP/FDS name
                // this instruction and its operand's segment.
                fpu.operand32 = o32;
                fpu.instructionEip = startEip;
                fpu.dataSegment = eaSeg;
                fpu.x87(op, modrm, modrm < 0xC0 ? segBase[eaSeg] + eaOff : 0);
                break;
            case 0xE0: case 0xE1: case 0xE2: case 0xE3: loop(op); break;
            case 0xE4: case 0xE5: case 0xE6: case 0xE7: inOut(op, fetch8()); break;
            case 0xEC: case 0xED: case 0xEE: case 0xEF: inOut(op, reg[EDX] & 0xFFFF); break;
            case 0xE8: {
                int disp = o32 ? fetch32() : fetch16();
                callNear(cpu.eip + disp);
                break;
            }
            case 0xE9: {
                int disp = o32 ? fetch32() : fetch16();
                jumpNear(cpu.eip + disp);
                break;
            }
            case 0xEA: {
                int offset = fetchImmV();
                farPointerTransfer(false, fetch16(), offset);
                break;
            }
            case 0xEB: {
                int disp = fetchS8();
                jumpNear(cpu.eip + disp);
                break;
            }
            case 0xF1: trap(CpuFault.DB, false); break;
            case 0xF4: hlt(); break;
            case 0xF5: alu.setFlags(Alu.CF, alu.cf() ^ 1); break;
            case 0xF6: arith.group3Byte(); break;
            case 0xF7: arith.group3(); break;
            case 0xF8: alu.setFlags(Alu.CF, 0); break;
            case 0xF9: alu.setFlags(Alu.CF, Alu.CF); break;
            case 0xFA: cli(); break;
            case 0xFB: sti(); break;
            case 0xFC: cpu.eflags &= ~Cpu.FLAG_DF; break;
            case 0xFD: cpu.eflags |= Cpu.FLAG_DF; break;
            case 0xFE: {
                protectFlags();
                int v = rm8();
                setRm8(regField() == 0 ? alu.inc(v, 0xFF) : alu.dec(v, 0xFF));
                break;
            }
            case 0xFF: group5(); break;
            default:
                throw ud();
        }
    }

    /** ADD/OR/ADC/SBB/AND/SUB/XOR/CMP in their six forms (Eb,Gb  Ev,Gv  Gb,Eb  Gv,Ev  AL,Ib  eAX,Iz). */
    private void arithmetic(int op) {
        int kind = op >> 3;
        boolean store = kind != 7;
        switch (op & 7) {
            case 0: {
                if (store) {
                    protectFlags();
                }
                int r = alu.arith(kind, rm8(), reg8(regField()), 0xFF);
                if (store) {
                    setRm8(r);
                }
                break;
            }
            case 1: {
                if (store) {
                    protectFlags();
                }
                int r = alu.arith(kind, rmV(), reg[regField()], maskV());
                if (store) {
                    setRmV(r);
                }
                break;
            }
            case 2: {
                int r = alu.arith(kind, reg8(regField()), rm8(), 0xFF);
                if (store) {
                    setReg8(regField(), r);
                }
                break;
            }
            case 3: {
                int r = alu.arith(kind, reg[regField()], rmV(), maskV());
                if (store) {
                    setRegV(regField(), r);
                }
                break;
            }
            case 4: {
                int r = alu.arith(kind, reg[EAX], fetch8(), 0xFF);
                if (store) {
                    setReg8(EAX, r);
                }
                break;
            }
            default: {
                int r = alu.arith(kind, reg[EAX], fetchImmV(), maskV());
                if (store) {
                    setRegV(EAX, r);
                }
                break;
            }
        }
    }

    private void shiftGroup(boolean byteSize, int count) {
        count &= 0x1F;
        protectFlags();
        if (byteSize) {
            int v = rm8();
            if (count != 0) {
                setRm8(alu.shift(regField(), v, count, 8));
            }
        } else {
            int v = rmV();
            if (count != 0) {
                setRmV(alu.shift(regField(), v, count, bitsV()));
            }
        }
    }

    private int fetchMoffs() {
        return a32 ? fetch32() : fetch16();
    }

    private void group5() {
        switch (regField()) {
            case 0: protectFlags(); setRmV(alu.inc(rmV(), maskV())); break;
            case 1: protectFlags(); setRmV(alu.dec(rmV(), maskV())); break;
            case 2: callNear(rmV()); break;
            case 3: case 5: {
                int offset = readV(eaSeg, eaOff);
                int selector = read16(eaSeg, (eaOff + (o32 ? 4 : 2)) & addressMask());
                farPointerTransfer(regField() == 3, selector, offset);
                break;
            }
            case 4: jumpNear(rmV()); break;
            default: pushV(rmV()); break;
        }
    }

    // ---- Segment registers ---------------------------------------------------------------------------------

    private void popSegment(int s) {
        int sp = sp();
        int selector = o32 ? read32(SS, sp) : read16(SS, sp);
        loadSegment(s, selector);
        addSp(o32 ? 4 : 2);
        if (s == SS) {
            cpu.interruptShadow = true;
            endBlock = true;
        }
    }

    private void movFromSegment() {
        int s = regField();
        if (s > GS) {
            throw ud();
        }
        int selector = cpu.segSelector[s];
        if (modrm >= 0xC0) {
            setRegV(modrm & 7, selector); // a register destination is zero-extended on P6 and later
        } else {
            write16(eaSeg, eaOff, selector);
        }
    }

    private void movToSegment() {
        int s = regField();
        if (s == CS || s > GS) {
            throw ud();
        }
        loadSegment(s, rm16());
        if (s == SS) {
            cpu.interruptShadow = true;
            endBlock = true;
        }
    }

    private void loadFarPointer(int s) {
        int offset = readV(eaSeg, eaOff);
        int selector = read16(eaSeg, (eaOff + (o32 ? 4 : 2)) & addressMask());
        loadSegment(s, selector);
        setRegV(regField(), offset);
    }

    /** POP Ev: the address is computed after ESP is incremented (it matters for [ESP+disp]). */
    private void popRm() {
        int v = popV();
        if (modrm < 0xC0) {
            eaOff = effectiveOffset();
        }
        setRmV(v);
    }

    private void arpl() {
        int dst = rm16();
        int src = reg[regField()] & 0xFFFF;
        if ((dst & 3) < (src & 3)) {
            setRm16((dst & ~3) | (src & 3));
            alu.setFlags(Alu.ZF, Alu.ZF);
        } else {
            alu.setFlags(Alu.ZF, 0);
        }
    }

    // ---- Stack frames --------------------------------------------------------------------------------------

    private void pusha() {
        int esp = reg[ESP];
        for (int r = EAX; r <= EDI; r++) {
            pushV(r == ESP ? esp : reg[r]);
        }
    }

    private void popa() {
        for (int r = EDI; r >= EAX; r--) {
            if (r == ESP) {
                addSp(o32 ? 4 : 2);
            } else {
                setRegV(r, popV());
            }
        }
    }

    private void enter() {
        int size = fetch16();
        int level = fetch8() & 0x1F;
        int step = o32 ? 4 : 2;
        pushV(reg[EBP]);
        int frame = sp();
        if (level > 0) {
            int bp = reg[EBP];
            for (int i = 1; i < level; i++) {
                bp = stack32 ? bp - step : (bp - step) & 0xFFFF;
                pushV(readV(SS, stack32 ? bp : bp & 0xFFFF));
            }
            pushV(frame);
        }
        int newSp = sp() - size;
        if (!stack32) {
            newSp &= 0xFFFF;
        }
        write8(SS, newSp, read8(SS, newSp)); // the new stack top must be writable, as on real CPUs
        setRegV(EBP, frame);
        setSp(newSp);
    }

    void leave() {
        int bp = stack32 ? reg[EBP] : reg[EBP] & 0xFFFF;
        int v = readV(SS, bp);
        setSp(bp + (o32 ? 4 : 2));
        setRegV(EBP, v);
    }

    // ---- Flags and privileged one-byte instructions --------------------------------------------------------

    private void pushf() {
        if (v86 && iopl() < 3) {
            throw gp0();
        }
        int f = cpu.getEflags() & ~(Cpu.FLAG_VM | Cpu.FLAG_RF);
        pushV(f);
    }

    private void popf() {
        if (v86 && iopl() < 3) {
            throw gp0();
        }
        int v = popV();
        int mask = Alu.ARITH | Cpu.FLAG_TF | Cpu.FLAG_DF | Cpu.FLAG_NT;
        if (o32) {
            mask |= Cpu.FLAG_AC | Cpu.FLAG_ID;
        }
        if (!protectedMode || (!v86 && cpu.cpl == 0)) {
            mask |= Cpu.FLAG_IOPL | Cpu.FLAG_IF;
        } else if (v86 || cpu.cpl <= iopl()) {
            mask |= Cpu.FLAG_IF;
        }
        if (!o32) {
            mask &= 0xFFFF;
        }
        int old = cpu.getEflags();
        cpu.setEflags((old & ~mask) | (v & mask));
        endBlock = true;
    }

    private void cli() {
        if (protectedMode && cpu.cpl > iopl()) {
            throw gp0();
        }
        cpu.eflags &= ~Cpu.FLAG_IF;
    }

    private void sti() {
        if (protectedMode && cpu.cpl > iopl()) {
            throw gp0();
        }
        if ((cpu.eflags & Cpu.FLAG_IF) == 0) {
            cpu.eflags |= Cpu.FLAG_IF;
            cpu.interruptShadow = true;
            endBlock = true;
        }
    }

    private void hlt() {
        if (protectedMode && cpu.cpl != 0) {
            throw gp0();
        }
        cpu.halted = true;
        endBlock = true;
    }

    private void iret() {
        if (v86 && iopl() < 3) {
            throw gp0();
        }
        alu.materialize();
        iretExecuted = true;
        cpu.interrupts.iret(o32);
        afterControlTransfer();
    }

    private void farReturn(int extraPop) {
        alu.materialize();
        cpu.control.farReturn(o32, extraPop);
        afterControlTransfer();
    }

    // ---- I/O -----------------------------------------------------------------------------------------------

    /** IN/OUT at CPL > IOPL or in virtual-8086 mode consult the TSS I/O permission bitmap (#GP(0) if denied). */
    void checkIo(int port, int size) {
        if (protectedMode && (v86 || cpu.cpl > iopl())) {
            cpu.sys.checkIoPermission(port, size);
        }
    }

    private void inOut(int op, int port) {
        int size = (op & 1) == 0 ? 1 : o32 ? 4 : 2;
        checkIo(port, size);
        if ((op & 2) == 0) {
            switch (size) {
                case 1: setReg8(EAX, cpu.io.in8(port)); break;
                case 2: setReg16(EAX, cpu.io.in16(port)); break;
                default: reg[EAX] = cpu.io.in32(port); break;
            }
        } else {
            switch (size) {
                case 1: cpu.io.out8(port, reg[EAX] & 0xFF); break;
                case 2: cpu.io.out16(port, reg[EAX] & 0xFFFF); break;
                default: cpu.io.out32(port, reg[EAX]); break;
            }
        }
        endBlock = true; // a device may have raised an interrupt
    }

    // =========================================================================================================
    // Two-byte (0F) opcodes
    // =========================================================================================================

    private void execute0F(int op) {
        switch (op) {
            case 0x00: system.group6(); break;
            case 0x01: system.group7(); break;
            case 0x02: system.loadDescriptorField(cpu.sys.lar(rm16())); break;
            case 0x03: system.loadDescriptorField(cpu.sys.lsl(rm16())); break;
            case 0x06: system.clts(); break;
            case 0x08: case 0x09: system.requireCpl0(); break; // INVD, WBINVD: no caches to flush
            case 0x19: case 0x1A: case 0x1B: case 0x1C: case 0x1D: case 0x1E: case 0x1F: break; // NOP Ev
            case 0x20: case 0x21: case 0x22: case 0x23: system.movControlDebug(op); break;
            case 0x30: system.wrmsr(); break;
            case 0x31: system.rdtsc(); break;
            case 0x32: system.rdmsr(); break;
            case 0x33: system.rdpmc(); break;
            case 0x34: system.sysenter(); break;
            case 0x35: system.sysexit(); break;
            case 0x40: case 0x41: case 0x42: case 0x43: case 0x44: case 0x45: case 0x46: case 0x47:
            case 0x48: case 0x49: case 0x4A: case 0x4B: case 0x4C: case 0x4D: case 0x4E: case 0x4F: {
                int v = rmV();
                if (alu.condition(op & 15)) {
                    setRegV(regField(), v);
                }
                break;
            }
            case 0x80: case 0x81: case 0x82: case 0x83: case 0x84: case 0x85: case 0x86: case 0x87:
            case 0x88: case 0x89: case 0x8A: case 0x8B: case 0x8C: case 0x8D: case 0x8E: case 0x8F: {
                int disp = o32 ? fetch32() : fetch16();
                jumpRelative(alu.condition(op & 15), disp);
                break;
            }
            case 0x90: case 0x91: case 0x92: case 0x93: case 0x94: case 0x95: case 0x96: case 0x97:
            case 0x98: case 0x99: case 0x9A: case 0x9B: case 0x9C: case 0x9D: case 0x9E: case 0x9F:
                setRm8(alu.condition(op & 15) ? 1 : 0);
                break;
            case 0xA0: pushV(cpu.segSelector[FS]); break;
            case 0xA1: popSegment(FS); break;
            case 0xA8: pushV(cpu.segSelector[GS]); break;
            case 0xA9: popSegment(GS); break;
            case 0xA2: cpu.sys.cpuid(); break;
            case 0xA3: arith.bitTest(0, reg[regField()], true); break;
            case 0xAB: arith.bitTest(1, reg[regField()], true); break;
            case 0xB3: arith.bitTest(2, reg[regField()], true); break;
            case 0xBB: arith.bitTest(3, reg[regField()], true); break;
            case 0xBA: {
                int imm = fetch8();
                arith.bitTest(regField() - 4, imm, false);
                break;
            }
            case 0xA4: arith.doubleShift(true, fetch8()); break;
            case 0xA5: arith.doubleShift(true, reg[ECX]); break;
            case 0xAC: arith.doubleShift(false, fetch8()); break;
            case 0xAD: arith.doubleShift(false, reg[ECX]); break;
            case 0xAF: setRegV(regField(), arith.imul(reg[regField()], rmV())); break;
            case 0xB0: arith.cmpxchg8(); break;
            case 0xB1: arith.cmpxchg(); break;
            case 0xB2: loadFarPointer(SS); break;
            case 0xB4: loadFarPointer(FS); break;
            case 0xB5: loadFarPointer(GS); break;
            case 0xB6: setRegV(regField(), rm8()); break;
            case 0xB7: setRegV(regField(), rm16()); break;
            case 0xBE: setRegV(regField(), (byte) rm8()); break;
            case 0xBF: setRegV(regField(), (short) rm16()); break;
            case 0xBC: arith.bitScan(true); break;
            case 0xBD: arith.bitScan(false); break;
            case 0xC0: arith.xadd8(); break;
            case 0xC1: arith.xadd(); break;
            case 0xC7:
                if (regField() == 6) {
                    system.rdrand();
                } else {
                    arith.cmpxchg8b();
                }
                break;
            case 0xC8: case 0xC9: case 0xCA: case 0xCB: case 0xCC: case 0xCD: case 0xCE: case 0xCF:
                if (o32) {
                    reg[op & 7] = Integer.reverseBytes(reg[op & 7]);
                } else {
                    setReg16(op & 7, 0); // BSWAP of a 16-bit register clears it on Intel CPUs
                }
                break;
            default:
                throw ud();
        }
    }
}
