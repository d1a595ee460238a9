package org.nodeoslab.emulator.cpu;

import java.util.function.Predicate;

import org.nodeoslab.emulator.bus.ArrayStorage;
import org.nodeoslab.emulator.bus.LinearLayout;
import org.nodeoslab.emulator.bus.MemoryStorage;
import org.nodeoslab.emulator.bus.PhysicalMemory;
import org.nodeoslab.emulator.cpu.jit.CodeCache;
import org.nodeoslab.emulator.cpu.jit.CompiledRegion;
import org.nodeoslab.emulator.cpu.jit.InterpretProfile;
import org.nodeoslab.emulator.cpu.jit.Jit;
import org.nodeoslab.emulator.cpu.jit.JitConfig;
import org.nodeoslab.emulator.cpu.jit.Region;
import org.nodeoslab.emulator.cpu.jit.RegionCompiler;

/**
 * What compiled guest code ({@code cpu.jit}) may touch of one CPU: the interpreter's own operations (segment-checked
 * memory access through the TLB, the stack, the lazy-flag ALU, near transfers) made public for generated classes,
 * the pre-decoded entries for the front end, and the run loop's hook ({@link #enter}). Everything goes through the
 * same code paths as the interpreter, so the two are interchangeable at every instruction boundary.
 */
public final class JitBridge implements PhysicalMemory.CodeWatcher {
    /** The general registers (generated code reads and writes them in place). */
    public final int[] reg;
    /** Set when a write dropped the running region: it stops at the next instruction boundary. */
    public boolean bail;

    private final Cpu cpu;
    private final Executor x;
    /** The CPU's segment limits (read by {@link #branch}, which must stay small enough for C1 to inline). */
    private final int[] segLimit;
    private final Alu alu;
    private final MemoryStorage ram;
    private final CodeCache cache;
    /**
     * The physical bytes [runningFrom, runningTo) of the running region (empty when none): a write there stops it.
     * Ints, not the region: a reference store costs G1's write barrier, and this changes on every chained entry.
     */
    private int runningFrom, runningTo;

    /**
     * What the fast path of a memory access reads, for compiled code that repeats it inline (Executor.read32 and
     * Mmu.read32 without the calls): per segment register, whether accesses need no limit or type check and the
     * base; the TLBs ({@code linearPage ^ physicalPage} and the privilege bits of {@link #privilegeBit}); RAM as
     * words; the pages whose writes must reach the code caches (a write there takes the slow path). Anything but a
     * hit goes through the accessors below. The TLBs, RAM and code pages are the {@link ArrayStorage}'s arrays when
     * the machine keeps its memory in Java arrays (the JVM), else null (see {@link #layout}).
     */
    public final boolean[] fastRead, fastWrite;
    public final int[] segBase, readTlb, writeTlb, ramWords;
    public final byte[] codePages;
    /**
     * Where RAM, the TLBs and the code-page flags are when the machine keeps them in one WebAssembly linear memory
     * (the browser build): byte addresses for compiled code that reaches them inline; null when they are Java arrays.
     */
    public final LinearLayout layout;

    private JitBridge(Executor x, RegionCompiler compiler, JitConfig config) {
        this.x = x;
        this.cpu = x.cpu;
        this.segLimit = x.segLimit;
        this.alu = x.alu;
        this.reg = x.reg;
        this.ram = x.cpu.memory.storage();
        this.fastRead = x.fastReadFlags();
        this.fastWrite = x.fastWriteFlags();
        this.segBase = x.cpu.segBase;
        ArrayStorage arrays = ram instanceof ArrayStorage ? (ArrayStorage) ram : null;
        this.readTlb = arrays != null ? arrays.readTlb : null;
        this.writeTlb = arrays != null ? arrays.writeTlb : null;
        this.ramWords = arrays != null ? arrays.words : null;
        this.codePages = arrays != null ? arrays.codePages : null;
        this.layout = ram.layout();
        this.cache = new CodeCache(this, compiler, config, ram.pages());
        x.decodedCode().compiledCode = this;
        x.lookupSampling = config.lookupSampling;
    }

    /** The bridge of a new CPU's executor, or null when no back end is installed or the JIT is off. */
    static JitBridge attach(Executor x) {
        RegionCompiler compiler = Jit.compiler();
        JitConfig config = Jit.config();
        if (compiler == null || config.mode == JitConfig.Mode.OFF) {
            return null;
        }
        return new JitBridge(x, compiler, config);
    }

    public CodeCache cache() {
        return cache;
    }

    /** The run loop's hook at a branch target: runs compiled code from EIP if there is some; instructions retired. */
    int enter(int budget) {
        long position = countingMisses ? interpretedUntil(budget) : 0;
        int e = cpu.eip;
        CompiledRegion r = x.lookupCountdown > 0 ? regionAt(e, budget) : sampledRegionAt(e, budget);
        int retired = r == null ? 0 : runEntered(r, e, budget, 0);
        if (countingMisses) {
            if (r != null && retired == 0) {
                cache.notRun();
            }
            resumedAt = position + retired;
            entries++;
            if (retired > 0) {
                entriesRan++;
            }
        }
        return retired;
    }

    /**
     * Trips into and out of compiled code, counted with the misses (bench tools): the run loop's look-ups at branch
     * targets and those that ran compiled code; chaining exits by outcome (cut by the chain's limits, the region
     * the exit remembered, one the code cache found, none: the interpreter goes on).
     */
    private long entries, entriesRan, chainsCut, chainedKnown, chainedFound, chainsEnded, countedInWasm;

    /**
     * The trip counters ({@link #entries}...) as JSON members, for {@link CodeCache#countersJson}, with the
     * interpreter's decodes and conflicts ({@link DecodedCode#decodes}: counted always).
     */
    public void appendTripsJson(StringBuilder s) {
        s.append(",\"trips\":{\"entries\":").append(entries).append(",\"entriesRan\":").append(entriesRan)
                .append(",\"chainsCut\":").append(chainsCut).append(",\"chainedKnown\":").append(chainedKnown)
                .append(",\"chainedFound\":").append(chainedFound).append(",\"chainsEnded\":").append(chainsEnded)
                .append(",\"chainedInside\":").append(countedInWasm)
                .append(",\"decodes\":").append(x.decodedCode().decodes)
                .append(",\"decodeConflicts\":").append(x.decodedCode().conflicts).append('}');
    }

    /**
     * Counts where the interpreter ran and why not compiled code ({@link CodeCache#misses}) from now on: a few
     * additions per look-up, for bench tools (off by default).
     */
    public void countMisses() {
        if (!countingMisses) {
            countingMisses = true;
            blockStart = -1;
        }
    }

    private boolean countingMisses;

    /**
     * The instructions interpreted since the run loop last went on in the interpreter after {@link #enter}, counted
     * under why the look-up before found nothing; returns the run loop's position.
     */
    private long interpretedUntil(int budget) {
        if (blockStart < 0) {
            resumedAt = cpu.instructionCount; // counting starts here
        }
        long position = runLoopPosition(budget);
        if (position > resumedAt) {
            cache.interpreted(position - resumedAt);
        }
        return position;
    }

    /**
     * Where the run loop is, in instructions since start, when it calls {@link #enter} with {@code budget} left of
     * its block: the CPU counts a block's instructions when the block ends, and a block starts with a call to enter
     * given its whole budget (a new count, or more budget than was left, is a new block).
     */
    private long runLoopPosition(int budget) {
        long count = cpu.instructionCount;
        if (count != blockStart || budget > blockLeft) {
            blockStart = count;
            blockBudget = budget;
        }
        blockLeft = budget;
        return count + (blockBudget - budget);
    }

    /** For {@link #runLoopPosition}: the block's count at its start, its budget, what was left at the last enter. */
    private long blockStart = -1;
    private int blockBudget, blockLeft;
    /** The run loop's position when it last went on in the interpreter after {@link #enter}. */
    private long resumedAt;

    /** As {@link #enter}, the region at EIP alone (no chaining), if {@code accept} takes it. */
    int enterAlone(int budget, Predicate<Region> accept) {
        int e = cpu.eip;
        CompiledRegion r = regionAt(e, budget);
        if (r == null || !accept.test(r.region())) {
            return 0;
        }
        return runEntered(r, e, budget, MAX_CHAIN); // next() and linked() then hand out nothing
    }

    /** Runs region {@code r} entered at {@code e}, {@code chainedSoFar} counting against the chaining depth. */
    private int runEntered(CompiledRegion r, int e, int budget, int chainedSoFar) {
        setRunning(r);
        chained = chainedSoFar;
        try {
            int retired = r.run(this, e, budget);
            compiledInstructions += retired;
            return retired;
        } finally {
            runningFrom = 0;
            runningTo = 0;
        }
    }

    private void setRunning(CompiledRegion r) {
        runningFrom = r.spanFrom();
        runningTo = r.spanTo();
        bail = false;
    }

    /** The compiled region to run at EIP {@code e} within {@code budget} instructions, or null. */
    private CompiledRegion regionAt(int e, int budget) {
        int phys = x.windowPhysicalMoving(e);
        int mode = x.decodedMode();
        if (phys < 0 || mode == 0) {
            cache.notLooked();
            return null; // only 32-bit code is compiled
        }
        return cache.find(phys | mode, e, budget);
    }

    /**
     * As {@link #regionAt}, for the branch target FastForms' loop let through when its countdown of unmarked targets
     * ran out ({@link JitConfig#lookupSampling}): the look-up counts for the targets it passed since the last, and
     * marks the entry's decoded slot if it holds code now (found, or being compiled), so every later visit looks.
     * The next countdown is drawn at random around the sampling rate, so no loop's branch targets fall in step with it.
     */
    private CompiledRegion sampledRegionAt(int e, int budget) {
        int weight = lookupInterval;
        int n = x.lookupSampling;
        lookupRandom = lookupRandom * 1103515245 + 12345;
        lookupInterval = n / 2 + (lookupRandom >>> 8) % n;
        x.lookupCountdown = lookupInterval;
        int phys = x.windowPhysicalMoving(e);
        int mode = x.decodedMode();
        if (phys < 0 || mode == 0) {
            cache.notLooked();
            return null;
        }
        int key = phys | mode;
        CompiledRegion r = cache.find(key, e, budget, weight);
        if (r != null || cache.holdsCode(key)) {
            x.decodedCode().markJitEntry(phys, mode);
        }
        return r;
    }

    /** For {@link #sampledRegionAt}: the unmarked targets the current countdown started from, and its generator. */
    private int lookupInterval = 1, lookupRandom = 1;

    /** Regions a compiled region may chain to before the chain returns to the run loop (bounds the stack too). */
    public static final int MAX_CHAIN = 32;
    private int chained;

    /**
     * Chaining, for compiled code leaving its region through a jump, call, return or its end (EIP set, {@code
     * retired} instructions retired of the {@code budget} it was given): the region to run next at EIP, which the
     * caller runs at once ({@code next.run(this, eip(), budget - retired)}) and adds its count, instead of returning
     * to the run loop; or null, and the caller returns. The run loop would do the same: within one block nothing
     * is looked at between regions but the budget.
     */
    public CompiledRegion next(int retired, int budget) {
        if (chained >= MAX_CHAIN || x.endBlock || retired >= budget) {
            return null;
        }
        return chainTo(regionAt(cpu.eip, budget - retired));
    }

    /**
     * As {@link #next}, for an exit that remembers the region it took last time ({@code known}, null at first):
     * that region without the code cache's look-up when the fetch window at the new EIP (moved through the TLB)
     * gives its entry's physical address and mode again and it still stands and fits; else whatever the code cache
     * has. A return or a call to another page mostly goes where it went before.
     */
    public CompiledRegion nextKnown(CompiledRegion known, int retired, int budget) {
        return nextKnown(null, known, retired, budget);
    }

    /**
     * As {@link #nextKnown(CompiledRegion, int, int)}, for an exit of region {@code from} (null: not known): the code
     * cache's look-up, when the remembered region does not fit, is {@link CodeCache#findAfter} (sampled where the
     * exits of {@code from} found nothing before).
     */
    public CompiledRegion nextKnown(CompiledRegion from, CompiledRegion known, int retired, int budget) {
        if (chained >= MAX_CHAIN || x.endBlock || retired >= budget) {
            if (countingMisses) {
                chainsCut++;
            }
            return null;
        }
        int e = cpu.eip;
        int phys = x.windowPhysical(e); // (small enough for TeaVM to inline: most exits stay in the window)
        if (phys < 0) {
            phys = x.windowPhysicalMoving(e);
        }
        int mode = x.decodedMode();
        CompiledRegion r = null;
        if (phys >= 0 && mode != 0) {
            int key = phys | mode;
            int left = budget - retired;
            if (known != null && known.key() == key && !known.isDropped() && known.length() <= left
                    && known.bytes() <= x.windowLeft(e)) {
                r = known;
            } else {
                r = from != null ? cache.findAfter(from, known, key, e, left) : cache.find(key, e, left);
            }
        }
        if (countingMisses) {
            countChained(r, known);
        }
        return chainTo(r);
    }

    /** For the trip counters: a chaining exit went on to {@code r} (null: the interpreter), having known {@code known}. */
    private void countChained(CompiledRegion r, CompiledRegion known) {
        // (out of nextKnown: the JVM's regions call it on every chaining exit, and HotSpot inlines by bytecode size)
        if (r == null) {
            chainsEnded++;
        } else if (r == known) {
            chainedKnown++;
        } else {
            chainedFound++;
        }
    }

    /** The region a chaining exit runs next, counted as such; null leaves the interpreter to go on. */
    private CompiledRegion chainTo(CompiledRegion r) {
        if (r == null) {
            // The run loop need not ask again at this EIP (entries are counted once): the interpreter goes on.
            x.branched = false;
            return null;
        }
        chained++;
        chainedRegions++;
        setRunning(r);
        return r;
    }

    private long chainedRegions, chainedInWasm;

    /** Regions entered straight from another (without the run loop) since start. */
    public long chainedRegions() {
        return chainedRegions;
    }

    /**
     * As {@link #next}, for a jump whose target compiled code keeps ({@code known}: the region it found there
     * before, in the same page as the jump, so at the same physical address): that region without a look-up when
     * it still stands and fits, else whatever {@link #next} finds.
     */
    public CompiledRegion linked(CompiledRegion known, int retired, int budget) {
        int e = cpu.eip;
        if (known.isDropped() || known.length() > budget - retired || x.windowPhysical(e) < 0
                || known.bytes() > x.windowLeft(e)) {
            return next(retired, budget);
        }
        if (chained >= MAX_CHAIN || x.endBlock) {
            return null;
        }
        chained++;
        chainedRegions++;
        setRunning(known);
        return known;
    }

    // ---- Chaining inside WebAssembly (emulator/jit-wasm's hops) -----------------------------------------------

    /**
     * How many more regions a chain may enter before it must come back to the run loop: 0 once the block must end
     * (an interrupt may be waiting), else what {@link #MAX_CHAIN} leaves. A back end whose modules go from one region
     * to the next themselves allows them this many.
     */
    public int chainsLeft() {
        return x.endBlock ? 0 : MAX_CHAIN - chained;
    }

    /**
     * Compiled code went on from region to region {@code hops} times without coming back to Java, {@code last}
     * being the one running now (or that ran last): counted as chained entries, and {@code last}'s bytes are the
     * running ones (a write there stops it).
     */
    public void chainedInside(int hops, CompiledRegion last) {
        chained += hops;
        chainedRegions += hops;
        chainedInWasm += hops;
        if (countingMisses) {
            chainedKnown += hops;
            countedInWasm += hops;
        }
        setRunning(last);
    }

    /** Regions compiled code entered itself ({@link #chainedInside}) since start. */
    public long chainedInWasm() {
        return chainedInWasm;
    }

    /**
     * Where the key of the running region is while compiled code runs ({@link #hopWord} offset; -1 none: the one
     * Java last entered, {@link #setRunning}): a back end whose modules enter one another without Java writes it
     * there, and a write into code asks.
     */
    private int runningKeyAt = -1;

    /** Sets (or, with -1, clears) where the running region's key is for the rest of this chain. */
    public void runningKeyAt(int hopOffset) {
        runningKeyAt = hopOffset;
    }

    /** The int at byte {@code offset} of the chaining block below RAM (see {@code LinearLayout.hops}). */
    public int hopWord(int offset) {
        return ram.hopWord(offset);
    }

    public void setHopWord(int offset, int value) {
        ram.setHopWord(offset, value);
    }

    /** The current EIP (where a chained region is entered). */
    public int eip() {
        return cpu.eip;
    }

    private long compiledInstructions;

    /** Instructions retired by compiled code (the rest of {@code cpu.instructionCount} was interpreted). */
    public long compiledInstructions() {
        return compiledInstructions;
    }

    // ---- For the code cache and the front end --------------------------------------------------------------

    /** True when the stack is 32-bit (SS's B bit): PUSH and POP move ESP, not SP. */
    public boolean stack32() {
        return x.stack32;
    }

    public int windowLeft(int eip) {
        return x.windowLeft(eip);
    }

    public int ramByte(int physicalAddress) {
        return ram.read8(physicalAddress);
    }

    /** Writes to [physicalAddress, + length) must reach {@link #codeWritten} while compiled code depends on them. */
    public void watch(int physicalAddress, int length) {
        x.decodedCode().watch(physicalAddress, length);
    }

    private int entryWord, entryForm, entryDisplacement;

    /**
     * Loads the pre-decoded entry of the instruction at {@code eip} (physical {@code key} with the mode bit),
     * decoding it first if the interpreter has not; false when it cannot be decoded from this page.
     */
    public boolean loadEntry(int eip, int key) {
        DecodedCode decoded = x.decodedCode();
        int[] c = decoded.entries;
        int s = decoded.slot(key);
        if (c[s] != key && (!x.decodeOnly(eip) || c[s] != key)) {
            return false;
        }
        entryWord = c[s + 1];
        entryForm = c[s + 2];
        entryDisplacement = c[s + 3];
        return true;
    }

    public int entryWord() {
        return entryWord;
    }

    public int entryForm() {
        return entryForm;
    }

    public int entryDisplacement() {
        return entryDisplacement;
    }

    /** Opcode index: 0x000-0x0FF one-byte map, 0x100-0x1FF the 0F map. */
    public int entryOpcode() {
        return entryWord & DecodedCode.INDEX_MASK;
    }

    public int entryModrm() {
        return entryWord >>> DecodedCode.MODRM_SHIFT & 0xFF;
    }

    /** Bytes up to the immediate (which the interpreter reads when it runs the instruction). */
    public int entryLength() {
        return entryWord >>> DecodedCode.LENGTH_SHIFT & 15;
    }

    /**
     * No prefix, no LOCK, not SIMD, and the attribute check the interpreter repeats would pass (in 32-bit code only
     * "defined" and "memory operand only" can fail): the plain forms the back ends compile.
     */
    public boolean entryPlain() {
        if ((entryWord & (DecodedCode.PREFIXED | DecodedCode.LOCK | DecodedCode.SIMD)) != 0) {
            return false;
        }
        return checkPasses();
    }

    /**
     * Its only prefix is 66 (16-bit operands, 32-bit addresses, no segment override, no REP or LOCK) and the
     * attribute check passes: the 16-bit forms the back ends compile.
     */
    public boolean entryOperand16() {
        int flags = DecodedCode.PREFIXED | DecodedCode.PREFIX66 | DecodedCode.O32 | DecodedCode.A32 | DecodedCode.LOCK
                | DecodedCode.SIMD | 3 << DecodedCode.REP_SHIFT;
        if ((entryWord & flags) != (DecodedCode.PREFIXED | DecodedCode.PREFIX66 | DecodedCode.A32)
                || (entryForm >>> DecodedCode.OVERRIDE_SHIFT & 7) != 0) {
            return false;
        }
        return checkPasses();
    }

    /**
     * Its only prefix is a segment override (32-bit operands and addresses, no REP or LOCK, not SIMD) and the
     * attribute check passes: the plain forms, with their memory operand in that segment ({@link #entrySegment}).
     */
    public boolean entryOverrideOnly() {
        int flags = DecodedCode.PREFIXED | DecodedCode.PREFIX66 | DecodedCode.O32 | DecodedCode.A32 | DecodedCode.LOCK
                | DecodedCode.SIMD | 3 << DecodedCode.REP_SHIFT;
        if ((entryWord & flags) != (DecodedCode.PREFIXED | DecodedCode.O32 | DecodedCode.A32)
                || (entryForm >>> DecodedCode.OVERRIDE_SHIFT & 7) == 0) {
            return false;
        }
        return checkPasses();
    }

    /**
     * Its prefixes are LOCK and perhaps a segment override (32-bit operands and addresses), on a memory operand of
     * a form that takes LOCK (else the interpreter's #UD): the plain forms, which run the same without it here (one
     * CPU).
     */
    public boolean entryLockedPlain() {
        int flags = DecodedCode.PREFIX66 | DecodedCode.O32 | DecodedCode.A32 | DecodedCode.LOCK | DecodedCode.SIMD
                | 3 << DecodedCode.REP_SHIFT;
        if ((entryWord & flags) != (DecodedCode.O32 | DecodedCode.A32 | DecodedCode.LOCK)) {
            return false;
        }
        int modrm = entryModrm();
        int attr = InstructionTable.attributes[entryOpcode() << 3 | (modrm >> 3 & 7)];
        return (attr & InstructionTable.DEFINED) != 0 && (attr & InstructionTable.LOCKABLE) != 0 && modrm < 0xC0
                && (entryWord & DecodedCode.HAS_MEMORY_OPERAND) != 0;
    }

    /** The segment register a segment-override prefix names, or -1 (DS-relative moffs forms use it). */
    public int entryOverride() {
        return (entryForm >>> DecodedCode.OVERRIDE_SHIFT & 7) - 1;
    }

    /** The {@link InterpretProfile} prefix class of the loaded entry (PLAIN, OPERAND16, REP, ... SIMD). */
    public int entryPrefixClass() {
        return prefixClass(entryWord, entryForm);
    }

    /** A SIMD-map entry without any prefix or LOCK (the fences' form). */
    public boolean entrySimdUnprefixed() {
        return (entryWord & (DecodedCode.SIMD | DecodedCode.PREFIXED | DecodedCode.LOCK)) == DecodedCode.SIMD;
    }

    private boolean checkPasses() {
        if ((entryWord & DecodedCode.CHECK) == 0) {
            return true;
        }
        int modrm = entryModrm();
        int attr = InstructionTable.attributes[entryOpcode() << 3 | (modrm >> 3 & 7)];
        return (attr & InstructionTable.DEFINED) != 0
                && ((attr & InstructionTable.MEMORY_ONLY) == 0 || modrm < 0xC0);
    }

    public boolean entryO32() {
        return (entryWord & DecodedCode.O32) != 0;
    }

    public boolean entryA32() {
        return (entryWord & DecodedCode.A32) != 0;
    }

    public boolean entrySimd() {
        return (entryWord & DecodedCode.SIMD) != 0;
    }

    public boolean entryHasMemoryOperand() {
        return (entryWord & DecodedCode.HAS_MEMORY_OPERAND) != 0;
    }

    public int entryBase() {
        return entryForm & 15;
    }

    public int entryIndex() {
        return entryForm >> DecodedCode.INDEX_SHIFT & 15;
    }

    public int entryScale() {
        return entryForm >> DecodedCode.SCALE_SHIFT & 3;
    }

    public int entrySegment() {
        return entryForm >>> DecodedCode.SEGMENT_SHIFT & 7;
    }

    // ---- Writes to code ------------------------------------------------------------------------------------

    @Override
    public void codeWritten(int physicalAddress, int length) {
        if (runningKeyAt >= 0) {
            followRunning();
        }
        cache.codeWritten(physicalAddress, length);
        if (physicalAddress < runningTo && runningFrom < physicalAddress + length) {
            bail = true; // the running region's own bytes: it was dropped, and stops before its next instruction
        }
    }

    /** The running region's bytes as {@link #runningKeyAt} says (compiled code may have entered it itself). */
    private void followRunning() {
        CompiledRegion r = cache.live(ram.hopWord(runningKeyAt));
        if (r != null) {
            runningFrom = r.spanFrom();
            runningTo = r.spanTo();
        }
    }

    @Override
    public void allCodeWritten() {
        if (runningKeyAt >= 0) {
            followRunning();
        }
        cache.clear();
        if (runningTo > runningFrom) {
            bail = true;
        }
    }

    // =========================================================================================================
    // Called by generated code
    // =========================================================================================================

    /** {@code at} of {@link #fault}: the instruction's EIP delta (low 12 bits) and index, and these bits. */
    public static final int AT_INDEX_SHIFT = 12, AT_FLAGS_SAVED = 1 << 20, AT_INTERPRETED = 1 << 21;

    /**
     * True when CS's limit is 4 GiB: no near jump can pass it (compiled code that jumps between regions without
     * {@link #branch} relies on it).
     */
    public boolean flatCode() {
        return segLimit[Cpu.CS] == -1;
    }

    /** The TLB entry bit that lets the current privilege use a page (CPL 3 or not). */
    public int privilegeBit() {
        return cpu.mmu.currentPrivilegeBit();
    }

    /**
     * Moves whenever a segment register's cache, the mode or the CPL may have changed (the interpreter's refresh of
     * {@link #fastRead}/{@link #fastWrite}): what a back end derives from segments and privilege holds while it stays.
     */
    public int segmentsGeneration() {
        return x.segmentsGeneration;
    }

    public int read8(int segment, int offset) {
        return x.read8(segment, offset);
    }

    public int read16(int segment, int offset) {
        return x.read16(segment, offset);
    }

    public int read32(int segment, int offset) {
        return x.read32(segment, offset);
    }

    public void write8(int segment, int offset, int value) {
        x.write8(segment, offset, value);
    }

    public void write16(int segment, int offset, int value) {
        x.write16(segment, offset, value);
    }

    public void write32(int segment, int offset, int value) {
        x.write32(segment, offset, value);
    }

    // ADC and SBB read CF (compiled code computes the other group-1 operations and defers their flags: materialize).

    public int adc(int a, int b, int mask) {
        return alu.adc(a, b, mask);
    }

    public int sbb(int a, int b, int mask) {
        return alu.sbb(a, b, mask);
    }

    /** IMUL r32, r/m32 (and with an immediate): as ArithOps.imul with a 32-bit operand size. */
    public int imul32(int a, int b) {
        long p = (long) a * b;
        int r = (int) p;
        alu.setResultFlags(r, -1, p != r ? Alu.CF | Alu.OF : 0);
        return r;
    }

    /** Group 2 on a value of {@code bits} bits, count already masked to 5 bits and not 0. */
    public int shift(int op, int value, int count, int bits) {
        return alu.shift(op, value, count, bits);
    }

    // The commonest 32-bit shifts, count 1-31, small enough for HotSpot to inline into a region (Alu.shift, which
    // handles every case, is not). The results and flags are exactly Alu.shift's.

    public int shl32(int v, int count) {
        int r = v << count;
        int c = (v >>> (32 - count)) & 1;
        alu.setResultFlags(r, -1, c | ((r >>> 31 ^ c) != 0 ? Alu.OF : 0));
        return r;
    }

    public int shr32(int v, int count) {
        int r = v >>> count;
        alu.setResultFlags(r, -1, (v >>> (count - 1)) & 1 | (((r << 1 ^ r) & 0x80000000) != 0 ? Alu.OF : 0));
        return r;
    }

    public int sar32(int v, int count) {
        int r = v >> count;
        alu.setResultFlags(r, -1, (v >> (count - 1)) & 1);
        return r;
    }

    /**
     * One-operand MUL ({@code signed} false) or IMUL with 32-bit operands, as ArithOps.multiply: the 64-bit product
     * EDX:EAX of EAX = {@code a} and {@code b}, the flags set.
     */
    public long mul32(int a, int b, boolean signed) {
        long p = signed ? (long) a * b : (a & 0xFFFFFFFFL) * (b & 0xFFFFFFFFL);
        int lo = (int) p;
        int hi = (int) (p >>> 32);
        boolean overflow = signed ? hi != lo >> 31 : hi != 0;
        alu.setResultFlags(lo, -1, overflow ? Alu.CF | Alu.OF : 0);
        return p;
    }

    /** The string instructions' direction: -1 when DF is set, else 1. */
    public int direction() {
        return (cpu.eflags & Cpu.FLAG_DF) != 0 ? -1 : 1;
    }

    // ---- Deferred flags: both back ends compute ADD/OR/AND/SUB/XOR/CMP/TEST/INC/DEC themselves and record the flags
    // in the Alu only when something may read them (most results' flags are overwritten first).

    /** In a deferred INC/DEC's code: the CF before it is bit {@code CARRY_SHIFT} (else the Alu holds it). */
    public static final int CARRY_KNOWN = 0x800, CARRY_SHIFT = 10;
    /**
     * {@link #pending} for INC and DEC (after the group-1 operations' numbers), for SHL, SHR and SAR of 32 bits by
     * 1-31 (operands: the value and the count), and for IMUL of 32 bits (two- and three-operand forms).
     */
    public static final int INC_OP = 8, DEC_OP = 9, SHL_OP = 10, SHR_OP = 11, SAR_OP = 12, IMUL_OP = 13;

    /**
     * The code of an ADD/OR/AND/SUB/XOR ({@code op} as in group 1), INC ({@link #INC_OP}), DEC ({@link #DEC_OP}) or
     * shift ({@link #SHL_OP}...) at {@code size} bits whose flags compiled code has not recorded yet: never 0 (0 = nothing deferred).
     */
    public static int pending(int op, int size) {
        // bits 0-7 op + 1, 8-9 size, CARRY_KNOWN/CARRY_SHIFT: an INC/DEC's carry in, when the code computed it
        return (op + 1) | (size == 8 ? 0x100 : size == 16 ? 0x200 : 0);
    }

    /** Records in the Alu the flags of the deferred operation {@code pending} (see {@link #pending}) on a and b. */
    public void materialize(int pending, int a, int b) {
        int mask = (pending & 0x100) != 0 ? 0xFF : (pending & 0x200) != 0 ? 0xFFFF : -1;
        switch ((pending & 0xFF) - 1) {
            case 0: alu.add(a, b, mask); return;
            case 1: alu.or(a, b, mask); return;
            case 4: alu.and(a, b, mask); return;
            case 5: alu.sub(a, b, mask); return;
            case 6: alu.xor(a, b, mask); return;
            case INC_OP: case DEC_OP:
                if ((pending & CARRY_KNOWN) != 0) {
                    alu.setFlags(Alu.CF, pending >>> CARRY_SHIFT & 1);
                }
                if ((pending & 0xFF) - 1 == DEC_OP) {
                    alu.dec(a, mask);
                } else {
                    alu.inc(a, mask);
                }
                return;
            case SHL_OP: shl32(a, b); return;
            case SHR_OP: shr32(a, b); return;
            case SAR_OP: sar32(a, b); return;
            case IMUL_OP: imul32(a, b); return;
            default:
                throw new IllegalStateException("no deferred operation " + pending);
        }
    }

    /** The registers and deferred flags a chained entry carried, written where the interpreter reads them. */
    public void carried(int eax, int ecx, int edx, int ebx, int esp, int ebp, int esi, int edi, int pending,
            int flagA, int flagB) {
        int[] r = reg;
        r[0] = eax;
        r[1] = ecx;
        r[2] = edx;
        r[3] = ebx;
        r[4] = esp;
        r[5] = ebp;
        r[6] = esi;
        r[7] = edi;
        if (pending != 0) {
            materialize(pending, flagA, flagB);
        }
    }

    /** Sets CF to {@code carry} (0 or 1), the other flags as they are (compiled code knew the carry itself). */
    public void setCarry(int carry) {
        alu.setFlags(Alu.CF, carry);
    }

    public boolean condition(int cc) {
        return alu.condition(cc);
    }

    /** Before a memory read-modify-write computes flags: a fault in its write puts them back. */
    public void saveFlags() {
        alu.save();
    }

    /** Leaves the region at {@code eip} (its end, or a write into it); returns {@code retired}. */
    public int exit(int eip, int retired) {
        cpu.eip = eip;
        x.branched = true;
        return retired;
    }

    /**
     * A near jump leaving the region (#GP(0) beyond the CS limit, as the interpreter's); also the transfer of a CALL
     * or RET whose stack access compiled code does itself. At most 35 bytes of bytecode: C1 inlines it.
     */
    public int branch(int target, int retired) {
        if (Integer.compareUnsigned(target, segLimit[Cpu.CS]) > 0) {
            throw Executor.gp0();
        }
        cpu.eip = target;
        x.branched = true;
        return retired;
    }

    public int call(int target, int returnEip, int retired) {
        if (Integer.compareUnsigned(target, x.segLimit[Cpu.CS]) > 0) {
            throw Executor.gp0();
        }
        x.push32(returnEip);
        cpu.eip = target;
        x.branched = true;
        return retired;
    }

    /** RET (imm16 = {@code release}): ESP moves only once the return address is known to be good. */
    public int ret(int release, int retired) {
        int target = x.read32(Cpu.SS, x.sp());
        if (Integer.compareUnsigned(target, x.segLimit[Cpu.CS]) > 0) {
            throw Executor.gp0();
        }
        x.addSp(4 + release);
        cpu.eip = target;
        x.branched = true;
        return retired;
    }

    /**
     * Runs one instruction through the interpreter; -1 when the region goes on after it, else the count to
     * return ({@code retiredBefore} plus this one when it ran).
     */
    public int interpret(int eip, int next, int word, int form, int displacement, int retiredBefore) {
        if (InterpretProfile.active()) {
            InterpretProfile.count(profileKey(word, form));
        }
        int r = x.interpretOne(eip, next, word, form, displacement);
        if (r == Executor.RAN_GO_ON && !bail) {
            return -1;
        }
        x.branched = true;
        return r == Executor.NOT_RUN ? retiredBefore : retiredBefore + 1;
    }

    /** The {@link InterpretProfile} key of a pre-decoded entry. */
    private static int profileKey(int word, int form) {
        return InterpretProfile.key(word & DecodedCode.INDEX_MASK, word >>> DecodedCode.MODRM_SHIFT & 0xFF,
                (word & DecodedCode.HAS_MEMORY_OPERAND) != 0, prefixClass(word, form));
    }

    private static int prefixClass(int word, int form) {
        int prefix;
        if ((word & DecodedCode.SIMD) != 0) {
            prefix = InterpretProfile.SIMD;
        } else if ((word & DecodedCode.LOCK) != 0) {
            prefix = InterpretProfile.LOCK;
        } else if (DecodedCode.rep(word) == 0xF3) {
            prefix = InterpretProfile.REP;
        } else if (DecodedCode.rep(word) == 0xF2) {
            prefix = InterpretProfile.REPNE;
        } else if ((form >>> DecodedCode.OVERRIDE_SHIFT & 7) != 0) {
            prefix = InterpretProfile.OVERRIDE;
        } else if ((word & DecodedCode.PREFIXED) == 0) {
            prefix = InterpretProfile.PLAIN;
        } else if ((word & (DecodedCode.PREFIX66 | DecodedCode.O32 | DecodedCode.A32))
                == (DecodedCode.PREFIX66 | DecodedCode.A32)) {
            prefix = InterpretProfile.OPERAND16;
        } else {
            prefix = InterpretProfile.OTHER;
        }
        return prefix;
    }

    /** A fault escaped an instruction of the region: undo it and deliver it, as the interpreter's loop does. */
    public int fault(CpuFault f, int entryEip, int at) {
        if ((at & AT_INTERPRETED) != 0) {
            x.faulted(f);
        } else {
            x.compiledFault(f, entryEip + (at & 0xFFF), (at & AT_FLAGS_SAVED) != 0);
        }
        return (at >>> AT_INDEX_SHIFT & 0xFF) + 1;
    }
}
