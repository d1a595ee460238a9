package org.nodeoslab.emulator.jit.wasm;

import static org.nodeoslab.emulator.jit.wasm.WasmCode.*;

import java.util.Arrays;

import org.nodeoslab.emulator.cpu.Cpu;
import org.nodeoslab.emulator.cpu.JitBridge;
import org.nodeoslab.emulator.cpu.jit.Insn;
import org.nodeoslab.emulator.cpu.jit.Operand;
import org.nodeoslab.emulator.cpu.jit.Region;

/**
 * Writes the module of one region: {@code run(entryEip, budget)} holds its instructions as straight-line wasm, with
 * the same semantics as the JVM back end's bytecode. Memory goes through {@link WasmImports}' helpers (the
 * interpreter's own segment-checked, TLB-backed accessors); instructions the IR leaves to the interpreter are run by
 * it through the {@code interpret} helper.
 *
 * <p>Guest registers live in wasm locals while the region runs (a helper call costs ~2 ns in a browser, a local
 * nothing). Each register is STALE (the CPU's array holds it; loaded on first use), CLEAN or DIRTY (the local is
 * newer, written back before anything that reads the array: the interpreter, an exit). PUSH and POP move ESP in
 * its local (as the interpreter does on a 32-bit stack). A fault in a memory helper comes back as a value: the code
 * then jumps to one fault block that writes back the registers dirty at that point (named in {@code at}) and lets
 * {@link WasmHelpers#fault} deliver it; the locals hold the registers as they were before the faulting
 * instruction, since every native instruction writes its registers after its last access that may fault.
 *
 * <p>Flags stay in the interpreter's lazy layout, but ADD/OR/AND/SUB/XOR/CMP/TEST/INC/DEC are computed in wasm and
 * their flags recorded in the Alu only when something may read them (see {@link #pending}); a Jcc/SETcc/CMOVcc
 * computes the common conditions from the deferred operation's operands and result.
 */
final class RegionModuleWriter {
    // Locals: the parameters entry and budget, the eight registers (parameters too when the loader passes them),
    // what an inline memory access needs (parameters too when the module reaches memory inline: ACCESS, see
    // WasmHelpers.access, the bases of FS and GS, and the byte addresses of RAM, the read and write TLBs and the
    // code-page flags in the imported memory; then what a region that hopped here carries, CARRIED, the registers
    // newer than the CPU's array, and PENDING, PA, PB, its deferred flags: 0 from Java), i32 temporaries, and one i64.
    // MEMBER: a page module's function takes it after those (which of its regions to run: see PageModuleWriter).
    private static final int ENTRY = 0, BUDGET = 1, REGISTERS = 2, ACCESS = 10, FS_BASE = 11, GS_BASE = 12, RAM = 13,
            READ_TLB = 14, WRITE_TLB = 15, CODE_PAGES = 16, CARRIED = 17, PENDING = 18, PA = 19, PB = 20, MEMBER = 21,
            PRIVILEGE = 22, LINEAR = 23, ENTRY_TLB = 24, AT = 25, A = 26, B = 27, V = 28, ADDR = 29, W = 30, DONE = 31,
            STATUS = 32, RESULT = 33, PV = 34, BASED = 35, TARGET = 36, WORD = 37, HOP_BASE = 38, HOP_TARGET = 39,
            HOP_KEY = 40, HOP_CELL = 41, KIND = 42, RELEASE = 43, COUNT = 44, T = 45;
    /** The i32 locals after entry and budget (some of them parameters), and the i64 ones. */
    private static final int I32_LOCALS = 43, I64_LOCALS = 1;
    /** The parameters after entry and budget: the registers; then the memory access's and what a hop carries. */
    static final int REGISTER_PARAMETERS = 8, MEMORY_PARAMETERS = 11;
    /** The parameter of a page module's function after those: which region to run (see {@link PageModuleWriter}). */
    static final int REGION_PARAMETER = MEMBER;
    private static final int ESP = 4;

    private static final int STALE = 0, CLEAN = 1, DIRTY = 2;
    /** {@link #pending}: no deferred operation; one may be deferred (the PENDING local says which). */
    private static final int NOTHING = -1, UNKNOWN = -2;
    /** {@link #pending} for INC and DEC (after the group-1 operations' numbers). */
    static final int INC_OP = JitBridge.INC_OP, DEC_OP = JitBridge.DEC_OP;

    /** The wasm operation of each group-1 operation computed in wasm (ADD OR - - AND SUB XOR CMP). */
    private static final int[] ALU_OPCODES = {I32_ADD, I32_OR, 0, 0, I32_AND, I32_SUB, I32_XOR, I32_SUB};

    private final Region region;
    /** run(entryEip, budget, eax..edi): every register starts clean in its parameter. */
    private final boolean registersIn;
    /**
     * run(entryEip, budget, eax..edi, access, fsBase, gsBase, ram, readTlb, writeTlb, codePages, carried, pending,
     * pa, pb): guest memory is read and written
     * inline in the imported memory after the TLB check, the helpers only on a miss (see {@link #readMemory}).
     */
    private final boolean inlineMemory;
    /**
     * Exits to other regions go on into the region compiled there themselves, when the chaining block says one is
     * ({@link #keyedHop}): the module imports the loader's table ({@link WasmLoader#hopsInWasm}).
     */
    private final boolean hops;
    private final WasmCode code;
    /** The page module this region's code is written into (null: a module of its own). */
    private final PageModuleWriter page;
    private int[] state = new int[8];
    /**
     * Registers a native instruction names (bit r): all in locals wherever jumps inside the region join. All eight
     * in a page module, where another region may have left any of them newer than the CPU's array.
     */
    private final int used;
    /**
     * Per instruction index: the index of the instruction a JCC/JMP there goes to inside the region, else -1. Such
     * a jump stays in the module (as in jit-jvm's RegionClassWriter): forward always, through a block that ends
     * just before its target; backward while another pass fits in the budget, through the loop around the body
     * (whose top dispatches to the target). The retired count is kept in DONE as well as in the static index: a
     * jump from k to t adds k + 1 - t.
     */
    private final int[] internalTarget;
    /** Per instruction index: reached by a jump from before it / from it or after it (a loop head). */
    private final boolean[] forwardJoin, backwardJoin;
    /** Some jump stays inside the region: DONE counts. */
    private final boolean jumps;
    /** Some jump goes backward: the body is a loop. */
    private final boolean loops;
    /** The backward targets after index 0: a jump back to the i-th of them goes round with TARGET = i + 1. */
    private final int[] dispatched;
    /** Per instruction index: the label of the block ending just before it (a join), else 0. */
    private final int[] joinLabel;
    /**
     * Per forward join: the register states, the deferred operation, its size and carry on the jumps to it written
     * so far, merged (null: none yet). A join that is also a loop head knows nothing (see {@link #join}).
     */
    private final int[][] joinState;
    private final int[] joinPending, joinPendingSize;
    private final boolean[] joinCarries;
    private int topLabel;
    /** The blocks whose ends lead to the code each kind of exit shares, the fault block's among them. */
    private final ExitBlocks exits;
    /** That code is being written: a fault there takes AT from WORD (see {@link #faultIf}). */
    private boolean sharedCode;
    /**
     * The ADD/OR/AND/SUB/XOR (CMP and TEST as SUB and AND) whose flags are not yet in the interpreter's Alu: computed
     * in wasm, its operands kept in PA/PB and result in PV, and recorded in the Alu (one helper call) only when
     * something may read the flags; if another such operation comes first, never (the common case: most results'
     * flags are dead). Known here as the code is written ({@link #NOTHING}, the operation, or {@link #UNKNOWN} at
     * the top of a loop); the PENDING local holds it as the code runs (for the fault block).
     */
    private int pending = NOTHING;
    private int pendingSize;
    /** The deferred INC/DEC carries the CF before it in its code (else the Alu holds it). */
    private boolean pendingCarries;

    /** Per instruction index: the registers loaded one by one in the stretch starting there (what a pass found). */
    private final int[] lazyLoads;
    /** The first pass's {@link #lazyLoads}, loaded in pairs where each stretch starts (null in the first pass). */
    private int[] preload;
    /** Where the current stretch started. */
    private int segment;

    // The instruction being written: its EIP delta, index, whether its flags were saved, whether it wrote memory.
    private int delta;
    private int index;
    private boolean flagsSaved;
    private boolean wrote;

    /**
     * The writer of {@code region}'s module; {@code registersIn}: its run takes the eight registers as parameters
     * after entry and budget (see {@link WasmLoader#passesRegisters}).
     */
    RegionModuleWriter(Region region, boolean registersIn) {
        this(region, registersIn, false, false);
    }

    /**
     * As above; {@code inlineMemory} (with {@code registersIn}): guest memory inline, see {@link #readMemory};
     * {@code hops} (with {@code inlineMemory}): exits to other regions may go on into them, see {@link #keyedHop}.
     */
    RegionModuleWriter(Region region, boolean registersIn, boolean inlineMemory, boolean hops) {
        this(region, registersIn, inlineMemory, hops, new WasmCode(), null, null);
    }

    /** The writer of {@code region}'s part of {@code page}'s function, in {@code code}, with its exit blocks. */
    RegionModuleWriter(Region region, PageModuleWriter page, WasmCode code, ExitBlocks exits) {
        this(region, true, true, false, code, page, exits);
    }

    private RegionModuleWriter(Region region, boolean registersIn, boolean inlineMemory, boolean hops, WasmCode code,
            PageModuleWriter page, ExitBlocks exits) {
        if (inlineMemory && !registersIn) {
            throw new IllegalArgumentException("inline memory comes with the registers passed in");
        }
        this.code = code;
        this.page = page;
        this.region = region;
        this.registersIn = registersIn;
        this.inlineMemory = inlineMemory;
        this.hops = hops && inlineMemory && page == null;
        this.exits = exits != null ? exits : new ExitBlocks(new Region[] {region}, this.hops);
        int n = region.instructions.size();
        this.lazyLoads = new int[n + 1];
        this.used = page != null ? 0xFF : region.nativeRegisters();
        internalTarget = region.internalTargets();
        forwardJoin = new boolean[n];
        backwardJoin = new boolean[n];
        joinLabel = new int[n];
        joinState = new int[n][];
        joinPending = new int[n];
        joinPendingSize = new int[n];
        joinCarries = new boolean[n];
        boolean any = false, back = false;
        int dispatchCount = 0;
        for (int i = 0; i < n; i++) {
            int t = internalTarget[i];
            if (t < 0) {
                continue;
            }
            any = true;
            if (t > i) {
                forwardJoin[t] = true;
            } else {
                back = true;
                if (!backwardJoin[t] && t > 0) {
                    dispatchCount++;
                }
                backwardJoin[t] = true;
            }
        }
        this.jumps = any || page != null; // (a page module counts what the regions before ran in DONE too)
        this.loops = back;
        dispatched = new int[dispatchCount];
        for (int t = 1, i = 0; t < n; t++) {
            if (backwardJoin[t]) {
                dispatched[i++] = t;
            }
        }
    }

    /** True if the module of {@code region} pushes or pops itself, LEAVE too (as on a 32-bit stack). */
    static boolean pushesOrPops(Region region) {
        for (Insn insn : region.instructions) {
            if (insn.kind == Insn.PUSH || insn.kind == Insn.POP || insn.kind == Insn.LEAVE) {
                return true;
            }
        }
        return false;
    }

    byte[] write() {
        return WasmModuleWriter.module(function(), registersIn, inlineMemory, hops,
                i32Locals(registersIn, inlineMemory), I64_LOCALS);
    }

    /** The body of the region's run function (what {@link #write} puts in a module of its own). */
    WasmCode function() {
        // A first pass finds which registers each straight-line stretch loads (one call each); the module is the
        // second pass, which loads them two per call where the stretch starts.
        if (!registersIn) {
            RegionModuleWriter first = new RegionModuleWriter(region, false);
            first.body();
            preload = first.lazyLoads;
        }
        body();
        return code;
    }

    /** The i32 locals of a run function after its parameters. */
    static int i32Locals(boolean registersIn, boolean inlineMemory) {
        return I32_LOCALS - (registersIn ? REGISTER_PARAMETERS : 0) - (inlineMemory ? MEMORY_PARAMETERS : 0);
    }

    /** The i64 locals of a run function. */
    static int i64Locals() {
        return I64_LOCALS;
    }

    private void body() {
        if (registersIn) {
            Arrays.fill(state, CLEAN);
        }
        if (inlineMemory) {
            privilege();
        }
        if (hops) {
            code.get(RAM).i32(org.nodeoslab.emulator.bus.LinearLayout.HOP_BYTES).op(I32_SUB).set(HOP_BASE);
            pending = UNKNOWN; // a region that hopped here may have left its flags deferred: PENDING says
        }
        if (backwardJoin[0]) {
            // Every turn starts with the used registers in locals; after a turn any of them may be newer.
            loadAll(used);
            loopHead();
        }
        exits.open(code);
        regionCode();
        exitCode();
    }

    /**
     * This region's code inside its page module's function, where the function's dispatch goes for it (see
     * {@link PageModuleWriter}), whose exits the function's {@link ExitBlocks} share.
     */
    void member() {
        Arrays.fill(state, DIRTY); // the region before may have left any register newer than the CPU's array
        pending = UNKNOWN; // and its flags deferred: the PENDING local says
        regionCode();
    }

    /** What a page module's function does first: PRIVILEGE from its access word. */
    void prologue() {
        privilege();
    }

    /** The instructions, with their internal jumps' blocks and loop; every path out returns or leaves by a br. */
    private void regionCode() {
        topLabel = loops ? code.loop() : -1;
        int n = region.instructions.size();
        for (int t = n - 1; t > 0; t--) {
            if (forwardJoin[t] || backwardJoin[t]) {
                joinLabel[t] = code.block(); // the innermost ends first: before the smallest target
            }
        }
        if (dispatched.length > 0) {
            // The loop's top: TARGET 0 (the entry, a jump back to it) goes to the first instruction, i + 1 to the
            // i-th backward target after it.
            int first = code.block();
            int[] labels = new int[dispatched.length + 1];
            labels[0] = first;
            for (int i = 0; i < dispatched.length; i++) {
                labels[i + 1] = joinLabel[dispatched[i]];
            }
            code.get(TARGET).brTable(labels, first);
            code.end();
        }
        segmentStart(0);
        int k = 0;
        boolean open = true;
        for (Insn insn : region.instructions) {
            if (k > 0 && joinLabel[k] != 0) {
                join(k, open);
                open = true;
            }
            open = instruction(insn, k++);
        }
        if (open) {
            toRegion(k, region.bytes);
            if (mayHop()) {
                eip(region.bytes);
                code.set(HOP_TARGET);
                wordAt(region.bytes, k);
                code.br(exits.hopLabel(inPage(region.bytes) ? ExitBlocks.PAGE_EXIT : ExitBlocks.FETCH_EXIT));
            } else {
                exit(region.bytes, k);
            }
        }
        if (loops) {
            code.end();
        }
    }

    /** The code after the fault label (AT, ENTRY, DONE and the registers say what faulted where); returns. */
    private void faultBlock() {
        // The fault block: a native instruction's helper faulted; AT names it and the dirty registers, PENDING the
        // flags the instruction found.
        code.get(ENTRY).get(AT);
        if (hops) {
            code.get(CARRIED).i32(WasmHelpers.AT_MASK_SHIFT).op(I32_SHL).op(I32_OR); // written back too
        }
        code.get(PENDING).get(PA).get(PB);
        for (int r = 0; r < 8; r++) {
            code.get(REGISTERS + r);
        }
        code.call(WasmImports.FAULT);
        if (jumps) {
            code.get(DONE).op(I32_ADD);
        }
        code.ret();
    }

    /**
     * The state at a loop head (reached again from after it): every used register in its local and perhaps newer
     * than the CPU's array, the others possibly stale; which operation's flags are deferred is known only to the
     * PENDING local.
     */
    private void loopHead() {
        for (int r = 0; r < 8; r++) {
            state[r] = (used & 1 << r) != 0 ? DIRTY : STALE;
        }
        pending = UNKNOWN;
    }

    /**
     * Before a jump to instruction {@code t} (or falling into it) where jumps join: the used registers go into
     * their locals (the same on every path to a join), and a forward join notes this path's state.
     */
    private void edge(int t) {
        loadAll(used);
        if (backwardJoin[t]) {
            return; // a loop head assumes the worst
        }
        if (joinState[t] == null) {
            joinState[t] = state.clone();
            joinPending[t] = pending;
            joinPendingSize[t] = pendingSize;
            joinCarries[t] = pendingCarries;
            return;
        }
        int[] merged = joinState[t];
        for (int r = 0; r < 8; r++) {
            merged[r] = merged[r] == DIRTY || state[r] == DIRTY ? DIRTY
                    : merged[r] == STALE || state[r] == STALE ? STALE : CLEAN;
        }
        if (joinPending[t] != pending || pending >= 0 && (joinPendingSize[t] != pendingSize
                || joinCarries[t] != pendingCarries)) {
            // The paths disagree: the PENDING local says (0 where nothing is deferred).
            joinPending[t] = pending == NOTHING && joinPending[t] == NOTHING ? NOTHING : UNKNOWN;
        }
    }

    /**
     * Instruction {@code k}, where jumps join, begins: the fall-through (if {@code open}) is one more path to it;
     * the block its forward jumps leave ends here; the code after knows what every path agrees on.
     */
    private void join(int k, boolean open) {
        if (open) {
            edge(k);
        }
        code.end();
        if (backwardJoin[k]) {
            loopHead();
            return;
        }
        state = joinState[k].clone();
        pending = joinPending[k];
        pendingSize = joinPendingSize[k];
        pendingCarries = joinCarries[k];
    }

    /** Writes one instruction (index {@code k}); false when it always leaves the region. */
    private boolean instruction(Insn insn, int k) {
        delta = insn.start;
        index = k;
        flagsSaved = false;
        wrote = false;
        Operand dst = insn.dst;
        Operand src = insn.src;
        switch (insn.kind) {
            case Insn.INTERPRET: {
                eip(insn.start);
                eip(insn.next);
                code.i32(insn.word).i32(insn.form).i32(insn.displacement);
                retired(k);
                boolean hadPending = pending != NOTHING;
                leaving(); // the interpreter reads the registers and flags
                code.call(WasmImports.INTERPRET).tee(RESULT).i32(0).op(I32_GE_S);
                code.ifThen(VOID);
                code.get(RESULT).ret();
                code.end();
                if (inlineMemory) {
                    // Going on: the interpreter may have changed a segment or the privilege; its answer says how.
                    code.get(RESULT).i32(-1).op(I32_XOR).set(ACCESS);
                    privilege();
                }
                if (hadPending) {
                    code.i32(0).set(PENDING); // recorded by the helper
                }
                for (int r = 0; r < 8; r++) {
                    state[r] = STALE; // the interpreter may have changed any of them
                }
                segmentStart(k + 1);
                return true;
            }
            case Insn.NOP:
                return true;
            case Insn.MOV:
                if (dst.isMemory()) {
                    address(dst);
                    code.set(ADDR);
                }
                load(src, false);
                code.set(V);
                store(dst);
                break;
            case Insn.LEA:
                address(src);
                code.set(V);
                store(dst);
                break;
            case Insn.MOVZX: case Insn.MOVSX:
                load(src, false);
                if (insn.kind == Insn.MOVSX) {
                    code.op(src.size == 8 ? I32_EXTEND8_S : I32_EXTEND16_S);
                }
                code.set(V);
                store(dst);
                break;
            case Insn.ALU: case Insn.TEST: {
                int op = insn.kind == Insn.TEST ? 4 : insn.sub;
                boolean writes = insn.kind == Insn.ALU && op != 7;
                boolean deferred = op != 2 && op != 3; // ADC and SBB read CF
                if (!deferred) {
                    materialize();
                }
                readModifyWrite(dst, writes && !deferred);
                load(dst, true);
                code.set(A);
                load(src, false);
                code.set(B);
                if (deferred) {
                    code.get(A).get(B).op(ALU_OPCODES[op]);
                    if (dst.size != 32) {
                        code.i32(mask(dst.size)).op(I32_AND);
                    }
                    code.set(V);
                } else {
                    code.get(A).get(B).i32(mask(dst.size)).call(op == 2 ? WasmImports.ADC : WasmImports.SBB)
                            .set(V);
                }
                if (writes) {
                    store(dst);
                }
                if (deferred) {
                    defer(op == 7 ? 5 : op, dst.size); // after its last fault: a fault finds the flags before it
                }
                break;
            }
            case Insn.INC: case Insn.DEC:
                // They keep CF: computed from the deferred operation before them when it can be (kept in the
                // pending code), else that operation's flags are recorded first; theirs are deferred like an ADD's.
                if (!carryKnown()) {
                    materialize();
                }
                readModifyWrite(dst, false);
                load(dst, true);
                code.tee(A).i32(1).op(insn.kind == Insn.INC ? I32_ADD : I32_SUB);
                if (dst.size != 32) {
                    code.i32(mask(dst.size)).op(I32_AND);
                }
                code.set(V);
                store(dst);
                defer(insn.kind == Insn.INC ? INC_OP : DEC_OP, dst.size);
                break;
            case Insn.SHIFT:
                shift(insn, dst, src);
                break;
            case Insn.IMUL:
                load(insn.sub == 0 ? dst : src, false);
                code.set(A);
                if (insn.sub == 0) {
                    load(src, false);
                } else {
                    code.i32(insn.target);
                }
                code.set(B);
                code.get(A).get(B).call(WasmImports.IMUL32).set(V);
                kill(); // IMUL sets every flag
                store(dst);
                break;
            case Insn.PUSH:
                // As the interpreter's push32 on a 32-bit stack (WasmCompiledRegion runs no region with stack
                // operations on a 16-bit one): write below ESP, then move ESP (unchanged if the write faults).
                load(src, false);
                push32();
                break;
            case Insn.POP:
                loadRegister(ESP);
                code.set(LINEAR);
                readMemory(Cpu.SS, 32, LINEAR);
                code.set(V);
                loadRegister(ESP);
                code.i32(4).op(I32_ADD);
                storeRegister(ESP);
                store(dst); // POP ESP: the value read
                break;
            case Insn.CDQ:
                loadRegister(0);
                code.i32(31).op(I32_SHR_S);
                storeRegister(2);
                break;
            case Insn.NOT:
                readModifyWrite(dst, false); // no flags to save: NOT changes none
                load(dst, true);
                code.i32(mask(dst.size)).op(I32_XOR).set(V);
                store(dst);
                break;
            case Insn.NEG:
                // 0 - dst, with SUB's flags (deferred like a SUB's, after its last fault), as the interpreter's.
                readModifyWrite(dst, false);
                load(dst, true);
                code.set(B);
                code.i32(0).set(A);
                code.i32(0).get(B).op(I32_SUB);
                if (dst.size != 32) {
                    code.i32(mask(dst.size)).op(I32_AND);
                }
                code.set(V);
                store(dst);
                defer(5, dst.size);
                break;
            case Insn.XCHG:
                // The memory operand is read and written before either register changes (a fault changes nothing).
                readModifyWrite(dst, false);
                load(dst, true);
                code.set(W);
                load(src, false);
                code.set(V);
                store(dst);
                code.get(W).set(V);
                store(src);
                break;
            case Insn.BSWAP: {
                int r = dst.register;
                loadRegister(r);
                code.i32(8).op(I32_ROTL).i32(0x00FF00FF).op(I32_AND);
                loadRegister(r);
                code.i32(8).op(I32_ROTR).i32(0xFF00FF00).op(I32_AND).op(I32_OR);
                storeRegister(r);
                break;
            }
            case Insn.LEAVE:
                // As the interpreter's on a 32-bit stack: EBP's value read at EBP, then ESP = EBP + 4 (no change if
                // the read faults).
                loadRegister(Cpu.EBP);
                code.set(LINEAR);
                readMemory(Cpu.SS, 32, LINEAR);
                code.set(V);
                loadRegister(Cpu.EBP);
                code.i32(4).op(I32_ADD);
                storeRegister(ESP);
                code.get(V);
                storeRegister(Cpu.EBP);
                break;
            case Insn.STRING:
                string(insn.sub, dst, src);
                break;
            case Insn.CMPXCHG: {
                // As the interpreter's: CMP accumulator, dst; dst = equal ? src : dst (written either way); the
                // accumulator = dst (unchanged when equal). Memory is written before the accumulator changes, a
                // register destination after (it may be the accumulator); the flags deferred after the last fault.
                Operand accumulator = Operand.register(0, dst.size);
                readModifyWrite(dst, false);
                load(dst, true);
                code.set(B);
                load(accumulator, false);
                code.set(A);
                load(src, false);
                code.get(B).get(A).get(B).op(I32_EQ).op(SELECT).set(W);
                storeBoth(W, dst, B, accumulator);
                code.get(A).get(B).op(I32_SUB);
                if (dst.size != 32) {
                    code.i32(mask(dst.size)).op(I32_AND);
                }
                code.set(V);
                defer(5, dst.size);
                break;
            }
            case Insn.XADD:
                // As the interpreter's: dst = dst + src with ADD's flags, src = the old dst; memory is written
                // first, a register destination last (XADD r, r with one register leaves the sum).
                readModifyWrite(dst, false);
                load(dst, true);
                code.set(A);
                load(src, false);
                code.set(B);
                code.get(A).get(B).op(I32_ADD);
                if (dst.size != 32) {
                    code.i32(mask(dst.size)).op(I32_AND);
                }
                code.set(W);
                storeBoth(W, dst, A, src);
                code.get(W).set(V);
                defer(0, dst.size);
                break;
            case Insn.MUL:
                load(src, false);
                code.set(B);
                loadRegister(0);
                code.get(B).i32(insn.sub).call(WasmImports.MUL32).tee(T);
                kill(); // MUL sets every flag
                code.op(I32_WRAP_I64);
                storeRegister(0);
                code.get(T).i64(32).op(I64_SHR_U).op(I32_WRAP_I64);
                storeRegister(2);
                break;
            case Insn.CWDE:
                loadRegister(0);
                code.op(I32_EXTEND16_S);
                storeRegister(0);
                break;
            case Insn.CMOV:
                load(src, false); // read even when the condition is false (it may fault)
                code.set(W); // V may hold the result the condition reads
                code.get(W);
                loadRegister(dst.register);
                condition(insn.sub);
                code.op(SELECT);
                storeRegister(dst.register);
                break;
            case Insn.SETCC:
                if (dst.isMemory()) {
                    address(dst);
                    code.set(ADDR);
                }
                condition(insn.sub);
                code.set(V);
                store(dst);
                break;
            case Insn.JCC: {
                int t = internalTarget[k];
                if (t > k) {
                    condition(insn.sub); // (it may record the deferred flags: on both paths)
                    edge(t); // loads, if any, on both paths too (the condition waits on the stack)
                    if (t == k + 1) {
                        code.brIf(joinLabel[t]);
                        return true;
                    }
                    code.ifThen(VOID);
                    code.get(DONE).i32(k + 1 - t).op(I32_ADD).set(DONE);
                    code.br(joinLabel[t]);
                    code.end();
                    return true;
                }
                if (t < 0 && page == null) {
                    // The exit's locals first: the condition is what br_if takes (it may record the flags: then
                    // PENDING is 0 on both paths, as the shared exit expects).
                    int label = branchExit(insn, k + 1);
                    condition(insn.sub);
                    code.brIf(label);
                    return true;
                }
                condition(insn.sub);
                code.ifThen(VOID);
                int[] saved = state.clone();
                int savedPending = pending;
                if (t >= 0) {
                    loopBack(k, t);
                } else {
                    toRegion(k + 1, insn.target);
                    code.br(branchExit(insn, k + 1));
                }
                state = saved;
                pending = savedPending;
                code.end();
                return true;
            }
            case Insn.JMP: {
                int t = internalTarget[k];
                if (t > k) {
                    edge(t);
                    if (t != k + 1) {
                        code.get(DONE).i32(k + 1 - t).op(I32_ADD).set(DONE);
                    }
                    code.br(joinLabel[t]);
                    return false;
                }
                if (t >= 0) {
                    loopBack(k, t);
                    return false;
                }
                toRegion(k + 1, insn.target);
                code.br(branchExit(insn, k + 1));
                return false;
            }
            case Insn.JMP_INDIRECT: {
                load(src, false);
                code.set(HOP_TARGET);
                boolean hop = mayHop();
                word(insn.start, 0, k + 1, dirtyMask());
                code.br(hop ? exits.hopLabel(ExitBlocks.FETCH_BRANCH) : exits.label(ExitBlocks.BRANCH));
                return false;
            }
            case Insn.CALL: case Insn.CALL_INDIRECT: {
                if (insn.kind == Insn.CALL) {
                    callIntoRegion(insn, k);
                    eip(insn.target);
                } else {
                    load(src, false);
                }
                code.set(HOP_TARGET);
                // A hop pushes the return address first: ESP is then newer than the CPU's array (named in the mask
                // already; written back as it is if the hop is not made).
                boolean hop = mayHop();
                word(insn.start, insn.next - insn.start, k + 1, dirtyMask() | (hop ? 1 << ESP : 0));
                code.br(hop ? exits.hopLabel(ExitBlocks.FETCH_CALL) : exits.label(ExitBlocks.CALL));
                return false;
            }
            case Insn.RET: {
                returnIntoRegion(insn, k);
                code.i32(insn.target).set(RELEASE);
                boolean hop = mayHop(); // (ESP moves before a hop, as for a CALL)
                word(insn.start, 0, k + 1, dirtyMask() | (hop ? 1 << ESP : 0));
                code.br(hop ? exits.hopLabel(ExitBlocks.RET_HOP) : exits.label(ExitBlocks.RET));
                return false;
            }
            default:
                throw new IllegalStateException("no wasm for " + insn);
        }
        if (wrote) {
            // A write into this region's own bytes: stop before the next instruction (it must be decoded anew).
            wordAt(insn.next, k + 1);
            code.get(STATUS).brIf(exits.label(ExitBlocks.EXIT_AT_WORD));
        }
        return true;
    }

    /**
     * A string instruction without REP, as the interpreter's: its reads and write first (a fault changes nothing),
     * then ESI and/or EDI move by the operand size, down when DF is set (asked of the CPU: the interpreter's CLD
     * and STD are not in regions' native code); a compare's flags are deferred like a CMP's.
     */
    private void string(int op, Operand dst, Operand src) {
        int size = src.size;
        boolean compare = Insn.isStringCompare(op);
        if (compare) {
            load(dst, false);
            code.set(A);
            load(src, false);
            code.set(B);
            code.get(A).get(B).op(I32_SUB);
            if (size != 32) {
                code.i32(mask(size)).op(I32_AND);
            }
            code.set(V);
        } else {
            if (dst.isMemory()) {
                address(dst);
                code.set(ADDR);
            }
            load(src, false);
            code.set(V);
            store(dst);
        }
        code.call(WasmImports.DIRECTION);
        if (size != 8) {
            code.i32(size == 16 ? 1 : 2).op(I32_SHL);
        }
        code.set(W);
        boolean source = op == 0xA4 || op == 0xA5 || op == 0xA6 || op == 0xA7 || op == 0xAC || op == 0xAD;
        boolean destination = op != 0xAC && op != 0xAD;
        if (source) {
            loadRegister(Cpu.ESI);
            code.get(W).op(I32_ADD);
            storeRegister(Cpu.ESI);
        }
        if (destination) {
            loadRegister(Cpu.EDI);
            code.get(W).op(I32_ADD);
            storeRegister(Cpu.EDI);
        }
        if (compare) {
            defer(5, size);
        }
    }

    private void shift(Insn insn, Operand dst, Operand src) {
        boolean counted = src.type == Operand.IMMEDIATE;
        if (counted && src.value != 0 && dst.isRegister() && special(insn.sub, dst.size) != null) {
            // SHL/SHR/SAR of a register by 1-31 sets every flag: a deferred operation's flags are dead.
            load(dst, false);
            code.set(A).i32(src.value).set(B);
            shiftOperation(insn.sub, dst.size);
            kill();
            store(dst);
            return;
        }
        materialize(); // the others keep some flags (or none, by 0)
        readModifyWrite(dst, true);
        load(dst, true);
        code.set(A);
        if (src.type == Operand.IMMEDIATE) {
            if (src.value == 0) {
                wrote = false;
                return; // read (it may fault), flags and operand unchanged
            }
            code.i32(src.value).set(B);
            shiftOperation(insn.sub, dst.size);
            store(dst);
            return;
        }
        if (dst.isMemory()) {
            code.i32(0).set(STATUS); // no write when the count is 0
        }
        loadRegister(src.register);
        code.i32(0x1F).op(I32_AND).tee(B);
        code.ifThen(VOID);
        int[] before = state.clone();
        shiftOperation(insn.sub, dst.size);
        store(dst);
        code.end();
        merge(before); // the destination was loaded before the if: written or not, its local holds it
    }

    /**
     * After a block that may not have run: a register written in it is dirty; none may have been loaded in it
     * (the code after the block could not know whether it was).
     */
    private void merge(int[] before) {
        for (int r = 0; r < 8; r++) {
            if (before[r] == STALE && state[r] != STALE) {
                throw new IllegalStateException("register " + r + " loaded in a conditional block of " + region);
            }
            state[r] = Math.max(state[r], before[r]);
        }
    }

    /** V = the group-2 operation {@code op} on A by B (1-31) at {@code size} bits, with its flags. */
    private void shiftOperation(int op, int size) {
        WasmImports.Import special = special(op, size);
        if (special != null) {
            code.get(A).get(B).call(special);
        } else {
            code.i32(op).get(A).get(B).i32(size).call(WasmImports.SHIFT);
        }
        code.set(V);
    }

    /** The helper of a 32-bit SHL/SHR/SAR, or null (others go through the general one). */
    private static WasmImports.Import special(int op, int size) {
        return size != 32 ? null : op == 4 || op == 6 ? WasmImports.SHL32 : op == 5 ? WasmImports.SHR32
                : op == 7 ? WasmImports.SAR32 : null;
    }

    /**
     * A read-modify-write of memory: the address is computed once, into ADDR, and when it writes the flags are
     * saved first (a fault in the write puts them back).
     */
    private void readModifyWrite(Operand dst, boolean writes) {
        if (!dst.isMemory()) {
            return;
        }
        address(dst);
        code.set(ADDR);
        if (writes) {
            code.call(WasmImports.SAVE_FLAGS);
            flagsSaved = true;
        }
    }

    /**
     * Pushes 1 if condition {@code cc} holds, else 0. After a deferred 32-bit SUB/CMP (operands in PA and PB) or
     * logic operation (result in PV) the common conditions are compared in wasm; the others ask the Alu.
     */
    private void condition(int cc) {
        if (pending >= 0 && pendingSize == 32 && inlineCondition(cc)) {
            return;
        }
        materialize();
        code.i32(cc).call(WasmImports.CONDITION);
    }

    /**
     * Pushes condition {@code cc} computed from the deferred 32-bit operation (operands PA, PB, result PV) if it
     * can be: CMP/SUB compares the operands; logic operations have CF = OF = 0; ADD, INC and DEC give ZF and SF
     * from the result and ADD its CF; PF (cc 10, 11) and the rest ask the Alu. False if it cannot.
     */
    private boolean inlineCondition(int cc) {
        int op = pending;
        if (cc == 10 || cc == 11) {
            return false;
        }
        if (op == 5) {
            switch (cc) {
                case 0: case 1: // OF = the operands' signs differ and the result's differs from the first's
                    code.get(PA).get(PB).op(I32_XOR).get(PA).get(PV).op(I32_XOR).op(I32_AND).i32(0)
                            .op(cc == 0 ? I32_LT_S : I32_GE_S);
                    return true;
                case 8: case 9:
                    code.get(PV).i32(0).op(cc == 8 ? I32_LT_S : I32_GE_S);
                    return true;
                default:
                    break;
            }
            code.get(PA).get(PB);
            switch (cc) {
                case 2: code.op(I32_LT_U); return true;
                case 3: code.op(I32_GE_U); return true;
                case 4: code.op(I32_EQ); return true;
                case 5: code.op(I32_NE); return true;
                case 6: code.op(I32_LE_U); return true;
                case 7: code.op(I32_GT_U); return true;
                case 12: code.op(I32_LT_S); return true;
                case 13: code.op(I32_GE_S); return true;
                case 14: code.op(I32_LE_S); return true;
                default: code.op(I32_GT_S); return true; // 15: G
            }
        }
        if (op == 1 || op == 4 || op == 6) {
            // CF = OF = 0: O and B never, NO and AE always; BE/E on ZF; A/NE on !ZF; L/S on SF; LE on ZF or SF.
            switch (cc) {
                case 0: case 2: code.i32(0); return true;
                case 1: case 3: code.i32(1); return true;
                case 4: case 6: code.get(PV).op(I32_EQZ); return true;
                case 5: case 7: code.get(PV).i32(0).op(I32_NE); return true;
                case 8: case 12: code.get(PV).i32(0).op(I32_LT_S); return true;
                case 9: case 13: code.get(PV).i32(0).op(I32_GE_S); return true;
                case 14: code.get(PV).i32(0).op(I32_LE_S); return true;
                default: code.get(PV).i32(0).op(I32_GT_S); return true; // 15: G
            }
        }
        // ADD, INC, DEC: ZF and SF from the result; ADD's CF is a carry out of the first operand.
        switch (cc) {
            case 4: code.get(PV).op(I32_EQZ); return true;
            case 5: code.get(PV).i32(0).op(I32_NE); return true;
            case 8: code.get(PV).i32(0).op(I32_LT_S); return true;
            case 9: code.get(PV).i32(0).op(I32_GE_S); return true;
            case 2: case 3:
                if (op == 0) {
                    code.get(PV).get(PA).op(cc == 2 ? I32_LT_U : I32_GE_U);
                    return true;
                }
                return false;
            default:
                return false;
        }
    }

    // ---- Deferred flags ------------------------------------------------------------------------------------

    /**
     * The flags are now those of {@code op} (ADD OR AND SUB XOR, or INC/DEC of A, with the flags before it
     * recorded) on A and B with result V, at {@code size}.
     */
    private void defer(int op, int size) {
        boolean carries = (op == INC_OP || op == DEC_OP) && pending != NOTHING;
        code.i32(WasmHelpers.pending(op, size) | (carries ? WasmHelpers.CARRY_KNOWN : 0));
        if (carries) {
            // The carry the deferred operation before this INC/DEC leaves (carryKnown() said it can be computed).
            switch (pending) {
                case 0: code.get(PV).get(PA).op(I32_LT_U); break; // ADD: the result wrapped
                case 5: code.get(PA).get(PB).op(I32_LT_U); break; // SUB: a borrow
                case INC_OP: case DEC_OP:
                    code.get(PENDING).i32(WasmHelpers.CARRY_SHIFT).op(I32_SHR_U).i32(1).op(I32_AND);
                    break;
                default: code.i32(0); break; // logic operations clear CF
            }
            code.i32(WasmHelpers.CARRY_SHIFT).op(I32_SHL).op(I32_OR);
        }
        code.set(PENDING);
        code.get(A).set(PA).get(B).set(PB).get(V).set(PV);
        pending = op;
        pendingSize = size;
        pendingCarries = carries;
    }

    /**
     * True if the carry the flags would hold now is known without the Alu: nothing is deferred (the Alu has it), or
     * the deferred operation's is computable in wasm (not at the top of a loop, not an INC/DEC whose own was not).
     */
    private boolean carryKnown() {
        return pending == NOTHING || pending >= 0 && (pending < INC_OP || pendingCarries);
    }

    /** Records the deferred operation's flags in the Alu (something may read them). */
    private void materialize() {
        if (pending == UNKNOWN) {
            code.get(PENDING);
            code.ifThen(VOID);
            code.get(PENDING).get(PA).get(PB).call(WasmImports.MATERIALIZE);
            code.i32(0).set(PENDING);
            code.end();
        } else if (pending != NOTHING) {
            code.get(PENDING).get(PA).get(PB).call(WasmImports.MATERIALIZE);
            code.i32(0).set(PENDING);
        }
        pending = NOTHING;
    }

    /** An instruction that sets every flag without reading any ran: the deferred operation's flags are dead. */
    private void kill() {
        if (pending != NOTHING) {
            code.i32(0).set(PENDING);
            pending = NOTHING;
        }
    }

    // ---- Operands ------------------------------------------------------------------------------------------

    /**
     * Pushes the operand's value (zero-extended for 8 and 16 bits); a memory operand is read at its address, or at
     * ADDR when {@code atAddr} (a read-modify-write computed it).
     */
    private void load(Operand o, boolean atAddr) {
        switch (o.type) {
            case Operand.IMMEDIATE:
                code.i32(o.value);
                return;
            case Operand.REGISTER:
                if (o.size == 32) {
                    loadRegister(o.register);
                } else if (o.size == 16) {
                    loadRegister(o.register);
                    code.i32(0xFFFF).op(I32_AND);
                } else {
                    loadRegister(o.register & 3);
                    if (o.register >= 4) {
                        code.i32(8).op(I32_SHR_U);
                    }
                    code.i32(0xFF).op(I32_AND);
                }
                return;
            default:
                if (atAddr && o.isMemory()) {
                    readMemory(o.segment, o.size, ADDR);
                } else {
                    address(o);
                    code.set(LINEAR);
                    readMemory(o.segment, o.size, LINEAR);
                }
        }
    }

    /**
     * Stores local {@code a} into {@code dst} and local {@code b} into register {@code other}: a memory destination
     * first (it may fault: nothing has changed then), a register one last (it may be {@code other}'s register).
     */
    private void storeBoth(int a, Operand dst, int b, Operand other) {
        if (dst.isMemory()) {
            code.get(a).set(V);
            store(dst);
        }
        code.get(b).set(V);
        store(other);
        if (!dst.isMemory()) {
            code.get(a).set(V);
            store(dst);
        }
    }

    /** Stores V into the operand (memory at ADDR). */
    private void store(Operand o) {
        if (o.isRegister()) {
            if (o.size == 32) {
                code.get(V);
                storeRegister(o.register);
                return;
            }
            if (o.size == 16) {
                loadRegister(o.register);
                code.i32(0xFFFF0000).op(I32_AND).get(V).i32(0xFFFF).op(I32_AND).op(I32_OR);
                storeRegister(o.register);
                return;
            }
            int r = o.register & 3;
            boolean high = o.register >= 4;
            loadRegister(r);
            code.i32(high ? ~0xFF00 : ~0xFF).op(I32_AND).get(V).i32(0xFF).op(I32_AND);
            if (high) {
                code.i32(8).op(I32_SHL);
            }
            code.op(I32_OR);
            storeRegister(r);
            return;
        }
        writeMemory(o.segment, o.size);
    }

    // ---- Guest memory --------------------------------------------------------------------------------------

    /**
     * Pushes the {@code size}-bit value at segment register {@code segment} : local {@code offset}. With inline
     * memory, the interpreter's fast path (Executor and Mmu) is repeated here: a segment flat for reads (ACCESS; its
     * base 0, or FS's or GS's passed in), an access that does not cross a page, and a read-TLB entry for this privilege give the byte address
     * {@code RAM + ((entry & ~0xFFF) ^ linear)} of the value in the imported memory (RAM is little-endian bytes, as
     * x86). Anything else (a miss, MMIO, a crossing, a segment with a base or limits, a fault) is the helper's.
     */
    private void readMemory(int segment, int size, int offset) {
        int done = -1;
        if (inlineMemory) {
            done = code.block(RESULT_I32);
            code.block();
            translate(segment, size, offset, WasmHelpers.ACCESS_READ, READ_TLB);
            code.get(RAM).op(I32_ADD);
            code.memory(size == 8 ? I32_LOAD8_U : size == 16 ? I32_LOAD16_U : I32_LOAD);
            code.br(done);
            code.end();
        }
        code.i32(segment).get(offset);
        code.call(size == 8 ? WasmImports.READ8 : size == 16 ? WasmImports.READ16 : WasmImports.READ32);
        checkRead();
        if (inlineMemory) {
            code.end();
        }
    }

    /**
     * Writes V at segment register {@code segment} : ADDR, inline as {@link #readMemory} reads (write TLB, segment
     * flat for writes) and only where the page's code-page flag is clear: a write into a page holding decoded or
     * compiled code goes through the helper, which tells the code caches (and answers BAIL when it hit this
     * region's own code).
     */
    private void writeMemory(int segment, int size) {
        int done = -1;
        if (inlineMemory) {
            done = code.block();
            code.block();
            translate(segment, size, ADDR, WasmHelpers.ACCESS_WRITE, WRITE_TLB);
            code.tee(ENTRY_TLB).i32(12).op(I32_SHR_U).get(CODE_PAGES).op(I32_ADD).memory(I32_LOAD8_U);
            code.brIf(code.depth());
            code.get(ENTRY_TLB).get(RAM).op(I32_ADD).get(V);
            code.memory(size == 8 ? I32_STORE8 : size == 16 ? I32_STORE16 : I32_STORE);
            code.i32(WasmHelpers.OK).set(STATUS);
            code.br(done);
            code.end();
        }
        code.i32(segment).get(ADDR).get(V);
        code.call(size == 8 ? WasmImports.WRITE8 : size == 16 ? WasmImports.WRITE16 : WasmImports.WRITE32);
        checkWrite();
        if (inlineMemory) {
            code.end();
        }
        wrote = true;
    }

    /**
     * Inside a block whose end is the slow path: branches there unless segment {@code segment} is flat (base 0, or
     * FS's or GS's in FS_BASE/GS_BASE) for this kind of access ({@code flatBit} of ACCESS), the access stays in its page and the TLB entry (at byte
     * address {@code tlb} in the memory) lets this privilege through; else pushes the access's physical address.
     */
    private void translate(int segment, int size, int offset, int flatBit, int tlb) {
        int slow = code.depth();
        code.get(ACCESS).i32(flatBit << segment).op(I32_AND).op(I32_EQZ).brIf(slow);
        int linear = offset;
        if (segment == Cpu.FS || segment == Cpu.GS) {
            // FS and GS have bases (Linux's per-CPU data, user TLS), passed in; the other segments' are 0. The sum
            // goes to a local of its own: the offset (LINEAR itself for some reads) is what the slow path's helper
            // is given, and it adds the base again.
            code.get(offset).get(segment == Cpu.FS ? FS_BASE : GS_BASE).op(I32_ADD).set(BASED);
            linear = BASED;
        }
        if (size != 8) {
            code.get(linear).i32(0xFFF).op(I32_AND).i32(0x1000 - size / 8).op(I32_GT_U).brIf(slow);
        }
        code.get(linear).i32(12).op(I32_SHR_U).i32(2).op(I32_SHL).get(tlb).op(I32_ADD).memory(I32_LOAD)
                .tee(ENTRY_TLB).get(PRIVILEGE).op(I32_AND).op(I32_EQZ).brIf(slow);
        code.get(ENTRY_TLB).i32(~0xFFF).op(I32_AND).get(linear).op(I32_XOR);
    }

    /** PRIVILEGE = the TLB entry bit of the current privilege, from ACCESS. */
    private void privilege() {
        code.get(ACCESS).i32(WasmHelpers.ACCESS_PRIVILEGE).op(I32_AND).set(PRIVILEGE);
    }

    /** Pushes a memory operand's offset: displacement + base + index << scale (32-bit addressing). */
    private void address(Operand o) {
        boolean any = false;
        if (o.register != Operand.NONE) {
            loadRegister(o.register);
            any = true;
        }
        if (o.index != Operand.NONE) {
            loadRegister(o.index);
            if (o.scale != 0) {
                code.i32(o.scale).op(I32_SHL);
            }
            if (any) {
                code.op(I32_ADD);
            }
            any = true;
        }
        if (!any) {
            code.i32(o.value);
        } else if (o.value != 0) {
            code.i32(o.value).op(I32_ADD);
        }
    }

    /** After a read helper (its i64 answer on the stack): to the fault block if it faulted, else the value. */
    private void checkRead() {
        code.tee(T).i64(0xFFFFFFFFL).op(I64_GT_U);
        faultIf();
        code.get(T).op(I32_WRAP_I64);
    }

    /** After a write helper (its status on the stack): to the fault block if it faulted; STATUS says bail. */
    private void checkWrite() {
        code.tee(STATUS).i32(WasmHelpers.FAULT).op(I32_EQ);
        faultIf();
    }

    /** Branches to the fault block if the condition on the stack holds, naming this instruction and dirty registers. */
    private void faultIf() {
        if (sharedCode) {
            // A hop's own access (a CALL's push, a RET's read): the instruction WORD names, count - 1 its index.
            code.get(WORD).i32(~(0xF << 20)).op(I32_AND).i32(1 << JitBridge.AT_INDEX_SHIFT).op(I32_SUB).set(AT);
            code.brIf(exits.label(ExitBlocks.FAULT));
            return;
        }
        code.i32(WasmHelpers.at(delta, index, flagsSaved, dirtyMask())).set(AT);
        code.brIf(exits.label(ExitBlocks.FAULT));
    }

    // ---- Registers -----------------------------------------------------------------------------------------

    private void loadRegister(int r) {
        load(r);
        code.get(REGISTERS + r);
    }

    /** Makes the local of register {@code r} hold it (reads the CPU's array if it is stale). */
    private void load(int r) {
        if (state[r] == STALE) {
            lazyLoads[segment] |= 1 << r;
            code.i32(r).call(WasmImports.REG).set(REGISTERS + r);
            state[r] = CLEAN;
        }
    }

    /** Loads the stale registers of {@code mask}, two per helper call. */
    private void loadAll(int mask) {
        int first = -1;
        for (int r = 0; r < 8; r++) {
            if ((mask & 1 << r) == 0 || state[r] != STALE) {
                continue;
            }
            if (first < 0) {
                first = r;
                continue;
            }
            code.i32(first).i32(r).call(WasmImports.REG2).tee(T).op(I32_WRAP_I64).set(REGISTERS + first);
            code.get(T).i64(32).op(I64_SHR_U).op(I32_WRAP_I64).set(REGISTERS + r);
            state[first] = CLEAN;
            state[r] = CLEAN;
            first = -1;
        }
        if (first >= 0) {
            code.i32(first).call(WasmImports.REG).set(REGISTERS + first);
            state[first] = CLEAN;
        }
    }

    /**
     * The straight-line code from instruction {@code k} on starts with every register stale (the region's entry,
     * after the interpreter): load now, in pairs, the ones it would load one by one (the first pass found them).
     */
    private void segmentStart(int k) {
        segment = k;
        if (preload != null) {
            loadAll(preload[k]);
        }
    }

    /** Pops the value on the stack into register {@code r}'s local. */
    private void storeRegister(int r) {
        code.set(REGISTERS + r);
        state[r] = DIRTY;
    }

    private int dirtyMask() {
        int mask = 0;
        for (int r = 0; r < 8; r++) {
            if (state[r] == DIRTY) {
                mask |= 1 << r;
            }
        }
        return mask;
    }

    /**
     * Pushes what a helper that leaves the region (or hands it to the interpreter) takes last: the deferred
     * operation (pending, PA, PB) for it to record, and the dirty registers (mask, eax..edi) for it to write back.
     * From here on the flags are recorded and the registers clean.
     */
    private void leaving() {
        if (pending == NOTHING) {
            code.i32(0).i32(0).i32(0);
        } else if (pending == UNKNOWN) {
            code.get(PENDING).get(PA).get(PB);
        } else {
            code.get(PENDING).get(PA).get(PB);
        }
        pending = NOTHING;
        code.i32(dirtyMask());
        if (hops) {
            code.get(CARRIED).op(I32_OR); // the registers a region that hopped here left newer than the array
        }
        for (int r = 0; r < 8; r++) {
            if (state[r] == DIRTY || hops) {
                code.get(REGISTERS + r); // (a register CARRIED names is never STALE: its local is newer)
            } else {
                code.i32(0);
            }
            if (state[r] == DIRTY) {
                state[r] = CLEAN;
            }
        }
        if (hops) {
            code.i32(0).set(CARRIED); // (the helper writes them: if the region goes on, they are in the array)
        }
    }

    // ---- Exits: each kind's code written once, at the function's end (ExitBlocks) ---------------------------------

    /**
     * The exit word a site leaves in WORD for the shared code: the EIP delta of its instruction ({@code start}, 12
     * bits) and its length ({@code length}, 4 bits: a CALL's return address, an exit's EIP), the instructions of
     * this pass retired when it leaves ({@code count}, 8 bits; DONE is added) and the registers newer than the CPU's
     * array ({@code mask}, as in AT: the top byte).
     */
    private void word(int start, int length, int count, int mask) {
        code.i32(start | count << 12 | length << 20 | mask << WasmHelpers.AT_MASK_SHIFT).set(WORD);
    }

    /** The word of an exit at EIP delta {@code at} (start + length, where start fits), the registers as they are. */
    private void wordAt(int at, int count) {
        int start = Math.min(at, 0xFFF);
        word(start, at - start, count, dirtyMask());
    }

    /** True if {@link #wordAt} can say EIP delta {@code at} and {@code count}. */
    private static boolean fitsWord(int at, int count) {
        return at >= 0 && at <= 0xFFF + 0xF && count < 256;
    }

    /** True if EIP delta {@code d} is in the entry's page (its physical address the entry's plus d). */
    private boolean inPage(int d) {
        return ExitBlocks.inPage(region.physicalAddress() & 0xFFF, d);
    }

    /** Leaves the region at the entry's EIP + {@code at} having retired {@code retired} (of this turn). */
    private void exit(int at, int retired) {
        if (fitsWord(at, retired)) {
            wordAt(at, retired);
            code.br(exits.label(ExitBlocks.EXIT_AT_WORD));
            return;
        }
        eip(at); // (a page module's jump to a region before this one's entry: written here)
        retired(retired);
        leaving();
        code.call(WasmImports.EXIT).ret();
    }

    /**
     * A JCC/JMP to its target outside the region after {@code count} instructions of this pass: sets HOP_TARGET and
     * WORD, and answers the label to branch to (a hop when one may be made there, else BRANCH).
     */
    private int branchExit(Insn insn, int count) {
        eip(insn.target);
        code.set(HOP_TARGET);
        word(insn.start, 0, count, dirtyMask());
        return !mayHop() ? exits.label(ExitBlocks.BRANCH)
                : exits.hopLabel(inPage(insn.target) ? ExitBlocks.PAGE_BRANCH : ExitBlocks.FETCH_BRANCH);
    }

    /** Pushes the instructions retired when {@code k} of this turn have: DONE + k. */
    private void retired(int k) {
        code.i32(k);
        if (jumps) {
            code.get(DONE).op(I32_ADD);
        }
    }

    /**
     * A jump from instruction {@code k} back to instruction {@code t} (k itself or before it): DONE += k + 1 - t,
     * and another pass from t if it fits in the budget (no pass retires more than the region's length: DONE + the
     * length), else leave at t's EIP.
     */
    private void loopBack(int k, int t) {
        code.get(DONE).i32(k + 1 - t).op(I32_ADD).set(DONE); // (t <= k: never 0)
        code.get(DONE).i32(region.instructions.size()).op(I32_ADD).get(BUDGET).op(I32_LE_S);
        code.ifThen(VOID);
        int[] saved = state.clone();
        loadAll(used); // a pass starts with them in locals
        if (dispatched.length > 0) {
            int i = 0;
            while (t > 0 && dispatched[i] != t) {
                i++;
            }
            code.i32(t == 0 ? 0 : i + 1).set(TARGET);
        }
        code.br(topLabel); // (a pass starts with the flags UNKNOWN: PENDING says)
        state = saved;
        code.end();
        exit(region.instructions.get(t).start, t);
    }

    /** Hops are written here, and every register is in its local (not after an interpreted instruction). */
    private boolean mayHop() {
        if (!hops) {
            return false;
        }
        for (int r = 0; r < 8; r++) {
            if (state[r] == STALE) {
                return false; // (after an interpreted instruction, which ends hops in the chain anyway)
            }
        }
        return true;
    }

    /**
     * After the body (every path out of which returns or branches): each open kind's end and the code its exits
     * share. Every register is in its local there (a hop is made only where all are; the helpers write back what
     * WORD's mask names), and the PENDING local holds the deferred flags, 0 where none are (as the fault block
     * reads them).
     */
    void exitCode() {
        Arrays.fill(state, CLEAN);
        sharedCode = true;
        for (int kind = 0; kind < ExitBlocks.KINDS; kind++) {
            if (exits.isOpen(kind)) {
                code.end();
                if (exits.isUsed(kind)) {
                    sharedExit(kind); // (it marks what it branches or falls through to: a later kind)
                }
            }
        }
        sharedCode = false;
    }

    private void sharedExit(int kind) {
        int fail = kind < ExitBlocks.FAIL && exits.isOpen(ExitBlocks.KEYED) ? exits.failLabel() : -1;
        switch (kind) {
            case ExitBlocks.FAULT:
                faultBlock();
                return;
            case ExitBlocks.PAGE_EXIT: case ExitBlocks.PAGE_BRANCH:
                code.i32(kind == ExitBlocks.PAGE_EXIT ? ExitBlocks.LEAVE_EXIT : ExitBlocks.LEAVE_BRANCH).set(KIND);
                code.br(exits.label(ExitBlocks.PAGE));
                return;
            case ExitBlocks.FETCH_EXIT: case ExitBlocks.FETCH_BRANCH:
                code.i32(kind == ExitBlocks.FETCH_EXIT ? ExitBlocks.LEAVE_EXIT : ExitBlocks.LEAVE_BRANCH).set(KIND);
                code.br(exits.label(ExitBlocks.FETCH));
                return;
            case ExitBlocks.FETCH_CALL:
                code.i32(ExitBlocks.LEAVE_CALL).set(KIND);
                exits.fallInto(ExitBlocks.FETCH);
                return;
            case ExitBlocks.RET_HOP: {
                // On a flat 32-bit stack with SS's base 0 the return address is read inline (as POP does: a fault
                // goes to the fault block, nothing changed); ESP moves only when the hop is made.
                if (exits.hopKinds()) {
                    code.i32(ExitBlocks.LEAVE_RET).set(KIND);
                }
                int flat = WasmHelpers.ACCESS_PAGE | WasmHelpers.ACCESS_READ << Cpu.CS
                        | WasmHelpers.ACCESS_READ << Cpu.SS;
                code.get(ACCESS).i32(flat).op(I32_AND).i32(flat).op(I32_NE).brIf(fail);
                loadRegister(ESP);
                code.set(LINEAR);
                readMemory(Cpu.SS, 32, LINEAR);
                code.set(HOP_TARGET);
                code.br(exits.label(ExitBlocks.TLB));
                return;
            }
            case ExitBlocks.FETCH: {
                // The target known only as the module runs: CS flat with base 0 and a 32-bit stack.
                int flat = WasmHelpers.ACCESS_PAGE | WasmHelpers.ACCESS_READ << Cpu.CS;
                code.get(ACCESS).i32(flat).op(I32_AND).i32(flat).op(I32_NE).brIf(fail);
                exits.fallInto(ExitBlocks.TLB);
                return;
            }
            case ExitBlocks.TLB:
                // The read TLB lets this privilege fetch from the target's page (as the interpreter's fetch window
                // moving there would): its physical address with this region's mode is the key.
                code.get(HOP_TARGET).i32(12).op(I32_SHR_U).i32(2).op(I32_SHL).get(READ_TLB).op(I32_ADD)
                        .memory(I32_LOAD).tee(HOP_KEY).get(PRIVILEGE).op(I32_AND).op(I32_EQZ).brIf(fail);
                code.get(HOP_KEY).i32(~0xFFF).op(I32_AND).get(HOP_TARGET).op(I32_XOR)
                        .i32(region.key & ~0x7FFFFFFF).op(I32_OR).set(HOP_KEY);
                code.br(exits.label(ExitBlocks.KEYED));
                return;
            case ExitBlocks.PAGE:
                // A target in the entry's page: its key is the entry's plus the delta (no limit to check when
                // ACCESS_PAGE says CS's is 4 GiB and the stack 32-bit; access 0 when the machine's memory is Java
                // arrays: no chaining block to read).
                code.get(ACCESS).i32(WasmHelpers.ACCESS_PAGE).op(I32_AND).op(I32_EQZ).brIf(fail);
                code.get(HOP_TARGET).get(ENTRY).op(I32_SUB).i32(region.key).op(I32_ADD).set(HOP_KEY);
                exits.fallInto(ExitBlocks.KEYED);
                return;
            case ExitBlocks.KEYED:
                keyedHop(fail);
                return;
            case ExitBlocks.FAIL: {
                int exit = exits.label(ExitBlocks.EXIT);
                int[] leaves = {exit, exits.isOpen(ExitBlocks.BRANCH) ? exits.label(ExitBlocks.BRANCH) : exit,
                    exits.isOpen(ExitBlocks.CALL) ? exits.label(ExitBlocks.CALL) : exit,
                    exits.isOpen(ExitBlocks.RET) ? exits.label(ExitBlocks.RET) : exit};
                code.get(KIND).brTable(leaves, exit);
                return;
            }
            case ExitBlocks.EXIT_AT_WORD:
                nextFromWord();
                code.set(HOP_TARGET);
                exits.fallInto(ExitBlocks.EXIT);
                return;
            case ExitBlocks.EXIT:
                code.get(HOP_TARGET);
                retiredFromWord();
                leaveFromWord(WasmImports.EXIT);
                return;
            case ExitBlocks.BRANCH:
                code.get(HOP_TARGET);
                retiredFromWord();
                eipFromWord();
                leaveFromWord(WasmImports.BRANCH);
                return;
            case ExitBlocks.CALL:
                code.get(HOP_TARGET);
                nextFromWord();
                retiredFromWord();
                eipFromWord();
                leaveFromWord(WasmImports.CALL);
                return;
            case ExitBlocks.RET:
                code.get(RELEASE);
                retiredFromWord();
                eipFromWord();
                leaveFromWord(WasmImports.RET);
                return;
            default:
                throw new IllegalStateException("no exit kind " + kind);
        }
    }

    /**
     * A hop to HOP_TARGET, whose key is HOP_KEY: if its cell names a region ({@link HopCells}), the chain may go on
     * and that region fits in the budget, the CALL's push or the RET's ESP (KIND), then the hop is counted, the
     * region named running and its run called through the table with the registers, the mask of those newer than
     * the CPU's array and the deferred flags (no helper call on the way); its count is added to this pass's. Else to
     * {@code fail}.
     */
    private void keyedHop(int fail) {
        code.get(HOP_KEY).i32(HopCells.HASH).op(I32_MUL).i32(32 - HopCells.COUNT_BITS).op(I32_SHR_U)
                .i32(HopCells.CELL_SHIFT).op(I32_SHL).get(HOP_BASE).op(I32_ADD).i32(HopCells.CELLS).op(I32_ADD)
                .tee(HOP_CELL);
        code.memory(I32_LOAD, HopCells.KEY).get(HOP_KEY).op(I32_NE).brIf(fail);
        retiredFromWord();
        code.set(COUNT);
        code.get(HOP_BASE).memory(I32_LOAD, HopCells.DONE).get(HOP_BASE).memory(I32_LOAD, HopCells.LIMIT)
                .op(I32_LT_S);
        code.get(COUNT).get(HOP_CELL).memory(I32_LOAD, HopCells.LENGTH).op(I32_ADD).get(BUDGET).op(I32_LE_S)
                .op(I32_AND).op(I32_EQZ).brIf(fail);
        if (exits.hopsTo(ExitBlocks.LEAVE_CALL)) {
            // A CALL's return address written below ESP inline, as PUSH does (a fault goes to the fault block,
            // nothing changed); a write into this region's code leaves at the target instead (the call done).
            ifKind(ExitBlocks.LEAVE_CALL);
            nextFromWord();
            push32();
            code.get(STATUS).brIf(exits.label(ExitBlocks.EXIT));
            endKind();
        }
        if (exits.hopsTo(ExitBlocks.LEAVE_RET)) {
            ifKind(ExitBlocks.LEAVE_RET);
            loadRegister(ESP);
            code.get(RELEASE).op(I32_ADD).i32(4).op(I32_ADD);
            storeRegister(ESP);
            endKind();
        }
        code.get(HOP_BASE).get(HOP_BASE).memory(I32_LOAD, HopCells.DONE).i32(1).op(I32_ADD)
                .memory(I32_STORE, HopCells.DONE);
        code.get(HOP_BASE).get(HOP_KEY).memory(I32_STORE, HopCells.RUNNING);
        code.get(COUNT);
        code.get(HOP_TARGET).get(BUDGET).get(COUNT).op(I32_SUB);
        for (int p = REGISTERS; p < CARRIED; p++) {
            code.get(p);
        }
        maskFromWord();
        code.get(PENDING).get(PA).get(PB);
        code.get(HOP_CELL).memory(I32_LOAD, HopCells.SLOT).callIndirect(WasmModuleWriter.memoryRunType())
                .op(I32_ADD).ret();
    }

    /** Opens the block of a hop falling back to helper {@code leave} (none when it is the only one). */
    private void ifKind(int leave) {
        if (exits.hopKinds()) {
            code.get(KIND).i32(leave).op(I32_EQ);
            code.ifThen(VOID);
        }
    }

    private void endKind() {
        if (exits.hopKinds()) {
            code.end();
        }
    }

    /** Pushes the EIP of WORD's instruction: ENTRY + its start. */
    private void eipFromWord() {
        code.get(ENTRY).get(WORD).i32(0xFFF).op(I32_AND).op(I32_ADD);
    }

    /** Pushes ENTRY + WORD's start + its length (a CALL's return address, an exit's EIP). */
    private void nextFromWord() {
        eipFromWord();
        code.get(WORD).i32(20).op(I32_SHR_U).i32(0xF).op(I32_AND).op(I32_ADD);
    }

    /** Pushes the instructions retired when WORD's count of this pass have (DONE + count). */
    private void retiredFromWord() {
        code.get(WORD).i32(12).op(I32_SHR_U).i32(0xFF).op(I32_AND);
        if (jumps) {
            code.get(DONE).op(I32_ADD);
        }
    }

    /** Pushes WORD's mask of the registers newer than the CPU's array (and those a region that hopped here left). */
    private void maskFromWord() {
        code.get(WORD).i32(WasmHelpers.AT_MASK_SHIFT).op(I32_SHR_U);
        if (hops) {
            code.get(CARRIED).op(I32_OR);
        }
    }

    /**
     * Pushes what a leaving helper takes last (as {@link #leaving}: the deferred flags, WORD's mask and every
     * register's local: the helper writes back those the mask names), calls {@code helper} and returns its answer.
     */
    private void leaveFromWord(WasmImports.Import helper) {
        code.get(PENDING).get(PA).get(PB);
        maskFromWord();
        for (int r = 0; r < 8; r++) {
            code.get(REGISTERS + r);
        }
        code.call(helper).ret();
    }

    // ---- Page modules --------------------------------------------------------------------------------------

    /**
     * In a page module, a transfer to EIP delta {@code d} after {@code count} instructions of this pass, when the
     * target is another region's entry (or this one's) in the module: goes on there without leaving, if CS's limit
     * and the stack allow (ACCESS_PAGE) and the target's region fits in the budget; else nothing happens here and
     * the code after leaves as before.
     */
    private void toRegion(int count, int d) {
        int j = page == null ? -1 : page.regionAt(region.physicalAddress(), d);
        if (j < 0) {
            return;
        }
        mayEnter(count, j);
        int[] saved = state.clone();
        int savedPending = pending;
        enter(count, d, j);
        state = saved;
        pending = savedPending;
        code.end();
    }

    /**
     * A direct CALL to another region of the page module: ESP moves and the return address is written inline, as
     * PUSH does (a fault goes to the fault block, nothing changed), then the module goes on at the target; a write
     * into this page's code leaves there instead (the call done). Else nothing happens here.
     */
    private void callIntoRegion(Insn insn, int k) {
        int j = page == null ? -1 : page.regionAt(region.physicalAddress(), insn.target);
        if (j < 0) {
            return;
        }
        mayEnter(k + 1, j);
        int[] saved = state.clone();
        int savedPending = pending;
        eip(insn.next);
        push32();
        code.get(STATUS);
        code.ifThen(VOID);
        int[] written = state.clone();
        exit(insn.target, k + 1);
        state = written;
        pending = savedPending;
        code.end();
        enter(k + 1, insn.target, j);
        state = saved;
        pending = savedPending;
        code.end();
    }

    /**
     * A RET in a page module: when the return address (read inline, as POP does) is the entry of a region of the
     * module that follows one of its CALLs, ESP moves and the module goes on there; else nothing happens here and the
     * code after returns through the helper (reading the address again).
     */
    private void returnIntoRegion(Insn insn, int k) {
        int[] sites = page == null ? new int[0] : page.returnSites();
        if (sites.length == 0) {
            return;
        }
        code.get(ACCESS).i32(WasmHelpers.ACCESS_PAGE).op(I32_AND);
        code.ifThen(VOID); // a 32-bit stack: the address is at ESP
        int[] saved = state.clone();
        int savedPending = pending;
        loadRegister(ESP);
        code.set(LINEAR);
        readMemory(Cpu.SS, 32, LINEAR);
        code.set(V);
        int entryOffset = region.physicalAddress() & 0xFFF;
        code.get(V).get(ENTRY).op(I32_SUB).i32(entryOffset).op(I32_ADD).set(W); // the address's offset in this page
        for (int j : sites) {
            code.get(W).i32(page.offset(j)).op(I32_EQ);
            code.get(DONE).i32(k + 1 + page.length(j)).op(I32_ADD).get(BUDGET).op(I32_LE_S).op(I32_AND);
            code.ifThen(VOID);
            int[] before = state.clone();
            loadRegister(ESP);
            code.i32(4 + insn.target).op(I32_ADD);
            storeRegister(ESP);
            code.get(V).set(ENTRY);
            enter(k + 1, j);
            state = before;
            code.end();
        }
        state = saved;
        pending = savedPending;
        code.end();
    }

    /** Pushes the value on the stack as PUSH does on a 32-bit stack: written below ESP, then ESP moves. */
    private void push32() {
        code.set(V);
        loadRegister(ESP);
        code.i32(4).op(I32_SUB).set(ADDR);
        writeMemory(Cpu.SS, 32);
        code.get(ADDR);
        storeRegister(ESP);
    }

    /** Opens the block taken when the module may go on into region {@code j} after {@code count} instructions. */
    private void mayEnter(int count, int j) {
        code.get(ACCESS).i32(WasmHelpers.ACCESS_PAGE).op(I32_AND).i32(0).op(I32_NE);
        code.get(DONE).i32(count + page.length(j)).op(I32_ADD).get(BUDGET).op(I32_LE_S).op(I32_AND);
        code.ifThen(VOID);
    }

    /**
     * Goes on into region {@code j} at EIP delta {@code d} after {@code count} instructions of this pass: every
     * register in its local (as the region's code assumes), DONE counting this pass, ENTRY the new region's EIP,
     * TARGET 0 for its own loop's dispatch (its entry).
     */
    private void enter(int count, int d, int j) {
        if (d != 0) {
            code.get(ENTRY).i32(d).op(I32_ADD).set(ENTRY);
        }
        enter(count, j);
    }

    /** As above, ENTRY already the new region's EIP. */
    private void enter(int count, int j) {
        loadAll(0xFF);
        code.get(DONE).i32(count).op(I32_ADD).set(DONE);
        code.i32(j).set(MEMBER).i32(0).set(TARGET);
        code.br(page.dispatchLabel());
    }

    private void eip(int d) {
        code.get(ENTRY);
        if (d != 0) {
            code.i32(d).op(I32_ADD);
        }
    }

    private static int mask(int size) {
        return size == 8 ? 0xFF : size == 16 ? 0xFFFF : -1;
    }
}
