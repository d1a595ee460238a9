package org.nodeoslab.emulator.jit.wasm;

/**
 * The body of one wasm function, instruction by instruction (MVP opcodes and sign extension only). It counts the
 * open blocks so that a branch can name a label by the depth at which it was opened ({@link #depth()}).
 */
final class WasmCode {
    static final int BLOCK = 0x02, LOOP = 0x03, IF = 0x04, ELSE = 0x05, END = 0x0B, BR = 0x0C, BR_IF = 0x0D,
            BR_TABLE = 0x0E, RETURN = 0x0F, CALL = 0x10, CALL_INDIRECT = 0x11, DROP = 0x1A, SELECT = 0x1B, LOCAL_GET = 0x20, LOCAL_SET = 0x21, LOCAL_TEE = 0x22,
            I32_CONST = 0x41, I64_CONST = 0x42, I32_EQZ = 0x45, I32_EQ = 0x46, I32_NE = 0x47, I32_LT_S = 0x48,
            I32_LT_U = 0x49, I32_GT_S = 0x4A, I32_GT_U = 0x4B, I32_LE_S = 0x4C, I32_LE_U = 0x4D, I32_GE_S = 0x4E,
            I32_GE_U = 0x4F, I64_GT_U = 0x56, I64_SHR_U = 0x88, I32_ADD = 0x6A, I32_SUB = 0x6B, I32_MUL = 0x6C, I32_AND = 0x71, I32_OR = 0x72,
            I32_XOR = 0x73, I32_SHL = 0x74, I32_SHR_S = 0x75, I32_SHR_U = 0x76, I32_ROTL = 0x77, I32_ROTR = 0x78, I32_WRAP_I64 = 0xA7,
            I32_EXTEND8_S = 0xC0, I32_EXTEND16_S = 0xC1;
    /** Loads and stores of the (one, imported) memory; each is followed by a memarg (see {@link #memory}). */
    static final int I32_LOAD = 0x28, I32_LOAD8_U = 0x2D, I32_LOAD16_U = 0x2F, I32_STORE = 0x36, I32_STORE8 = 0x3A,
            I32_STORE16 = 0x3B;
    /** Block types: no result, one i32. */
    static final int VOID = 0x40, RESULT_I32 = 0x7F;

    private final WasmBytes out = new WasmBytes(256);
    private int depth;

    int depth() {
        return depth;
    }

    WasmBytes bytes() {
        return out;
    }

    WasmCode op(int opcode) {
        out.u8(opcode);
        return this;
    }

    WasmCode i32(int value) {
        out.u8(I32_CONST).s32(value);
        return this;
    }

    WasmCode i64(long value) {
        out.u8(I64_CONST).s64(value);
        return this;
    }

    WasmCode get(int local) {
        out.u8(LOCAL_GET).u32(local);
        return this;
    }

    WasmCode set(int local) {
        out.u8(LOCAL_SET).u32(local);
        return this;
    }

    WasmCode tee(int local) {
        out.u8(LOCAL_TEE).u32(local);
        return this;
    }

    WasmCode call(WasmImports.Import helper) {
        out.u8(CALL).u32(helper.index);
        return this;
    }

    /** Opens a block; returns the depth that names its label. */
    int block() {
        return block(VOID);
    }

    /** Opens a block of the given type (VOID, or RESULT_I32: a branch to its label carries an i32). */
    int block(int type) {
        out.u8(BLOCK).u8(type);
        return ++depth;
    }

    /**
     * A load or store of memory 0 at the address on the stack (and the value, for a store), with no offset and no
     * alignment promised (x86 accesses need not be aligned; a promise broken would only be slower).
     */
    WasmCode memory(int opcode) {
        out.u8(opcode).u32(0).u32(0);
        return this;
    }

    /** A load or store at the address on the stack plus {@code offset} (a constant). */
    WasmCode memory(int opcode, int offset) {
        out.u8(opcode).u32(0).u32(offset);
        return this;
    }

    /** Calls table 0's function whose index is on the stack, of type {@code type}. */
    WasmCode callIndirect(int type) {
        out.u8(CALL_INDIRECT).u32(type).u32(0);
        return this;
    }

    int loop() {
        out.u8(LOOP).u8(VOID);
        return ++depth;
    }

    /** Opens an if (condition on the stack) of the given block type. */
    int ifThen(int type) {
        out.u8(IF).u8(type);
        return ++depth;
    }

    WasmCode orElse() {
        out.u8(ELSE);
        return this;
    }

    WasmCode end() {
        out.u8(END);
        depth--;
        return this;
    }

    /** Branches to the label opened at {@code labelDepth}. */
    WasmCode br(int labelDepth) {
        out.u8(BR).u32(depth - labelDepth);
        return this;
    }

    WasmCode brIf(int labelDepth) {
        out.u8(BR_IF).u32(depth - labelDepth);
        return this;
    }

    /**
     * Branches to the label opened at {@code labelDepths[i]} for the index i on the stack, to the one at
     * {@code defaultDepth} for any other.
     */
    WasmCode brTable(int[] labelDepths, int defaultDepth) {
        out.u8(BR_TABLE).u32(labelDepths.length);
        for (int label : labelDepths) {
            out.u32(depth - label);
        }
        out.u32(depth - defaultDepth);
        return this;
    }

    WasmCode ret() {
        out.u8(RETURN);
        return this;
    }
}
