package org.nodeoslab.emulator.jit.wasm;

/**
 * The one list of what a generated module imports: functions only, all from import module {@value #MODULE}, each
 * implemented by the static method of {@link WasmHelpers} named {@link Import#method} with the same types (Java
 * {@code int} = i32, {@code long} = i64, {@code void} = no result). A module imports all of them, in this order, so
 * import i is function index i and the module's own {@code run} is function {@link #count()}.
 *
 * <p>Memory helpers that may fault return the fault in their answer instead of throwing (see {@link WasmHelpers}),
 * so guest registers may stay in wasm locals across them: the reads answer an i64 (the value in the low 32 bits,
 * {@link WasmHelpers#FAULTED} when the access faulted), the writes an i32 status ({@link WasmHelpers#OK},
 * {@link WasmHelpers#FAULT}, or {@link WasmHelpers#BAIL} when the write hit the running region's own code).
 */
public final class WasmImports {
    /** The import module of every helper. */
    public static final String MODULE = "jit";
    /** The only export of a generated module: (i32 entryEip, i32 budget) -> i32 retired. */
    public static final String RUN = "run";
    /**
     * The memory a module that reaches guest memory inline imports, from {@link #MODULE} (the one holding the
     * machine's RAM, TLBs and code-page flags: in the browser, the emulator's own; see {@link WasmLoader#inlinesMemory}).
     */
    public static final String MEMORY = "memory";
    /**
     * The table of every module's run a module that hops imports, from {@link #MODULE} (see
     * {@link WasmLoader#hopsInWasm}): slot = handle.
     */
    public static final String TABLE = "table";

    public static final byte I32 = 0x7F, I64 = 0x7E;

    /** One imported helper: wasm name, Java method, parameter and result types (result 0: none). */
    public static final class Import {
        public final int index;
        /** The import name (prefixed, so it cannot collide with other exports of the module implementing it). */
        public final String name;
        /** The static method of {@link WasmHelpers} that implements it. */
        public final String method;
        public final byte[] params;
        /** {@link #I32}, {@link #I64}, or 0 for none. */
        public final byte result;

        Import(int index, String method, byte result, byte... params) {
            this.index = index;
            this.name = "jit_" + method;
            this.method = method;
            this.params = params;
            this.result = result;
        }

        @Override
        public String toString() {
            StringBuilder s = new StringBuilder(name).append('(');
            for (int i = 0; i < params.length; i++) {
                s.append(i > 0 ? ", " : "").append(typeName(params[i]));
            }
            return s.append(") -> ").append(result == 0 ? "()" : typeName(result)).toString();
        }
    }

    private static final Import[] ALL = new Import[64];
    private static int defined;

    private static Import define(String method, byte result, byte... params) {
        Import i = new Import(defined, method, result, params);
        ALL[defined++] = i;
        return i;
    }

    private static final byte X = I32, L = I64, NONE = 0;

    // Guest memory through the interpreter's segment-checked, TLB-backed accessors: (segment, offset[, value]).
    public static final Import READ8 = define("read8", L, X, X);
    public static final Import READ16 = define("read16", L, X, X);
    public static final Import READ32 = define("read32", L, X, X);
    public static final Import WRITE8 = define("write8", X, X, X, X);
    public static final Import WRITE16 = define("write16", X, X, X, X);
    public static final Import WRITE32 = define("write32", X, X, X, X);

    // The lazy-flag ALU; never faults. (ADD OR AND SUB XOR CMP TEST INC DEC are computed in the module.)
    /** (a, b, mask) -> result, reading CF */
    public static final Import ADC = define("adc", X, X, X, X);
    public static final Import SBB = define("sbb", X, X, X, X);
    /** (a, b) -> the low 32 bits of a * b, flags as IMUL r32 */
    public static final Import IMUL32 = define("imul32", X, X, X);
    /** (op, value, count 1-31, bits) */
    public static final Import SHIFT = define("shift", X, X, X, X, X);
    /** (value, count 1-31) */
    public static final Import SHL32 = define("shl32", X, X, X);
    public static final Import SHR32 = define("shr32", X, X, X);
    public static final Import SAR32 = define("sar32", X, X, X);
    /** (cc) -> 0 or 1 */
    public static final Import CONDITION = define("condition", X, X);
    /** Before a read-modify-write of memory computes flags: a fault in its write puts them back. */
    public static final Import SAVE_FLAGS = define("saveFlags", NONE);
    /** (pending, a, b): records the flags of an operation the module computed itself (see WasmHelpers.pending). */
    public static final Import MATERIALIZE = define("materialize", NONE, X, X, X);

    // Guest registers in the CPU's array (the module keeps them in locals).
    /** (r) -> value */
    public static final Import REG = define("reg", X, X);
    /** (r, s) -> register r in the low 32 bits, s in the high 32 */
    public static final Import REG2 = define("reg2", L, X, X);

    // Leaving the region, or handing it to the interpreter. Each takes last (pending, pa, pb, mask, eax..edi):
    // the operation whose flags it records first (pending 0: none) and the registers it writes back first (those
    // whose bit is set in mask). A fault they raise is delivered inside them.
    /** (eip, retired, ...) -> retired */
    public static final Import EXIT = define("exit", X, X, X, X, X, X, X, X, X, X, X, X, X, X, X);
    /** (target, retired, eip of the jump, ...) -> retired */
    public static final Import BRANCH = define("branch", X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, X);
    /** (target, return eip, retired, eip of the call, ...) -> retired */
    public static final Import CALL = define("call", X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, X);
    /** (bytes released, retired, eip of the ret, ...) -> retired */
    public static final Import RET = define("ret", X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, X);
    /**
     * (eip, next eip, word, form, displacement, retired before, ...) -> negative to go on (~ the access word of
     * {@link WasmHelpers#ACCESS_PRIVILEGE}, which the instruction may have changed), else the count to return
     */
    public static final Import INTERPRET = define("interpret", X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, X,
            X);
    /**
     * (entry eip, at, pending, pa, pb, eax..edi) -> instructions retired by this turn: a native instruction faulted;
     * records the flags of the operation it found deferred ({@link WasmHelpers#materialize}), writes back the
     * registers {@code at}'s top byte names and delivers the fault ({@code at} as {@link WasmHelpers#at}).
     */
    public static final Import FAULT = define("fault", X, X, X, X, X, X, X, X, X, X, X, X, X, X);
    /** () -> -1 when DF is set, else 1: the string instructions' direction */
    public static final Import DIRECTION = define("direction", X);
    /** (eax, b, signed) -> the 64-bit product, flags as one-operand MUL (signed 0) or IMUL with 32-bit operands */
    public static final Import MUL32 = define("mul32", L, X, X, X);

    private WasmImports() {
    }

    public static int count() {
        return defined;
    }

    public static Import get(int index) {
        return ALL[index];
    }

    /** Every import, in index order (a copy). */
    public static Import[] all() {
        Import[] copy = new Import[defined];
        System.arraycopy(ALL, 0, copy, 0, defined);
        return copy;
    }

    static String typeName(byte type) {
        return type == I32 ? "i32" : type == I64 ? "i64" : "?";
    }
}
