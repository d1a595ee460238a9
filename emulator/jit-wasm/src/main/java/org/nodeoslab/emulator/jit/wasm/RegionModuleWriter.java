package org.nodeoslab.emulator.jit.wasm;

import static org.nodeoslab.emulator.jit.wasm.WasmCode.*;

import org.nodeoslab.emulator.cpu.jit.Insn;
import org.nodeoslab.emulator.cpu.jit.Operand;
import org.nodeoslab.emulator.cpu.jit.Region;

/**
 * Writes the module of one region: {@code run(entryEip, budget)} holds its instructions as straight-line wasm, with
 * the same semantics as the JVM back end's bytecode. Memory, the stack and flags go through {@link WasmImports}'
 * helpers (the interpreter's own accessors and lazy-flag ALU), except the condition of a Jcc/SETcc/CMOVcc right after
 * a 32-bit CMP/SUB or logic operation, compared from the operands directly. Instructions the IR leaves to the
 * interpreter are run by it through the {@code interpret} helper.
 *
 * <p>Guest registers live in wasm locals while the region runs (a helper call costs ~2 ns in a browser, a local
 * nothing). Each register is STALE (the CPU's array holds it; loaded on first use), CLEAN or DIRTY (the local is
 * newer, written back before anything that reads the array: the interpreter, the stack helpers, an exit). A fault
 * in a memory helper comes back as a value: the code then jumps to one fault block that writes back the registers
 * dirty at that point (named in {@code at}) and lets {@link WasmHelpers#fault} deliver it; the locals hold the
 * registers as they were before the faulting instruction, since every native instruction writes its registers
 * after its last access that may fault.
 */
final class RegionModuleWriter {
    // Locals: the two parameters, then i32 temporaries, the eight registers, and one i64.
    private static final int ENTRY = 0, BUDGET = 1, AT = 2, A = 3, B = 4, V = 5, ADDR = 6, W = 7, DONE = 8,
            STATUS = 9, RESULT = 10, REGISTERS = 11, T = 19;
    private static final int I32_LOCALS = 17, I64_LOCALS = 1;
    private static final int ESP = 4;

    private static final int STALE = 0, CLEAN = 1, DIRTY = 2;
    /** Flags the previous instruction left, as far as a condition may be read from the locals directly. */
    private static final int FLAGS_OTHER = 0, FLAGS_COMPARE = 1, FLAGS_LOGIC = 2;

    /** The helper of each group-1 operation (ADD OR ADC SBB AND SUB XOR CMP). */
    private static final WasmImports.Import[] ALU = {WasmImports.ADD, WasmImports.OR, WasmImports.ADC,
        WasmImports.SBB, WasmImports.AND, WasmImports.SUB, WasmImports.XOR, WasmImports.SUB};

    private final Region region;
    private final WasmCode code = new WasmCode();
    private int[] state = new int[8];
    /** Registers a native instruction names (bit r): loaded before the loop of a region that jumps to its entry. */
    private final int used;
    private final boolean loops;
    private int faultLabel;
    private int topLabel;
    private int previousFlags;

    // The instruction being written: its EIP delta, index, whether its flags were saved, whether it wrote memory.
    private int delta;
    private int index;
    private boolean flagsSaved;
    private boolean wrote;

    RegionModuleWriter(Region region) {
        this.region = region;
        boolean back = false;
        for (Insn insn : region.instructions) {
            back |= (insn.kind == Insn.JCC || insn.kind == Insn.JMP) && insn.target == 0;
        }
        this.loops = back;
        this.used = region.nativeRegisters();
    }

    byte[] write() {
        if (loops) {
            // Every turn starts with the used registers in locals; after a turn any of them may be newer.
            for (int r = 0; r < 8; r++) {
                if ((used & 1 << r) != 0) {
                    load(r);
                    state[r] = DIRTY;
                }
            }
        }
        faultLabel = code.block();
        topLabel = loops ? code.loop() : -1;
        int k = 0;
        boolean open = true;
        for (Insn insn : region.instructions) {
            open = instruction(insn, k++);
        }
        if (open) {
            exit(region.bytes, k);
        }
        if (loops) {
            code.end();
        }
        code.end();
        // The fault block: a native instruction's helper faulted; AT names it and the dirty registers.
        code.get(ENTRY).get(AT);
        for (int r = 0; r < 8; r++) {
            code.get(REGISTERS + r);
        }
        code.call(WasmImports.FAULT);
        if (loops) {
            code.get(DONE).op(I32_ADD);
        }
        code.ret();
        return WasmModuleWriter.module(code, I32_LOCALS, I64_LOCALS);
    }

    /** Writes one instruction (index {@code k}); false when it always leaves the region. */
    private boolean instruction(Insn insn, int k) {
        int flagsBefore = previousFlags;
        previousFlags = FLAGS_OTHER;
        delta = insn.start;
        index = k;
        flagsSaved = false;
        wrote = false;
        Operand dst = insn.dst;
        Operand src = insn.src;
        switch (insn.kind) {
            case Insn.INTERPRET:
                flush();
                eip(insn.start);
                eip(insn.next);
                code.i32(insn.word).i32(insn.form).i32(insn.displacement);
                retired(k);
                code.call(WasmImports.INTERPRET).tee(RESULT).i32(0).op(I32_GE_S);
                code.ifThen(VOID);
                code.get(RESULT).ret();
                code.end();
                for (int r = 0; r < 8; r++) {
                    state[r] = STALE; // the interpreter may have changed any of them
                }
                return true;
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
                readModifyWrite(dst, writes);
                load(dst, true);
                code.set(A);
                load(src, false);
                code.set(B);
                code.get(A).get(B).i32(mask(dst.size)).call(ALU[op]).set(V);
                if (writes) {
                    store(dst);
                }
                if (dst.size == 32) {
                    previousFlags = op == 5 || op == 7 ? FLAGS_COMPARE : op == 1 || op == 4 || op == 6 ? FLAGS_LOGIC
                            : FLAGS_OTHER;
                }
                break;
            }
            case Insn.INC: case Insn.DEC:
                readModifyWrite(dst, true);
                load(dst, true);
                code.i32(mask(dst.size)).call(insn.kind == Insn.INC ? WasmImports.INC : WasmImports.DEC).set(V);
                store(dst);
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
                store(dst);
                break;
            case Insn.PUSH:
                load(src, false);
                code.set(V);
                flushRegister(ESP);
                code.get(V).call(WasmImports.PUSH32);
                checkWrite();
                state[ESP] = STALE;
                break;
            case Insn.POP:
                flushRegister(ESP);
                code.call(WasmImports.POP32);
                checkRead();
                code.set(V);
                state[ESP] = STALE;
                store(dst);
                break;
            case Insn.CDQ:
                loadRegister(0);
                code.i32(31).op(I32_SHR_S);
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
                condition(insn.sub, flagsBefore);
                code.op(SELECT);
                storeRegister(dst.register);
                break;
            case Insn.SETCC:
                if (dst.isMemory()) {
                    address(dst);
                    code.set(ADDR);
                }
                condition(insn.sub, flagsBefore);
                code.set(V);
                store(dst);
                break;
            case Insn.JCC: {
                condition(insn.sub, flagsBefore);
                code.ifThen(VOID);
                int[] saved = state.clone();
                if (insn.target == 0) {
                    loopBack(k + 1);
                } else {
                    flush();
                    eip(insn.target);
                    retired(k + 1);
                    eip(insn.start);
                    code.call(WasmImports.BRANCH).ret();
                }
                state = saved;
                code.end();
                previousFlags = flagsBefore; // a Jcc reads flags, it does not change them
                return true;
            }
            case Insn.JMP:
                if (insn.target == 0) {
                    loopBack(k + 1);
                    return false;
                }
                flush();
                eip(insn.target);
                retired(k + 1);
                eip(insn.start);
                code.call(WasmImports.BRANCH).ret();
                return false;
            case Insn.JMP_INDIRECT:
                load(src, false);
                code.set(V);
                flush();
                code.get(V);
                retired(k + 1);
                eip(insn.start);
                code.call(WasmImports.BRANCH).ret();
                return false;
            case Insn.CALL: case Insn.CALL_INDIRECT:
                if (insn.kind == Insn.CALL) {
                    eip(insn.target);
                } else {
                    load(src, false);
                }
                code.set(V);
                flush();
                code.get(V);
                eip(insn.next);
                retired(k + 1);
                eip(insn.start);
                code.call(WasmImports.CALL).ret();
                return false;
            case Insn.RET:
                flush();
                code.i32(insn.target);
                retired(k + 1);
                eip(insn.start);
                code.call(WasmImports.RET).ret();
                return false;
            default:
                throw new IllegalStateException("no wasm for " + insn);
        }
        if (wrote) {
            // A write into this region's own bytes: stop before the next instruction (it must be decoded anew).
            code.get(STATUS);
            code.ifThen(VOID);
            int[] saved = state.clone();
            exit(insn.next, k + 1);
            state = saved;
            code.end();
        }
        return true;
    }

    private void shift(Insn insn, Operand dst, Operand src) {
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
        WasmImports.Import special = size != 32 ? null : op == 4 || op == 6 ? WasmImports.SHL32
                : op == 5 ? WasmImports.SHR32 : op == 7 ? WasmImports.SAR32 : null;
        if (special != null) {
            code.get(A).get(B).call(special);
        } else {
            code.i32(op).get(A).get(B).i32(size).call(WasmImports.SHIFT);
        }
        code.set(V);
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
     * Pushes 1 if condition {@code cc} holds, else 0. Right after a 32-bit CMP/SUB (operands in A and B) or logic
     * operation (result in V) the common conditions are compared directly.
     */
    private void condition(int cc, int flags) {
        if (flags == FLAGS_COMPARE && cc != 0 && cc != 1 && cc != 8 && cc != 9 && cc != 10 && cc != 11) {
            code.get(A).get(B);
            switch (cc) {
                case 2: code.op(I32_LT_U); return;
                case 3: code.op(I32_GE_U); return;
                case 4: code.op(I32_EQ); return;
                case 5: code.op(I32_NE); return;
                case 6: code.op(I32_LE_U); return;
                case 7: code.op(I32_GT_U); return;
                case 12: code.op(I32_LT_S); return;
                case 13: code.op(I32_GE_S); return;
                case 14: code.op(I32_LE_S); return;
                default: code.op(I32_GT_S); return; // 15: G
            }
        }
        if (flags == FLAGS_LOGIC && cc >= 2 && cc != 10 && cc != 11) {
            // CF = OF = 0: B never, AE always; BE/E on ZF; A/NE on !ZF; L/S on SF; LE on ZF or SF.
            switch (cc) {
                case 2: code.i32(0); return;
                case 3: code.i32(1); return;
                case 4: case 6: code.get(V).op(I32_EQZ); return;
                case 5: case 7: code.get(V).i32(0).op(I32_NE); return;
                case 8: case 12: code.get(V).i32(0).op(I32_LT_S); return;
                case 9: case 13: code.get(V).i32(0).op(I32_GE_S); return;
                case 14: code.get(V).i32(0).op(I32_LE_S); return;
                default: code.get(V).i32(0).op(I32_GT_S); return; // 15: G
            }
        }
        code.i32(cc).call(WasmImports.CONDITION);
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
                code.i32(o.segment);
                if (atAddr && o.isMemory()) {
                    code.get(ADDR);
                } else {
                    address(o);
                }
                code.call(o.size == 8 ? WasmImports.READ8 : o.size == 16 ? WasmImports.READ16 : WasmImports.READ32);
                checkRead();
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
        code.i32(o.segment).get(ADDR).get(V);
        code.call(o.size == 8 ? WasmImports.WRITE8 : o.size == 16 ? WasmImports.WRITE16 : WasmImports.WRITE32);
        checkWrite();
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
        wrote = true;
    }

    /** Branches to the fault block if the condition on the stack holds, naming this instruction and dirty registers. */
    private void faultIf() {
        code.i32(WasmHelpers.at(delta, index, flagsSaved, dirtyMask())).set(AT);
        code.brIf(faultLabel);
    }

    // ---- Registers -----------------------------------------------------------------------------------------

    private void loadRegister(int r) {
        load(r);
        code.get(REGISTERS + r);
    }

    /** Makes the local of register {@code r} hold it (reads the CPU's array if it is stale). */
    private void load(int r) {
        if (state[r] == STALE) {
            code.i32(r).call(WasmImports.REG).set(REGISTERS + r);
            state[r] = CLEAN;
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

    /** Writes the dirty registers back to the CPU's array (they stay in their locals, now clean). */
    private void flush() {
        int mask = dirtyMask();
        if (mask == 0) {
            return;
        }
        if (Integer.bitCount(mask) == 1) {
            flushRegister(Integer.numberOfTrailingZeros(mask));
            return;
        }
        code.i32(mask);
        for (int r = 0; r < 8; r++) {
            if (state[r] == DIRTY) {
                code.get(REGISTERS + r);
                state[r] = CLEAN;
            } else {
                code.i32(0);
            }
        }
        code.call(WasmImports.FLUSH);
    }

    private void flushRegister(int r) {
        if (state[r] == DIRTY) {
            code.i32(r).get(REGISTERS + r).call(WasmImports.SET_REG);
            state[r] = CLEAN;
        }
    }

    // ---- Small pieces --------------------------------------------------------------------------------------

    /** Leaves the region at the entry's EIP + {@code at} having retired {@code retired} (of this turn). */
    private void exit(int at, int retired) {
        flush();
        eip(at);
        retired(retired);
        code.call(WasmImports.EXIT).ret();
    }

    /** Pushes the instructions retired when {@code k} of this turn have: DONE + k. */
    private void retired(int k) {
        code.i32(k);
        if (loops) {
            code.get(DONE).op(I32_ADD);
        }
    }

    /**
     * A jump back to the entry after {@code k} instructions of this turn: DONE += k, and another turn if it fits in
     * the budget (no turn retires more than the region's length), else leave at the entry.
     */
    private void loopBack(int k) {
        code.get(DONE).i32(k).op(I32_ADD).set(DONE);
        code.get(DONE).i32(region.instructions.size()).op(I32_ADD).get(BUDGET).op(I32_LE_S);
        code.ifThen(VOID);
        int[] saved = state.clone();
        for (int r = 0; r < 8; r++) {
            if ((used & 1 << r) != 0) {
                load(r); // a turn starts with them in locals
            }
        }
        code.br(topLabel);
        state = saved;
        code.end();
        flush();
        eip(0);
        code.get(DONE).call(WasmImports.EXIT).ret();
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
