package org.nodeoslab.emulator.jit.jvm;

import static org.objectweb.asm.Opcodes.*;

import org.nodeoslab.emulator.cpu.JitBridge;
import org.nodeoslab.emulator.cpu.jit.Insn;
import org.nodeoslab.emulator.cpu.jit.Operand;
import org.nodeoslab.emulator.cpu.jit.Region;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;

/**
 * Writes the class file of one region: a subclass of {@code CompiledRegion} whose {@code chained(JitBridge, ...)}
 * holds the region's instructions as straight-line bytecode, the guest registers in locals (parameters) and the
 * flags deferred in locals (see {@link #pending}); {@code run(JitBridge, int, int)}, the run loop's entry, reads the
 * registers from the CPU's array and calls it. An exit to another compiled region passes registers and deferred
 * flags on as that region's parameters; every other exit writes them back first, so the interpreter finds its own
 * state. A fault anywhere is caught once, in the method's handler, which knows the instruction from {@code at}.
 */
final class RegionClassWriter {
    static final String BRIDGE = "org/nodeoslab/emulator/cpu/JitBridge";
    static final String SUPER = "org/nodeoslab/emulator/cpu/jit/CompiledRegion";
    static final String FAULT = "org/nodeoslab/emulator/cpu/CpuFault";
    static final String NAME = "org/nodeoslab/emulator/jit/jvm/CompiledGuestRegion";

    // Locals of chained(): this, the bridge, the entry EIP, the budget, the guest registers (EAX..EDI: see
    // REGISTER_LOCALS) and the deferred flags carried in (PENDING, FA, FB); then the current instruction and
    // temporaries.
    private static final int C = 1, EIP0 = 2, BUDGET = 3;
    /**
     * Locals 4-11 hold the guest registers for the whole method (parameters: a chained entry carries them from the
     * region before, see {@link #dirty}).
     */
    private static final int REGISTER_LOCALS = 4;
    /**
     * The deferred flags (see {@link #pending}): the operation's code ({@link JitBridge#pending}, 0 when nothing is
     * deferred), its operands (parameters: carried in from the region before) and result, masked to its size.
     */
    private static final int PENDING = 12, FA = 13, FB = 14, FV = 15;
    private static final int AT = 16, A = 17, B = 18, V = 19, ADDR = 20, EXCEPTION = 21, W = 22;
    /** Instructions retired by earlier turns of a loop back to the entry (0 when the region has no such loop). */
    private static final int DONE = 23;
    /** The region a chained exit runs next. */
    private static final int NEXT = 24;
    /** The inline fast path of memory accesses: temporaries, and the bridge's arrays loaded once per entry. */
    private static final int OFF = 25, LIN = 26, TLBE = 27, PA = 28, RAM = 29, RTLB = 30, WTLB = 31, SEGBASE = 32,
            FASTR = 33, FASTW = 34, CODEPAGES = 35, BIT = 36;
    /**
     * Per segment register s (0-5), what the fast path reads of it, kept in locals: whether reads (37 + s) and
     * writes (43 + s) need no check, and its base (49 + s). Only an interpreted instruction can change them (it
     * may load a segment register): they are loaded at entry and after each one, for the segments the region's
     * memory operands use.
     */
    private static final int SEG_READ = 37, SEG_WRITE = 43, SEG_BASE = 49;
    /** chained()'s descriptor: the bridge, entry EIP, budget, EAX..EDI, the deferred flags' code and operands. */
    static final String CHAINED = "(L" + BRIDGE + ";IIIIIIIIIIIII)I";
    private static final int ESP = 4, EBP = 5, ESI = 6, EDI = 7, SS = 2;

    /** {@link #pending}: no deferred operation; one may be deferred (the PENDING local says which). */
    private static final int NOTHING = -1, UNKNOWN = -2;
    /** The bytecode of each group-1 operation computed inline (ADD OR - - AND SUB XOR CMP). */
    private static final int[] ALU_OPCODES = {IADD, IOR, 0, 0, IAND, ISUB, IXOR, ISUB};


    /** A jump target computed at run time (no link kept). */
    private static final int NO_TARGET = Integer.MIN_VALUE;

    private final Region region;
    /**
     * The class's name: {@link #NAME} and the entry's physical address, so that a profile of the JVM (perf with
     * HotSpot's perf map) names each region method by where its guest code is (as the dump's files do).
     */
    private final String name;
    private ClassWriter cw;
    private MethodVisitor mv;
    /** Link fields written so far (one per jump to a fixed target in the entry's page). */
    private int links;
    /*
     * The guest registers are kept in locals for the whole method (parameters of chained()), written back to the
     * CPU's array before anything that reads the array (the interpreter, an exit to the run loop, the fault handler)
     * and loaded again after anything that changes it; a chained exit passes them to the next region instead. So
     * the locals always hold the architectural values.
     */
    /** Registers whose local is newer than the array at this point of the straight-line code. */
    private final boolean[] dirty = new boolean[8];
    /**
     * Some native instruction uses the stack (PUSH, POP, CALL, RET, LEAVE): compiled inline for a 32-bit stack, so
     * the region runs only while SS is one (checked at entry and after each interpreted instruction).
     */
    private boolean usesStack;
    /** Segment registers the native instructions' memory operands name (their fast-path state is in locals). */
    private final boolean[] segmentUsed = new boolean[6];
    /**
     * A Jcc or JMP goes to the start of an instruction of this region (its entry, or another): the method jumps
     * there itself instead of leaving, forward always, backward while the budget allows. The retired count is then
     * kept in DONE as well as in the static index: a jump from index k to index t adds k + 1 - t.
     */
    private final boolean loops;
    private final Label loopStart = new Label();
    /** Per instruction index: the index of the instruction a JCC/JMP there goes to inside the region, else -1. */
    private final int[] internalTarget;
    /** Per instruction index: a label when some internal jump goes there (index 0 is {@link #loopStart}). */
    private final Label[] joins;
    /**
     * The ADD/OR/AND/SUB/XOR/INC/DEC (CMP, TEST and NEG as SUB, AND and SUB) whose flags are not yet in the
     * interpreter's Alu: computed inline, its operands kept in FA/FB and result in FV, and recorded in the Alu (one
     * call) only when something may read the flags (a condition the code cannot compute from the locals, ADC/SBB, a
     * rotate, the interpreter, an exit, a fault); if another such operation comes first, never (most results' flags
     * are dead). As the wasm back end does. Known here as the code is written ({@link #NOTHING}, the operation, or
     * {@link #UNKNOWN} where jumps inside the region join); the PENDING local holds it as the code runs.
     */
    private int pending = NOTHING;
    private int pendingSize;
    /** The deferred INC/DEC carries the CF before it in its code (else the Alu holds it). */
    private boolean pendingCarries;
    /** The instruction being written: its EIP delta and index, and whether it has changed registers or flags yet. */
    private int currentStart, currentK;
    private boolean changed;
    /** Bytecode bytes of run(), known once written. */
    int codeLength;

    RegionClassWriter(Region region) {
        this.region = region;
        this.name = String.format("%s_%08x", NAME, region.physicalAddress());
        int n = region.instructions.size();
        internalTarget = region.internalTargets();
        joins = new Label[n];
        boolean any = false;
        for (int i = 0; i < n; i++) {
            int t = internalTarget[i];
            if (t >= 0) {
                any = true;
                if (joins[t] == null) {
                    joins[t] = t == 0 ? loopStart : new Label();
                }
            }
        }
        this.loops = any;
    }

    byte[] write() {
        cw = new ClassWriter(ClassWriter.COMPUTE_FRAMES) {
            @Override
            protected String getCommonSuperClass(String a, String b) {
                return "java/lang/Object"; // only ints, the int[] and the bridge are merged
            }
        };
        cw.visit(V17, ACC_PUBLIC | ACC_FINAL | ACC_SUPER, name, null, SUPER, null);
        MethodVisitor init = cw.visitMethod(ACC_PUBLIC, "<init>", "()V", null, null);
        init.visitCode();
        init.visitVarInsn(ALOAD, 0);
        init.visitMethodInsn(INVOKESPECIAL, SUPER, "<init>", "()V", false);
        init.visitInsn(RETURN);
        init.visitMaxs(0, 0);
        init.visitEnd();

        writeRun();
        mv = cw.visitMethod(ACC_PUBLIC, "chained", CHAINED, null, null);
        mv.visitCode();
        for (int local : new int[] {AT, A, B, V, ADDR, W, DONE}) {
            mv.visitInsn(ICONST_0);
            mv.visitVarInsn(ISTORE, local);
        }
        for (int local : new int[] {OFF, LIN, TLBE, PA, FV}) {
            mv.visitInsn(ICONST_0);
            mv.visitVarInsn(ISTORE, local);
        }
        findStackAndSegments();
        // The registers came in as parameters, maybe newer than the CPU's array (a chained entry carries them):
        // whatever leaves for the interpreter writes them all back. Flags may be deferred (PENDING says).
        for (int r = 0; r < 8; r++) {
            dirty[r] = true;
        }
        pending = UNKNOWN;
        // Memory's fast path needs the bridge's arrays and the privilege; a region without a native memory operand
        // (calls, returns, register arithmetic) loads none of them, on every entry.
        String[][] arrays = {{"ramWords", "[I"}, {"readTlb", "[I"}, {"writeTlb", "[I"}, {"segBase", "[I"},
            {"fastRead", "[Z"}, {"fastWrite", "[Z"}, {"codePages", "[B"}};
        for (int i = 0; i < arrays.length && usesMemory(); i++) {
            bridge();
            mv.visitFieldInsn(GETFIELD, BRIDGE, arrays[i][0], arrays[i][1]);
            mv.visitVarInsn(ASTORE, RAM + i);
        }
        loadFastPathState();
        // Otherwise the region runs nothing and the interpreter goes on.
        leaveUnlessSegmentsAsCompiled(() -> {
            handOver();
            push(0);
            mv.visitInsn(IRETURN);
        });
        Label start = new Label();
        Label end = new Label();
        Label handler = new Label();
        mv.visitTryCatchBlock(start, end, handler, FAULT);
        mv.visitLabel(start);
        mv.visitLabel(loopStart);
        int k = 0;
        boolean open = true;
        for (Insn insn : region.instructions) {
            if (k > 0 && joins[k] != null) {
                // Reached from elsewhere too: any register may be newer than the array, nothing is known of flags.
                mv.visitLabel(joins[k]);
                for (int r = 0; r < 8; r++) {
                    dirty[r] = true;
                }
                pending = UNKNOWN;
            }
            open = instruction(insn, k++);
        }
        if (open) {
            exit(region.bytes, k, true);
        }
        mv.visitLabel(end);
        mv.visitLabel(handler);
        mv.visitVarInsn(ASTORE, EXCEPTION);
        // A native instruction faulted: the locals hold the registers as they were before it. (An interpreted one
        // left the array as the interpreter does; it was flushed before the call.)
        Label interpreted = new Label();
        mv.visitVarInsn(ILOAD, AT);
        push(JitBridge.AT_INTERPRETED);
        mv.visitInsn(IAND);
        mv.visitJumpInsn(IFNE, interpreted);
        // The flags deferred before the faulting instruction are the state the fault is delivered in. (Reached from
        // anywhere: nothing is known of registers or flags here.)
        pending = UNKNOWN;
        for (int r = 0; r < 8; r++) {
            dirty[r] = true;
        }
        handOver();
        mv.visitLabel(interpreted);
        mv.visitVarInsn(ALOAD, C);
        mv.visitVarInsn(ALOAD, EXCEPTION);
        mv.visitVarInsn(ILOAD, EIP0);
        mv.visitVarInsn(ILOAD, AT);
        mv.visitMethodInsn(INVOKEVIRTUAL, BRIDGE, "fault", "(L" + FAULT + ";II)I", false);
        mv.visitVarInsn(ILOAD, DONE);
        mv.visitInsn(IADD);
        mv.visitInsn(IRETURN);
        Label last = new Label();
        mv.visitLabel(last);
        codeLength = last.getOffset();
        mv.visitMaxs(0, 0);
        mv.visitEnd();
        cw.visitEnd();
        return cw.toByteArray();
    }

    /** Emits one instruction (index {@code k}); false when it always leaves the region. */
    private boolean instruction(Insn insn, int k) {
        currentStart = insn.start;
        currentK = k;
        changed = false;
        int at = (insn.start & 0xFFF) | k << JitBridge.AT_INDEX_SHIFT;
        Operand dst = insn.dst;
        Operand src = insn.src;
        switch (insn.kind) {
            case Insn.INTERPRET:
                setAt(at | JitBridge.AT_INTERPRETED);
                materialize(); // the interpreter reads and writes the flags in the Alu
                flush();
                bridge();
                eip(insn.start);
                eip(insn.next);
                push(insn.word);
                push(insn.form);
                push(insn.displacement);
                retired(k);
                call("interpret", "(IIIIII)I");
                mv.visitVarInsn(ISTORE, V);
                mv.visitVarInsn(ILOAD, V);
                Label goOn = new Label();
                mv.visitJumpInsn(IFLT, goOn);
                mv.visitVarInsn(ILOAD, V);
                mv.visitInsn(IRETURN);
                mv.visitLabel(goOn);
                for (int r = 0; r < 8; r++) {
                    reload(r);
                }
                loadFastPathState();
                // It may have loaded SS, ES or DS: the instructions below were compiled for them as they were.
                leaveUnlessSegmentsAsCompiled(() -> exit(insn.next, k + 1));
                return true;
            case Insn.NOP:
                return true;
            case Insn.MOV:
                setAt(at);
                if (dst.isMemory()) {
                    address(dst);
                    mv.visitVarInsn(ISTORE, ADDR);
                }
                load(src);
                mv.visitVarInsn(ISTORE, V);
                store(dst);
                break;
            case Insn.LEA:
                address(src);
                mv.visitVarInsn(ISTORE, V);
                store(dst);
                break;
            case Insn.MOVZX: case Insn.MOVSX:
                setAt(at);
                load(src);
                if (insn.kind == Insn.MOVSX) {
                    mv.visitInsn(src.size == 8 ? I2B : I2S);
                }
                mv.visitVarInsn(ISTORE, V);
                store(dst);
                break;
            case Insn.ALU: case Insn.TEST: {
                int op = insn.kind == Insn.TEST ? 4 : insn.sub;
                boolean writes = insn.kind == Insn.ALU && op != 7;
                boolean deferred = op != 2 && op != 3; // ADC and SBB read CF: through the Alu
                if (!deferred) {
                    materialize();
                }
                setAt(readModifyWrite(dst, writes && !deferred) ? at | JitBridge.AT_FLAGS_SAVED : at);
                loadDestination(dst);
                mv.visitVarInsn(ISTORE, A);
                load(src);
                mv.visitVarInsn(ISTORE, B);
                if (deferred) {
                    compute(op, dst.size);
                } else {
                    bridge();
                    mv.visitVarInsn(ILOAD, A);
                    mv.visitVarInsn(ILOAD, B);
                    push(mask(dst.size));
                    call(op == 2 ? "adc" : "sbb", "(III)I");
                    changed = true;
                }
                mv.visitVarInsn(ISTORE, V);
                if (writes) {
                    store(dst);
                }
                if (deferred) {
                    defer(op == 7 ? 5 : op, dst.size); // after its last access that may fault
                }
                break;
            }
            case Insn.INC: case Insn.DEC:
                // They keep CF: from the deferred operation before them when it can be computed (kept in the
                // pending code), else from the Alu (at a join: the operation before is recorded first).
                if (pending == UNKNOWN || pending >= JitBridge.SHL_OP) {
                    materialize();
                }
                setAt(readModifyWrite(dst, false) ? at | JitBridge.AT_FLAGS_SAVED : at);
                loadDestination(dst);
                mv.visitVarInsn(ISTORE, A);
                compute(insn.kind == Insn.INC ? JitBridge.INC_OP : JitBridge.DEC_OP, dst.size);
                mv.visitVarInsn(ISTORE, V);
                store(dst);
                defer(insn.kind == Insn.INC ? JitBridge.INC_OP : JitBridge.DEC_OP, dst.size);
                break;
            case Insn.SHIFT: {
                // SHL/SHR/SAR by a count known not to be 0 set every flag (the deferred ones are dead); rotates
                // merge CF and OF into the flags before, and a count in CL may be 0 (nothing changes).
                boolean kills = src.type == Operand.IMMEDIATE && src.value != 0 && insn.sub >= 4;
                if (kills && dst.size == 32) {
                    // Computed inline, its flags deferred like an ADD's (recorded by JitBridge.shl32 & co.).
                    int op = insn.sub == 5 ? JitBridge.SHR_OP : insn.sub == 7 ? JitBridge.SAR_OP : JitBridge.SHL_OP;
                    setAt(readModifyWrite(dst, false) ? at | JitBridge.AT_FLAGS_SAVED : at);
                    loadDestination(dst);
                    mv.visitVarInsn(ISTORE, A);
                    push(src.value);
                    mv.visitVarInsn(ISTORE, B);
                    compute(op, 32);
                    mv.visitVarInsn(ISTORE, V);
                    store(dst);
                    defer(op, 32);
                    break;
                }
                if (!kills) {
                    materialize();
                }
                setAt(readModifyWrite(dst, true) ? at | JitBridge.AT_FLAGS_SAVED : at);
                loadDestination(dst);
                mv.visitVarInsn(ISTORE, A);
                Label none = new Label();
                if (src.type == Operand.IMMEDIATE) {
                    if (src.value == 0) {
                        break; // read (it may fault), flags and operand unchanged
                    }
                    push(src.value);
                } else {
                    loadRegister(src.register);
                    push(0x1F);
                    mv.visitInsn(IAND);
                }
                mv.visitVarInsn(ISTORE, B);
                mv.visitVarInsn(ILOAD, B);
                mv.visitJumpInsn(IFEQ, none);
                bridge();
                String special = dst.size != 32 ? null : insn.sub == 4 || insn.sub == 6 ? "shl32"
                        : insn.sub == 5 ? "shr32" : insn.sub == 7 ? "sar32" : null;
                if (special != null) {
                    mv.visitVarInsn(ILOAD, A);
                    mv.visitVarInsn(ILOAD, B);
                    call(special, "(II)I");
                    changed = true;
                } else {
                    push(insn.sub);
                    mv.visitVarInsn(ILOAD, A);
                    mv.visitVarInsn(ILOAD, B);
                    push(dst.size);
                    call("shift", "(IIII)I");
                    changed = true;
                }
                if (kills) {
                    kill();
                }
                mv.visitVarInsn(ISTORE, V);
                store(dst);
                mv.visitLabel(none);
                break;
            }
            case Insn.IMUL:
                setAt(at);
                load(insn.sub == 0 ? dst : src);
                mv.visitVarInsn(ISTORE, A);
                if (insn.sub == 0) {
                    load(src);
                } else {
                    push(insn.target);
                }
                mv.visitVarInsn(ISTORE, B);
                compute(JitBridge.IMUL_OP, 32);
                mv.visitVarInsn(ISTORE, V);
                store(dst);
                defer(JitBridge.IMUL_OP, 32); // (recorded by JitBridge.imul32)
                break;
            case Insn.PUSH:
                // As the interpreter's push32 on a 32-bit stack: write below ESP (through memory's fast path),
                // then move ESP (unchanged if the write faults).
                setAt(at);
                load(src);
                mv.visitVarInsn(ISTORE, V);
                guestPush();
                break;
            case Insn.POP:
                setAt(at);
                pop();
                mv.visitVarInsn(ISTORE, V);
                loadRegister(ESP);
                push(4);
                mv.visitInsn(IADD);
                storeRegister(ESP);
                store(dst); // POP ESP: the value read
                break;
            case Insn.CDQ:
                loadRegister(0);
                push(31);
                mv.visitInsn(ISHR);
                storeRegister(2);
                break;
            case Insn.CWDE:
                loadRegister(0);
                mv.visitInsn(I2S);
                storeRegister(0);
                break;
            case Insn.NOT:
                setAt(at);
                readModifyWrite(dst, false); // no flags to save: NOT changes none
                loadDestination(dst);
                push(mask(dst.size));
                mv.visitInsn(IXOR);
                mv.visitVarInsn(ISTORE, V);
                store(dst);
                break;
            case Insn.NEG:
                // The interpreter's: SUB 0 - dst with its flags.
                setAt(readModifyWrite(dst, false) ? at | JitBridge.AT_FLAGS_SAVED : at);
                push(0);
                mv.visitVarInsn(ISTORE, A);
                loadDestination(dst);
                mv.visitVarInsn(ISTORE, B);
                compute(5, dst.size);
                mv.visitVarInsn(ISTORE, V);
                store(dst);
                defer(5, dst.size);
                break;
            case Insn.XCHG:
                // The memory operand is read and written before either register changes (a fault changes nothing).
                setAt(at);
                readModifyWrite(dst, false);
                loadDestination(dst);
                mv.visitVarInsn(ISTORE, W);
                load(src);
                mv.visitVarInsn(ISTORE, V);
                store(dst);
                mv.visitVarInsn(ILOAD, W);
                mv.visitVarInsn(ISTORE, V);
                store(src);
                break;
            case Insn.BSWAP:
                loadRegister(dst.register);
                mv.visitMethodInsn(INVOKESTATIC, "java/lang/Integer", "reverseBytes", "(I)I", false);
                storeRegister(dst.register);
                break;
            case Insn.LEAVE:
                // As the interpreter's: EBP read from the stack first (a fault changes nothing), then ESP = EBP + 4
                // and EBP = that value.
                setAt(at);
                loadRegister(EBP);
                mv.visitVarInsn(ISTORE, OFF);
                readMemory(SS, OFF, 32);
                mv.visitVarInsn(ISTORE, V);
                loadRegister(EBP);
                push(4);
                mv.visitInsn(IADD);
                storeRegister(ESP);
                mv.visitVarInsn(ILOAD, V);
                storeRegister(EBP);
                break;
            case Insn.STRING:
                setAt(at);
                string(insn.sub, dst, src);
                break;
            case Insn.CMPXCHG: {
                // The interpreter's: CMP accumulator, dst; dst = equal ? src : dst (written either way); the
                // accumulator = dst (unchanged when equal). Memory is written before the accumulator changes, a
                // register destination after (it may be the accumulator).
                Operand accumulator = Operand.register(0, dst.size);
                setAt(readModifyWrite(dst, false) ? at | JitBridge.AT_FLAGS_SAVED : at);
                loadDestination(dst);
                mv.visitVarInsn(ISTORE, B);
                load(accumulator);
                mv.visitVarInsn(ISTORE, A);
                load(src);
                mv.visitVarInsn(ISTORE, W);
                Label equal = new Label();
                mv.visitVarInsn(ILOAD, A);
                mv.visitVarInsn(ILOAD, B);
                mv.visitJumpInsn(IF_ICMPEQ, equal);
                mv.visitVarInsn(ILOAD, B);
                mv.visitVarInsn(ISTORE, W);
                mv.visitLabel(equal);
                storeBoth(W, dst, B, accumulator);
                defer(5, dst.size); // CMP's flags
                break;
            }
            case Insn.XADD:
                // The interpreter's: dst = dst + src with ADD's flags, src = the old dst; memory is written first,
                // a register destination last (XADD r, r with one register leaves the sum).
                setAt(readModifyWrite(dst, false) ? at | JitBridge.AT_FLAGS_SAVED : at);
                loadDestination(dst);
                mv.visitVarInsn(ISTORE, A);
                load(src);
                mv.visitVarInsn(ISTORE, B);
                compute(0, dst.size);
                mv.visitVarInsn(ISTORE, W);
                storeBoth(W, dst, A, src);
                defer(0, dst.size);
                break;
            case Insn.MUL:
                setAt(at);
                load(src);
                mv.visitVarInsn(ISTORE, B);
                bridge();
                loadRegister(0);
                mv.visitVarInsn(ILOAD, B);
                push(insn.sub);
                call("mul32", "(IIZ)J");
                changed = true;
                kill(); // MUL and IMUL set every flag
                mv.visitInsn(DUP2);
                mv.visitInsn(L2I);
                storeRegister(0);
                push(32);
                mv.visitInsn(LUSHR);
                mv.visitInsn(L2I);
                storeRegister(2);
                break;
            case Insn.CMOV: {
                setAt(at);
                load(src); // read even when the condition is false (it may fault)
                mv.visitVarInsn(ISTORE, W); // V may hold the flags' result the condition reads
                Label skip = new Label();
                condition(insn.sub, skip);
                mv.visitVarInsn(ILOAD, W);
                mv.visitVarInsn(ISTORE, V);
                store(dst);
                mv.visitLabel(skip);
                break;
            }
            case Insn.SETCC: {
                setAt(at);
                if (dst.isMemory()) {
                    address(dst);
                    mv.visitVarInsn(ISTORE, ADDR);
                }
                Label no = new Label();
                Label done = new Label();
                condition(insn.sub, no);
                push(1);
                mv.visitJumpInsn(GOTO, done);
                mv.visitLabel(no);
                push(0);
                mv.visitLabel(done);
                mv.visitVarInsn(ISTORE, V);
                store(dst);
                break;
            }
            case Insn.JCC: {
                setAt(at);
                Label notTaken = new Label();
                condition(insn.sub, notTaken);
                if (internalTarget[k] >= 0) {
                    jumpInside(k, internalTarget[k]);
                } else {
                    bridge();
                    eip(insn.target);
                    retired(k + 1);
                    call("branch", "(II)I");
                    returnChained(insn.target);
                }
                mv.visitLabel(notTaken);
                return true;
            }
            case Insn.JMP:
                setAt(at);
                if (internalTarget[k] >= 0) {
                    jumpInside(k, internalTarget[k]);
                    return false;
                }
                bridge();
                eip(insn.target);
                retired(k + 1);
                call("branch", "(II)I");
                returnChained(insn.target);
                return false;
            case Insn.JMP_INDIRECT:
                setAt(at);
                load(src);
                mv.visitVarInsn(ISTORE, V);
                bridge();
                mv.visitVarInsn(ILOAD, V);
                retired(k + 1);
                call("branch", "(II)I");
                returnChained();
                return false;
            case Insn.CALL: case Insn.CALL_INDIRECT:
                // As the interpreter's: the target checked against the CS limit (#GP(0)), then the return address
                // pushed (a fault there puts EIP back), then ESP moved.
                setAt(at);
                if (insn.kind == Insn.CALL) {
                    eip(insn.target);
                } else {
                    load(src);
                }
                mv.visitVarInsn(ISTORE, W);
                bridge();
                mv.visitVarInsn(ILOAD, W);
                retired(k + 1);
                call("branch", "(II)I");
                mv.visitVarInsn(ISTORE, W);
                eip(insn.next);
                mv.visitVarInsn(ISTORE, V);
                guestPush();
                mv.visitVarInsn(ILOAD, W);
                returnChained(insn.kind == Insn.CALL ? insn.target : NO_TARGET);
                return false;
            case Insn.RET:
                // As the interpreter's: the return address read, checked against the CS limit (#GP(0)), and only
                // then ESP moved past it and the bytes released.
                setAt(at);
                pop();
                mv.visitVarInsn(ISTORE, V);
                bridge();
                mv.visitVarInsn(ILOAD, V);
                retired(k + 1);
                call("branch", "(II)I");
                loadRegister(ESP);
                push(4 + insn.target);
                mv.visitInsn(IADD);
                storeRegister(ESP);
                returnChained();
                return false;
            default:
                throw new IllegalStateException("no bytecode for " + insn);
        }
        if (insn.writesMemory()) {
            // A write into this region's own bytes: stop before the next instruction (it must be decoded anew).
            Label goOn = new Label();
            bridge();
            mv.visitFieldInsn(GETFIELD, BRIDGE, "bail", "Z");
            mv.visitJumpInsn(IFEQ, goOn);
            exit(insn.next, k + 1);
            mv.visitLabel(goOn);
        }
        return true;
    }

    /**
     * A string instruction without REP, as the interpreter's: its reads and write first (a fault changes nothing),
     * then ESI and/or EDI move by the operand size, down when DF is set; a compare records CMP's flags.
     */
    private void string(int op, Operand dst, Operand src) {
        int size = src.size;
        if (Insn.isStringCompare(op)) {
            load(dst);
            mv.visitVarInsn(ISTORE, A);
            load(src);
            mv.visitVarInsn(ISTORE, B);
            defer(5, size); // CMP's flags
        } else {
            if (dst.isMemory()) {
                address(dst);
                mv.visitVarInsn(ISTORE, ADDR);
            }
            load(src);
            mv.visitVarInsn(ISTORE, V);
            store(dst);
        }
        bridge();
        call("direction", "()I");
        if (size != 8) {
            push(size == 16 ? 1 : 2);
            mv.visitInsn(ISHL);
        }
        mv.visitVarInsn(ISTORE, W);
        if (op != 0xAA && op != 0xAB && op != 0xAE && op != 0xAF) { // all but STOS and SCAS read at ESI
            loadRegister(ESI);
            mv.visitVarInsn(ILOAD, W);
            mv.visitInsn(IADD);
            storeRegister(ESI);
        }
        if (op != 0xAC && op != 0xAD) { // all but LODS go through EDI
            loadRegister(EDI);
            mv.visitVarInsn(ILOAD, W);
            mv.visitInsn(IADD);
            storeRegister(EDI);
        }
    }

    /**
     * A read-modify-write of memory: the flags are saved first (a fault in the write puts them back) and the
     * address is computed once, into ADDR. False for a register destination.
     */
    private boolean readModifyWrite(Operand dst, boolean writes) {
        if (!dst.isMemory()) {
            return false;
        }
        address(dst);
        mv.visitVarInsn(ISTORE, ADDR);
        if (writes) {
            materialize(); // what is saved must be the flags before the instruction
            bridge();
            call("saveFlags", "()V");
        }
        return writes;
    }

    /**
     * Jumps to {@code no} unless condition {@code cc} holds: computed from the deferred operation's operands and
     * result when it can be (see {@link #inlineCondition}), else the Alu's (the deferred flags recorded first).
     */
    private void condition(int cc, Label no) {
        if (pending >= 0 && inlineCondition(cc, no)) {
            return;
        }
        materialize();
        bridge();
        push(cc);
        call("condition", "(I)Z");
        mv.visitJumpInsn(IFEQ, no);
    }

    /**
     * Jumps to {@code no} unless condition {@code cc} holds, computed from the deferred operation (operands FA, FB,
     * result FV, masked to its size; shifted left to bit 31 where a sign matters): CMP/SUB compares the operands;
     * logic operations have CF = OF = 0; ADD, INC, DEC, the shifts and IMUL give ZF and SF from the result and ADD its CF.
     * False (and
     * nothing written) for PF (cc 10, 11) and the rest.
     */
    private boolean inlineCondition(int cc, Label no) {
        int op = pending;
        if (cc == 10 || cc == 11) {
            return false;
        }
        if (op == 5) {
            switch (cc) {
                case 0: case 1: // OF: the operands' signs differ and the result's differs from the first's
                    signed(FA);
                    signed(FB);
                    mv.visitInsn(IXOR);
                    signed(FA);
                    signed(FV);
                    mv.visitInsn(IXOR);
                    mv.visitInsn(IAND);
                    mv.visitJumpInsn(cc == 0 ? IFGE : IFLT, no);
                    return true;
                case 8: case 9:
                    signed(FV);
                    mv.visitJumpInsn(cc == 8 ? IFGE : IFLT, no);
                    return true;
                default:
                    break;
            }
            boolean unsigned = cc < 8;
            signed(FA);
            if (unsigned) {
                push(0x80000000);
                mv.visitInsn(IXOR);
            }
            signed(FB);
            if (unsigned) {
                push(0x80000000);
                mv.visitInsn(IXOR);
            }
            int jumpIfFalse;
            switch (cc) {
                case 2: case 12: jumpIfFalse = IF_ICMPGE; break;  // B, L: a < b
                case 3: case 13: jumpIfFalse = IF_ICMPLT; break;  // AE, GE
                case 4: jumpIfFalse = IF_ICMPNE; break;           // E
                case 5: jumpIfFalse = IF_ICMPEQ; break;           // NE
                case 6: case 14: jumpIfFalse = IF_ICMPGT; break;  // BE, LE
                default: jumpIfFalse = IF_ICMPLE; break;          // A, G
            }
            mv.visitJumpInsn(jumpIfFalse, no);
            return true;
        }
        if (op == 1 || op == 4 || op == 6) {
            // CF = OF = 0: O and B never, NO and AE always; BE/E on ZF; A/NE on !ZF; L/S on SF; LE on ZF or SF.
            switch (cc) {
                case 0: case 2: mv.visitJumpInsn(GOTO, no); return true;
                case 1: case 3: return true;
                default: break;
            }
            signed(FV);
            int jumpIfFalse;
            switch (cc) {
                case 4: case 6: jumpIfFalse = IFNE; break;
                case 5: case 7: jumpIfFalse = IFEQ; break;
                case 8: case 12: jumpIfFalse = IFGE; break;
                case 9: case 13: jumpIfFalse = IFLT; break;
                case 14: jumpIfFalse = IFGT; break;
                default: jumpIfFalse = IFLE; break; // 15: G
            }
            mv.visitJumpInsn(jumpIfFalse, no);
            return true;
        }
        // ADD, INC, DEC, SHL, SHR, SAR, IMUL: ZF and SF from the result; ADD's CF is a carry out of the first operand.
        switch (cc) {
            case 4: case 5:
                mv.visitVarInsn(ILOAD, FV);
                mv.visitJumpInsn(cc == 4 ? IFNE : IFEQ, no);
                return true;
            case 8: case 9:
                signed(FV);
                mv.visitJumpInsn(cc == 8 ? IFGE : IFLT, no);
                return true;
            case 2: case 3:
                if (op != 0) {
                    return false;
                }
                unsignedLess(FV, FA);
                mv.visitJumpInsn(cc == 2 ? IFEQ : IFNE, no);
                return true;
            default:
                return false;
        }
    }

    /** Pushes local {@code local} (a value masked to the deferred operation's size) with its sign bit at bit 31. */
    private void signed(int local) {
        mv.visitVarInsn(ILOAD, local);
        if (pendingSize != 32) {
            push(32 - pendingSize);
            mv.visitInsn(ISHL);
        }
    }

    /** Pushes 1 if local {@code a} is below local {@code b} unsigned, else 0. */
    private void unsignedLess(int a, int b) {
        Label no = new Label();
        Label done = new Label();
        mv.visitVarInsn(ILOAD, a);
        push(0x80000000);
        mv.visitInsn(IXOR);
        mv.visitVarInsn(ILOAD, b);
        push(0x80000000);
        mv.visitInsn(IXOR);
        mv.visitJumpInsn(IF_ICMPGE, no);
        push(1);
        mv.visitJumpInsn(GOTO, done);
        mv.visitLabel(no);
        push(0);
        mv.visitLabel(done);
    }

    // ---- Deferred flags --------------------------------------------------------------------------------------

    /**
     * Pushes the result of ADD/OR/AND/SUB/XOR ({@code op} as in group 1) on locals A and B, or of INC/DEC
     * ({@link JitBridge#INC_OP}, {@link JitBridge#DEC_OP}) on A, masked to {@code size}.
     */
    private void compute(int op, int size) {
        mv.visitVarInsn(ILOAD, A);
        if (op == JitBridge.INC_OP || op == JitBridge.DEC_OP) {
            push(1);
            mv.visitInsn(op == JitBridge.INC_OP ? IADD : ISUB);
        } else if (op == JitBridge.IMUL_OP) {
            mv.visitVarInsn(ILOAD, B);
            mv.visitInsn(IMUL);
        } else if (op >= JitBridge.SHL_OP) {
            mv.visitVarInsn(ILOAD, B);
            mv.visitInsn(op == JitBridge.SHL_OP ? ISHL : op == JitBridge.SHR_OP ? IUSHR : ISHR);
        } else {
            mv.visitVarInsn(ILOAD, B);
            mv.visitInsn(ALU_OPCODES[op]);
        }
        if (size != 32) {
            push(mask(size));
            mv.visitInsn(IAND);
        }
    }

    /**
     * The flags are now those of {@code op} (ADD OR AND SUB XOR on A and B, INC/DEC on A) at {@code size}, not
     * recorded: its code into PENDING (an INC/DEC's with the CF before it when the deferred operation before it
     * gives it), the operands masked into FA and FB, the result into FV. Written after the instruction's last access
     * that may fault (a fault then finds the flags before it).
     */
    private void defer(int op, int size) {
        boolean incDec = op == JitBridge.INC_OP || op == JitBridge.DEC_OP;
        // (before an INC/DEC the deferred operation is nothing, group 1's, or another INC/DEC: see the caller)
        boolean carries = incDec && pending >= 0 && (pending < JitBridge.INC_OP || pendingCarries);
        push(JitBridge.pending(op, size) | (carries ? JitBridge.CARRY_KNOWN : 0));
        if (carries) {
            // The carry the deferred operation before this INC/DEC leaves (from the locals it left).
            switch (pending) {
                case 0: // ADD: the result wrapped
                    unsignedLess(FV, FA);
                    break;
                case 5: // SUB: a borrow
                    unsignedLess(FA, FB);
                    break;
                case JitBridge.INC_OP: case JitBridge.DEC_OP:
                    mv.visitVarInsn(ILOAD, PENDING);
                    push(JitBridge.CARRY_SHIFT);
                    mv.visitInsn(IUSHR);
                    push(1);
                    mv.visitInsn(IAND);
                    break;
                default: // logic operations clear CF
                    push(0);
                    break;
            }
            push(JitBridge.CARRY_SHIFT);
            mv.visitInsn(ISHL);
            mv.visitInsn(IOR);
        }
        mv.visitVarInsn(ISTORE, PENDING);
        compute(op, size);
        mv.visitVarInsn(ISTORE, FV);
        mv.visitVarInsn(ILOAD, A);
        if (size != 32) {
            push(mask(size));
            mv.visitInsn(IAND);
        }
        mv.visitVarInsn(ISTORE, FA);
        if (!incDec) {
            mv.visitVarInsn(ILOAD, B);
            if (size != 32) {
                push(mask(size));
                mv.visitInsn(IAND);
            }
            mv.visitVarInsn(ISTORE, FB);
        }
        pending = op;
        pendingSize = size;
        pendingCarries = carries;
    }

    /** Records the deferred operation's flags in the Alu (something may read them): from here on none is. */
    private void materialize() {
        recordPending();
        pending = NOTHING;
    }

    /**
     * Writes the recording of the deferred operation's flags (if any; at a join, if PENDING says so) without
     * changing what is known here: for a side exit, after which the straight-line code goes on with them deferred.
     */
    private void recordPending() {
        if (pending == NOTHING) {
            return;
        }
        Label none = new Label();
        if (pending == UNKNOWN) {
            mv.visitVarInsn(ILOAD, PENDING);
            mv.visitJumpInsn(IFEQ, none);
        }
        bridge();
        mv.visitVarInsn(ILOAD, PENDING);
        mv.visitVarInsn(ILOAD, FA);
        mv.visitVarInsn(ILOAD, FB);
        call("materialize", "(III)V");
        push(0);
        mv.visitVarInsn(ISTORE, PENDING);
        mv.visitLabel(none);
    }

    /** An instruction that sets every flag without reading any ran: the deferred operation's flags are dead. */
    private void kill() {
        if (pending != NOTHING) {
            push(0);
            mv.visitVarInsn(ISTORE, PENDING);
            pending = NOTHING;
        }
    }

    // ---- Operands ------------------------------------------------------------------------------------------

    /** Pushes the operand's value (zero-extended for 8 and 16 bits); a memory operand's address is computed. */
    private void load(Operand o) {
        load(o, false);
    }

    /** As {@link #load}, a memory operand read at ADDR (a read-modify-write computed it). */
    private void loadDestination(Operand o) {
        load(o, true);
    }

    private void load(Operand o, boolean atAddr) {
        switch (o.type) {
            case Operand.IMMEDIATE:
                push(o.value);
                return;
            case Operand.REGISTER:
                if (o.size == 32) {
                    loadRegister(o.register);
                } else if (o.size == 16) {
                    loadRegister(o.register);
                    push(0xFFFF);
                    mv.visitInsn(IAND);
                } else {
                    loadRegister(o.register & 3);
                    if (o.register >= 4) {
                        push(8);
                        mv.visitInsn(IUSHR);
                    }
                    push(0xFF);
                    mv.visitInsn(IAND);
                }
                return;
            default:
                int offset = ADDR;
                if (!atAddr) {
                    address(o);
                    mv.visitVarInsn(ISTORE, OFF);
                    offset = OFF;
                }
                readMemory(o.segment, offset, o.size);
        }
    }

    /**
     * Pushes the {@code size}-bit value at segment register {@code segment} : local {@code offset}: Executor.read
     * and Mmu.read's fast path inline (flat segment, TLB hit for this privilege, aligned), else the bridge's
     * accessor, which does everything else (limits, the walk, faults, MMIO, unaligned and page-crossing reads).
     */
    private void readMemory(int segment, int offset, int size) {
        Label slow = new Label();
        Label done = new Label();
        translate(segment, offset, size, FASTR, RTLB, slow);
        mv.visitVarInsn(ALOAD, RAM);
        mv.visitVarInsn(ILOAD, PA);
        push(2);
        mv.visitInsn(IUSHR);
        mv.visitInsn(IALOAD);
        if (size != 32) {
            mv.visitVarInsn(ILOAD, PA);
            push(3);
            mv.visitInsn(IAND);
            push(3);
            mv.visitInsn(ISHL);
            mv.visitInsn(IUSHR);
            push(mask(size));
            mv.visitInsn(IAND);
        }
        mv.visitJumpInsn(GOTO, done);
        mv.visitLabel(slow);
        if (leaveForSlowAccess()) {
            mv.visitLabel(done);
            return;
        }
        bridge();
        push(segment);
        mv.visitVarInsn(ILOAD, offset);
        call(size == 8 ? "read8" : size == 16 ? "read16" : "read32", "(II)I");
        mv.visitLabel(done);
    }

    /**
     * The fast path's checks: jumps to {@code slow} unless the segment needs no check, the TLB ({@code tlb}) has
     * the page for this privilege and the access is aligned (so within one page and one RAM word); else leaves the
     * physical address in PA.
     */
    private void translate(int segment, int offset, int size, int flags, int tlb, Label slow) {
        if (flat(segment)) {
            mv.visitVarInsn(ILOAD, offset); // checked flat at entry: no limit or type checks, base 0
        } else {
            mv.visitVarInsn(ILOAD, (flags == FASTR ? SEG_READ : SEG_WRITE) + segment);
            mv.visitJumpInsn(IFEQ, slow);
            mv.visitVarInsn(ILOAD, SEG_BASE + segment);
            mv.visitVarInsn(ILOAD, offset);
            mv.visitInsn(IADD);
        }
        mv.visitVarInsn(ISTORE, LIN);
        if (size != 8) {
            mv.visitVarInsn(ILOAD, LIN);
            push(size / 8 - 1);
            mv.visitInsn(IAND);
            mv.visitJumpInsn(IFNE, slow);
        }
        mv.visitVarInsn(ALOAD, tlb);
        mv.visitVarInsn(ILOAD, LIN);
        push(12);
        mv.visitInsn(IUSHR);
        mv.visitInsn(IALOAD);
        mv.visitInsn(DUP);
        mv.visitVarInsn(ISTORE, TLBE);
        mv.visitVarInsn(ILOAD, BIT);
        mv.visitInsn(IAND);
        mv.visitJumpInsn(IFEQ, slow);
        mv.visitVarInsn(ILOAD, TLBE);
        push(~0xFFF);
        mv.visitInsn(IAND);
        mv.visitVarInsn(ILOAD, LIN);
        mv.visitInsn(IXOR);
        mv.visitVarInsn(ISTORE, PA);
    }

    /**
     * Writes V at segment register {@code segment} : ADDR: the fast path inline as for reads, and only where the
     * page holds no code a cache depends on (a write there goes through the bridge, which tells the caches).
     */
    private void writeMemory(int segment, int size) {
        Label slow = new Label();
        Label done = new Label();
        translate(segment, ADDR, size, FASTW, WTLB, slow);
        mv.visitVarInsn(ALOAD, CODEPAGES);
        mv.visitVarInsn(ILOAD, PA);
        push(12);
        mv.visitInsn(IUSHR);
        mv.visitInsn(BALOAD);
        mv.visitJumpInsn(IFNE, slow);
        mv.visitVarInsn(ALOAD, RAM);
        mv.visitVarInsn(ILOAD, PA);
        push(2);
        mv.visitInsn(IUSHR);
        if (size == 32) {
            mv.visitVarInsn(ILOAD, V);
        } else {
            // ram[i] = ram[i] & ~(mask << s) | (V & mask) << s, s = (PA & 3) * 8
            mv.visitInsn(DUP2);
            mv.visitInsn(IALOAD);
            push(mask(size));
            shiftByByteOfPa();
            push(-1);
            mv.visitInsn(IXOR);
            mv.visitInsn(IAND);
            mv.visitVarInsn(ILOAD, V);
            push(mask(size));
            mv.visitInsn(IAND);
            shiftByByteOfPa();
            mv.visitInsn(IOR);
        }
        mv.visitInsn(IASTORE);
        mv.visitJumpInsn(GOTO, done);
        mv.visitLabel(slow);
        if (leaveForSlowAccess()) {
            mv.visitLabel(done);
            return;
        }
        bridge();
        push(segment);
        mv.visitVarInsn(ILOAD, ADDR);
        mv.visitVarInsn(ILOAD, V);
        call(size == 8 ? "write8" : size == 16 ? "write16" : "write32", "(III)V");
        mv.visitLabel(done);
    }

    /**
     * The slow path of a memory access (not RAM through the TLB for this privilege, unaligned, a page with code, a
     * segment needing checks): when the instruction has changed nothing yet, the region leaves before it and the
     * interpreter runs it, so that region code calls nothing on its hot path (a value live across a call lives in
     * the stack frame: HotSpot's calls preserve no register). True if written; else the caller calls the bridge.
     */
    private boolean leaveForSlowAccess() {
        if (!SLOW_EXITS || changed) {
            return false;
        }
        handOver();
        bridge();
        eip(currentStart);
        retired(currentK);
        call("exit", "(II)I");
        mv.visitInsn(IRETURN);
        return true;
    }

    /**
     * {@code -Dnodeos.jit.slowcalls=true} calls the bridge on every slow path instead (the code before this exit
     * existed), so the two can be measured against each other; the README's switches list it.
     */
    private static final boolean SLOW_EXITS = !Boolean.getBoolean("nodeos.jit.slowcalls");

    /** Shifts the int on the stack left by (PA & 3) * 8. */
    private void shiftByByteOfPa() {
        mv.visitVarInsn(ILOAD, PA);
        push(3);
        mv.visitInsn(IAND);
        push(3);
        mv.visitInsn(ISHL);
        mv.visitInsn(ISHL);
    }

    /**
     * PUSH of local V on the guest's 32-bit stack, as the interpreter's push32: written below ESP through memory's
     * fast path, then ESP moved (unchanged if the write faults).
     */
    private void guestPush() {
        loadRegister(ESP);
        push(4);
        mv.visitInsn(ISUB);
        mv.visitVarInsn(ISTORE, ADDR);
        writeMemory(SS, 32);
        mv.visitVarInsn(ILOAD, ADDR);
        storeRegister(ESP);
    }

    /** Pushes the dword at SS:ESP (ESP unchanged). */
    private void pop() {
        loadRegister(ESP);
        mv.visitVarInsn(ISTORE, OFF);
        readMemory(SS, OFF, 32);
    }

    /** Some native instruction has a memory operand (its segment's fast-path state is kept in locals). */
    private boolean usesMemory() {
        for (boolean used : segmentUsed) {
            if (used) {
                return true;
            }
        }
        return false;
    }

    /**
     * ES, SS and DS: a region's accesses through them assume them flat (readable, writable, no limit, base 0), as in
     * all 32-bit code Linux runs; the others (FS, GS: per-CPU data and thread-local storage, with bases) and CS are
     * checked per access.
     */
    private static boolean flat(int segment) {
        return segment == 0 || segment == SS || segment == 3;
    }

    /**
     * Writes {@code leave} for when the segments are not as the native instructions were compiled for: a 32-bit
     * stack (SS's B bit; as good as always in 32-bit code) when they use the stack, and ES, SS and DS flat (see
     * {@link #flat}) when they access memory through them.
     */
    private void leaveUnlessSegmentsAsCompiled(Runnable leave) {
        boolean flatUsed = segmentUsed[0] || segmentUsed[SS] || segmentUsed[3];
        if (!usesStack && !flatUsed) {
            return;
        }
        Label holds = new Label();
        Label fails = new Label();
        if (usesStack) {
            bridge();
            call("stack32", "()Z");
            mv.visitJumpInsn(IFEQ, fails);
        }
        flatSegmentsCheck(fails);
        mv.visitJumpInsn(GOTO, holds);
        mv.visitLabel(fails);
        leave.run();
        mv.visitLabel(holds);
    }

    /** Jumps to {@code notFlat} unless every flat segment the region uses is flat now (see {@link #flat}). */
    private void flatSegmentsCheck(Label notFlat) {
        for (int seg = 0; seg < 6; seg++) {
            if (!segmentUsed[seg] || !flat(seg)) {
                continue;
            }
            mv.visitVarInsn(ALOAD, FASTR);
            push(seg);
            mv.visitInsn(BALOAD);
            mv.visitVarInsn(ALOAD, FASTW);
            push(seg);
            mv.visitInsn(BALOAD);
            mv.visitInsn(IAND);
            mv.visitJumpInsn(IFEQ, notFlat);
            mv.visitVarInsn(ALOAD, SEGBASE);
            push(seg);
            mv.visitInsn(IALOAD);
            mv.visitJumpInsn(IFNE, notFlat);
        }
    }

    /** The privilege bit and the used segments' fast-path flags and bases, into their locals. */
    private void loadFastPathState() {
        if (!usesMemory()) {
            return;
        }
        loadPrivilegeBit();
        for (int seg = 0; seg < 6; seg++) {
            if (!segmentUsed[seg] || flat(seg)) {
                continue;
            }
            mv.visitVarInsn(ALOAD, FASTR);
            push(seg);
            mv.visitInsn(BALOAD);
            mv.visitVarInsn(ISTORE, SEG_READ + seg);
            mv.visitVarInsn(ALOAD, FASTW);
            push(seg);
            mv.visitInsn(BALOAD);
            mv.visitVarInsn(ISTORE, SEG_WRITE + seg);
            mv.visitVarInsn(ALOAD, SEGBASE);
            push(seg);
            mv.visitInsn(IALOAD);
            mv.visitVarInsn(ISTORE, SEG_BASE + seg);
        }
    }

    private void loadPrivilegeBit() {
        bridge();
        call("privilegeBit", "()I");
        mv.visitVarInsn(ISTORE, BIT);
    }

    /**
     * Stores local {@code a} into {@code dst} and local {@code b} into register {@code other}: a memory destination
     * first (it may fault: nothing has changed then), a register one last (it may be {@code other}'s register).
     */
    private void storeBoth(int a, Operand dst, int b, Operand other) {
        if (dst.isMemory()) {
            storeFrom(a, dst);
        }
        storeFrom(b, other);
        if (!dst.isMemory()) {
            storeFrom(a, dst);
        }
    }

    /** Stores local {@code local} into the operand (through V; memory at ADDR). */
    private void storeFrom(int local, Operand o) {
        mv.visitVarInsn(ILOAD, local);
        mv.visitVarInsn(ISTORE, V);
        store(o);
    }

    /** Stores V into the operand (memory at ADDR). */
    private void store(Operand o) {
        if (o.isRegister()) {
            if (o.size == 32) {
                mv.visitVarInsn(ILOAD, V);
                storeRegister(o.register);
                return;
            }
            if (o.size == 16) {
                loadRegister(o.register);
                push(0xFFFF0000);
                mv.visitInsn(IAND);
                mv.visitVarInsn(ILOAD, V);
                push(0xFFFF);
                mv.visitInsn(IAND);
                mv.visitInsn(IOR);
                storeRegister(o.register);
                return;
            }
            int r = o.register & 3;
            boolean high = o.register >= 4;
            loadRegister(r);
            push(high ? ~0xFF00 : ~0xFF);
            mv.visitInsn(IAND);
            mv.visitVarInsn(ILOAD, V);
            push(0xFF);
            mv.visitInsn(IAND);
            if (high) {
                push(8);
                mv.visitInsn(ISHL);
            }
            mv.visitInsn(IOR);
            storeRegister(r);
            return;
        }
        writeMemory(o.segment, o.size);
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
                push(o.scale);
                mv.visitInsn(ISHL);
            }
            if (any) {
                mv.visitInsn(IADD);
            }
            any = true;
        }
        if (!any) {
            push(o.value);
        } else if (o.value != 0) {
            push(o.value);
            mv.visitInsn(IADD);
        }
    }

    private void loadRegister(int r) {
        mv.visitVarInsn(ILOAD, REGISTER_LOCALS + r);
    }

    /** Pops the value on the stack into register {@code r}'s local. */
    private void storeRegister(int r) {
        mv.visitVarInsn(ISTORE, REGISTER_LOCALS + r);
        dirty[r] = true;
        changed = true;
    }

    private void reload(int r) {
        bridge();
        mv.visitFieldInsn(GETFIELD, BRIDGE, "reg", "[I");
        push(r);
        mv.visitInsn(IALOAD);
        mv.visitVarInsn(ISTORE, REGISTER_LOCALS + r);
    }

    private void writeBack(int r) {
        bridge();
        mv.visitFieldInsn(GETFIELD, BRIDGE, "reg", "[I");
        push(r);
        mv.visitVarInsn(ILOAD, REGISTER_LOCALS + r);
        mv.visitInsn(IASTORE);
    }

    /**
     * Before leaving for the interpreter: the registers and the deferred flags written where it reads them, in one
     * call ({@code JitBridge.carried}; the code's own state here unchanged, as a side exit's straight-line code goes
     * on). One call rather than eight array stores and the flags' own call keeps each exit small for C1.
     */
    private void handOver() {
        boolean anyDirty = false;
        for (boolean d : dirty) {
            anyDirty |= d;
        }
        if (!anyDirty && pending == NOTHING) {
            return;
        }
        bridge();
        pushCarried();
        call("carried", "(IIIIIIIIIII)V");
    }

    /** Pushes what one region carries to the next: EAX..EDI, the deferred flags' code (0: none) and operands. */
    private void pushCarried() {
        for (int r = 0; r < 8; r++) {
            loadRegister(r);
        }
        if (pending == NOTHING) {
            push(0);
        } else {
            mv.visitVarInsn(ILOAD, PENDING);
        }
        mv.visitVarInsn(ILOAD, FA);
        mv.visitVarInsn(ILOAD, FB);
    }

    /** Writes the dirty registers back to the array: from here on they are clean. */
    private void flush() {
        for (int r = 0; r < 8; r++) {
            if (dirty[r]) {
                writeBack(r);
                dirty[r] = false;
            }
        }
    }

    /** Finds the segment registers the native instructions' memory operands name, and whether they use the stack. */
    private void findStackAndSegments() {
        for (Insn insn : region.instructions) {
            if (!insn.isNative()) {
                continue;
            }
            markSegment(insn.dst);
            markSegment(insn.src);
            switch (insn.kind) {
                case Insn.PUSH: case Insn.POP: case Insn.CALL: case Insn.CALL_INDIRECT: case Insn.RET: case Insn.LEAVE:
                    segmentUsed[SS] = true;
                    usesStack = true;
                    break;
                default:
                    break;
            }
        }
    }

    private void markSegment(Operand o) {
        if (o != null && o.isMemory()) {
            segmentUsed[o.segment] = true;
        }
    }

    // ---- Small pieces --------------------------------------------------------------------------------------

    /** Leaves the region at the entry's EIP + {@code delta} having retired {@code retired}. */
    private void exit(int delta, int retired) {
        exit(delta, retired, false);
    }

    /** As {@link #exit(int, int)}; {@code chain}: the next region may run straight on (see returnChained). */
    private void exit(int delta, int retired, boolean chain) {
        if (!chain) {
            handOver();
        }
        bridge();
        eip(delta);
        retired(retired);
        call("exit", "(II)I");
        if (chain) {
            returnChained(delta);
        } else {
            mv.visitInsn(IRETURN);
        }
    }

    /**
     * Returns the instructions retired (on the stack, EIP set) plus those of the compiled region at EIP, run from
     * here when {@code JitBridge.next} gives one (chaining: no return to the run loop; this call site sees the
     * same few successors, so HotSpot's inline cache makes it a direct call).
     */
    private void returnChained() {
        returnChained(NO_TARGET);
    }

    /**
     * As {@link #returnChained()} for a jump to the entry's EIP + {@code target}: when that lies in the entry's
     * page (so at a fixed physical address) the region found there is kept in a field of this class, and the next
     * time taken without a look-up while it stands ({@code JitBridge.linked}).
     */
    private void returnChained(int target) {
        int offset = region.physicalAddress() & 0xFFF;
        boolean samePage = target != NO_TARGET && offset + target >= 0 && offset + target < 0x1000;
        // Every exit keeps the region it took last in a field of its own: within the page it stands while it is
        // not dropped (JitBridge.linked); elsewhere it is taken when the new EIP leads to its entry again
        // (JitBridge.nextKnown), which spares the code cache's look-up.
        String field = "link" + links++;
        cw.visitField(ACC_PRIVATE, field, "L" + SUPER + ";", null, null).visitEnd();
        mv.visitVarInsn(ISTORE, V);
        Label lookUp = new Label();
        Label found = new Label();
        mv.visitVarInsn(ALOAD, 0);
        mv.visitFieldInsn(GETFIELD, name, field, "L" + SUPER + ";");
        mv.visitVarInsn(ASTORE, NEXT);
        if (samePage) {
            mv.visitVarInsn(ALOAD, NEXT);
            mv.visitJumpInsn(IFNULL, lookUp);
            bridge();
            mv.visitVarInsn(ALOAD, NEXT);
            mv.visitVarInsn(ILOAD, V);
            mv.visitVarInsn(ILOAD, BUDGET);
            call("linked", "(L" + SUPER + ";II)L" + SUPER + ";");
            mv.visitJumpInsn(GOTO, found);
            mv.visitLabel(lookUp);
            bridge();
            mv.visitVarInsn(ILOAD, V);
            mv.visitVarInsn(ILOAD, BUDGET);
            call("next", "(II)L" + SUPER + ";");
        } else {
            bridge();
            mv.visitVarInsn(ALOAD, NEXT);
            mv.visitVarInsn(ILOAD, V);
            mv.visitVarInsn(ILOAD, BUDGET);
            call("nextKnown", "(L" + SUPER + ";II)L" + SUPER + ";");
        }
        mv.visitLabel(found);
        mv.visitVarInsn(ASTORE, NEXT);
        mv.visitVarInsn(ALOAD, NEXT);
        Label none = new Label();
        mv.visitJumpInsn(IFNULL, none);
        Label kept = new Label();
        mv.visitVarInsn(ALOAD, 0);
        mv.visitFieldInsn(GETFIELD, name, field, "L" + SUPER + ";");
        mv.visitVarInsn(ALOAD, NEXT);
        mv.visitJumpInsn(IF_ACMPEQ, kept); // (a reference store costs the GC's write barrier: only when it changes)
        mv.visitVarInsn(ALOAD, 0);
        mv.visitVarInsn(ALOAD, NEXT);
        mv.visitFieldInsn(PUTFIELD, name, field, "L" + SUPER + ";");
        mv.visitLabel(kept);
        mv.visitVarInsn(ILOAD, V);
        mv.visitVarInsn(ALOAD, NEXT);
        bridge();
        bridge();
        call("eip", "()I");
        mv.visitVarInsn(ILOAD, BUDGET);
        mv.visitVarInsn(ILOAD, V);
        mv.visitInsn(ISUB);
        // The registers and the deferred flags go on in the next region's parameters: nothing written back here.
        pushCarried();
        mv.visitMethodInsn(INVOKEVIRTUAL, SUPER, "chained", CHAINED, false);
        mv.visitInsn(IADD);
        mv.visitInsn(IRETURN);
        mv.visitLabel(none);
        // The chain ends here: the interpreter goes on and reads the CPU's registers and the Alu's flags.
        handOver();
        mv.visitVarInsn(ILOAD, V);
        mv.visitInsn(IRETURN);
    }

    /**
     * run(), the run loop's entry: the registers from the CPU's array, no flags deferred, into {@link #CHAINED}
     * chained(), which holds the code.
     */
    private void writeRun() {
        mv = cw.visitMethod(ACC_PUBLIC, "run", "(L" + BRIDGE + ";II)I", null, null);
        mv.visitCode();
        bridge();
        mv.visitFieldInsn(GETFIELD, BRIDGE, "reg", "[I");
        mv.visitVarInsn(ASTORE, REGISTER_LOCALS);
        mv.visitVarInsn(ALOAD, 0);
        bridge();
        mv.visitVarInsn(ILOAD, EIP0);
        mv.visitVarInsn(ILOAD, BUDGET);
        for (int r = 0; r < 8; r++) {
            mv.visitVarInsn(ALOAD, REGISTER_LOCALS);
            push(r);
            mv.visitInsn(IALOAD);
        }
        push(0);
        push(0);
        push(0);
        mv.visitMethodInsn(INVOKEVIRTUAL, name, "chained", CHAINED, false);
        mv.visitInsn(IRETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
    }

    /** Pushes the instructions retired when {@code k} of this turn have: DONE + k. */
    private void retired(int k) {
        push(k);
        if (loops) {
            mv.visitVarInsn(ILOAD, DONE);
            mv.visitInsn(IADD);
        }
    }

    /**
     * A jump from instruction {@code k} to instruction {@code t} of this region: DONE += k + 1 - t (the static
     * index at t then counts what retired), and the jump; a jump backward only if another pass fits in the budget
     * (no pass from t retires more than the region's length), else it leaves at t's EIP. Registers stay in their
     * locals.
     */
    private void jumpInside(int k, int t) {
        if (k + 1 != t) {
            mv.visitVarInsn(ILOAD, DONE);
            push(k + 1 - t);
            mv.visitInsn(IADD);
            mv.visitVarInsn(ISTORE, DONE);
        }
        if (t > k) {
            mv.visitJumpInsn(GOTO, joins[t]);
            return;
        }
        mv.visitVarInsn(ILOAD, DONE);
        push(region.instructions.size());
        mv.visitInsn(IADD);
        mv.visitVarInsn(ILOAD, BUDGET);
        mv.visitJumpInsn(IF_ICMPLE, joins[t]);
        handOver();
        bridge();
        eip(region.instructions.get(t).start);
        retired(t);
        call("exit", "(II)I");
        mv.visitInsn(IRETURN);
    }

    private void setAt(int at) {
        push(at);
        mv.visitVarInsn(ISTORE, AT);
    }

    private void eip(int delta) {
        mv.visitVarInsn(ILOAD, EIP0);
        if (delta != 0) {
            push(delta);
            mv.visitInsn(IADD);
        }
    }

    private void bridge() {
        mv.visitVarInsn(ALOAD, C);
    }

    private void call(String name, String descriptor) {
        mv.visitMethodInsn(INVOKEVIRTUAL, BRIDGE, name, descriptor, false);
    }

    private static int mask(int size) {
        return size == 8 ? 0xFF : size == 16 ? 0xFFFF : -1;
    }

    private void push(int v) {
        if (v >= -1 && v <= 5) {
            mv.visitInsn(ICONST_0 + v);
        } else if (v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE) {
            mv.visitIntInsn(BIPUSH, v);
        } else if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) {
            mv.visitIntInsn(SIPUSH, v);
        } else {
            mv.visitLdcInsn(v);
        }
    }
}
