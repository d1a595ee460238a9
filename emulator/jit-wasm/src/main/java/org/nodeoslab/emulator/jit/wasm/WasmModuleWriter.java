package org.nodeoslab.emulator.jit.wasm;

/**
 * Writes a whole module around one function body: the type and import sections (the same for every module, made
 * once from {@link WasmImports}), then the function {@code run}, exported under that name.
 */
final class WasmModuleWriter {
    private static final int TYPE = 1, IMPORT = 2, FUNCTION = 3, EXPORT = 7, CODE = 10;
    private static final int FUNC_TYPE = 0x60, EXTERNAL_FUNCTION = 0x00;

    private static final int EXTERNAL_TABLE = 0x01, EXTERNAL_MEMORY = 0x02, LIMITS_MIN_ONLY = 0x00, FUNCREF = 0x70;
    /**
     * The parameters of run after entry and budget: none, the registers, the registers and the memory access's; and
     * a page module's function: those and the region's index.
     */
    private static final int[] RUN_PARAMETERS = {0, RegionModuleWriter.REGISTER_PARAMETERS,
        RegionModuleWriter.REGISTER_PARAMETERS + RegionModuleWriter.MEMORY_PARAMETERS,
        RegionModuleWriter.REGISTER_PARAMETERS + RegionModuleWriter.MEMORY_PARAMETERS + 1};
    private static final int MEMORY_RUN = 2, PAGE_FUNCTION = 3;

    /** Magic, version, types and imports: the head of every module; the same importing the memory. */
    private static final byte[] HEAD, HEAD_WITH_MEMORY, HEAD_WITH_TABLE;
    /** The type index of each of run's signatures, as {@link #RUN_PARAMETERS}: (i32 entry, i32 budget, ...) -> i32. */
    private static final int[] RUN_TYPE = new int[RUN_PARAMETERS.length];

    static {
        WasmImports.Import[] imports = WasmImports.all();
        int runs = RUN_PARAMETERS.length;
        // Signatures deduplicated in order of first use; run's are the last ones looked up.
        String[] signatures = new String[imports.length + runs];
        int[] typeOf = new int[imports.length];
        int types = 0;
        WasmBytes typeSection = new WasmBytes();
        WasmBytes entries = new WasmBytes();
        for (int i = 0; i < imports.length + runs; i++) {
            byte[] params = i < imports.length ? imports[i].params : i32s(2 + RUN_PARAMETERS[i - imports.length]);
            byte result = i < imports.length ? imports[i].result : WasmImports.I32;
            String key = signature(params, result);
            int found = -1;
            for (int t = 0; t < types; t++) {
                if (signatures[t].equals(key)) {
                    found = t;
                }
            }
            if (found < 0) {
                found = types;
                signatures[types++] = key;
                entries.u8(FUNC_TYPE).u32(params.length);
                for (byte p : params) {
                    entries.u8(p);
                }
                if (result == 0) {
                    entries.u32(0);
                } else {
                    entries.u32(1).u8(result);
                }
            }
            if (i < imports.length) {
                typeOf[i] = found;
            } else {
                RUN_TYPE[i - imports.length] = found;
            }
        }
        typeSection.u32(types).append(entries);
        HEAD = head(typeSection, imports, typeOf, false, false);
        HEAD_WITH_MEMORY = head(typeSection, imports, typeOf, true, false);
        HEAD_WITH_TABLE = head(typeSection, imports, typeOf, true, true);
    }

    /** The type index of run with memory inline: what a hop's {@code call_indirect} names. */
    static int memoryRunType() {
        return RUN_TYPE[MEMORY_RUN];
    }

    /**
     * Magic, version, the types and the imports: the helpers, then the memory if {@code memory}, then the table of
     * every module's run if {@code table} (table 0: a hop's {@code call_indirect}).
     */
    private static byte[] head(WasmBytes typeSection, WasmImports.Import[] imports, int[] typeOf, boolean memory,
            boolean table) {
        WasmBytes importSection = new WasmBytes();
        importSection.u32(imports.length + (memory ? 1 : 0) + (table ? 1 : 0));
        for (int i = 0; i < imports.length; i++) {
            importSection.name(WasmImports.MODULE).name(imports[i].name).u8(EXTERNAL_FUNCTION).u32(typeOf[i]);
        }
        if (memory) {
            // Any size will do (no maximum, at least 0 pages): the memory is the machine's, grown by its owner.
            importSection.name(WasmImports.MODULE).name(WasmImports.MEMORY).u8(EXTERNAL_MEMORY).u8(LIMITS_MIN_ONLY)
                    .u32(0);
        }
        if (table) {
            importSection.name(WasmImports.MODULE).name(WasmImports.TABLE).u8(EXTERNAL_TABLE).u8(FUNCREF)
                    .u8(LIMITS_MIN_ONLY).u32(0);
        }
        WasmBytes head = new WasmBytes(1024);
        head.u8(0x00).u8(0x61).u8(0x73).u8(0x6D).u8(0x01).u8(0x00).u8(0x00).u8(0x00);
        head.section(TYPE, typeSection).section(IMPORT, importSection);
        return head.toByteArray();
    }

    private static byte[] i32s(int n) {
        byte[] types = new byte[n];
        java.util.Arrays.fill(types, WasmImports.I32);
        return types;
    }

    private WasmModuleWriter() {
    }

    private static String signature(byte[] params, byte result) {
        StringBuilder s = new StringBuilder();
        for (byte p : params) {
            s.append((char) p);
        }
        return s.append('>').append((char) result).toString();
    }

    /**
     * The module exporting {@code run} with body {@code code} (closed blocks, without the function's final
     * {@code end}), taking the registers after entry and budget if {@code registersIn} and then the memory access's
     * if {@code inlineMemory} (the module then imports the memory), its locals after the parameters: {@code
     * i32Locals} of i32, then {@code i64Locals} of i64; importing the table too if {@code hops} (with {@code
     * inlineMemory}).
     */
    static byte[] module(WasmCode code, boolean registersIn, boolean inlineMemory, boolean hops, int i32Locals,
            int i64Locals) {
        return module(new WasmCode[] {code}, 1, registersIn, inlineMemory, hops, i32Locals, i64Locals);
    }

    /**
     * As above, one module holding the first {@code count} of {@code codes} as functions of the same signature and
     * locals, the i-th exported as {@link #runName runName(i)}: one module for several regions costs the browser
     * less to compile than a module each (wasm-modules.mjs: 2000 functions as 250 modules of 8, 0.9 s of browser
     * CPU; as 2000 modules, 1.1-1.9 s).
     */
    static byte[] module(WasmCode[] codes, int count, boolean registersIn, boolean inlineMemory, boolean hops,
            int i32Locals, int i64Locals) {
        WasmBytes codeSection = new WasmBytes(1024);
        codeSection.u32(count);
        for (int i = 0; i < count; i++) {
            WasmCode code = codes[i];
            WasmBytes body = new WasmBytes(code.bytes().size() + 16);
            body.u32((i32Locals > 0 ? 1 : 0) + (i64Locals > 0 ? 1 : 0));
            if (i32Locals > 0) {
                body.u32(i32Locals).u8(WasmImports.I32);
            }
            if (i64Locals > 0) {
                body.u32(i64Locals).u8(WasmImports.I64);
            }
            body.append(code.bytes()).u8(WasmCode.END);
            codeSection.u32(body.size()).append(body);
        }
        int type = RUN_TYPE[inlineMemory ? MEMORY_RUN : registersIn ? 1 : 0];
        WasmBytes functionSection = new WasmBytes(8).u32(count);
        WasmBytes exportSection = new WasmBytes(16).u32(count);
        for (int i = 0; i < count; i++) {
            functionSection.u32(type);
            exportSection.name(runName(i)).u8(EXTERNAL_FUNCTION).u32(WasmImports.count() + i);
        }
        byte[] head = inlineMemory ? (hops ? HEAD_WITH_TABLE : HEAD_WITH_MEMORY) : HEAD;
        WasmBytes module = new WasmBytes(head.length + codeSection.size() + 32);
        for (byte b : head) {
            module.u8(b);
        }
        module.section(FUNCTION, functionSection).section(EXPORT, exportSection).section(CODE, codeSection);
        return module.toByteArray();
    }

    /**
     * The module of a page ({@link PageModuleWriter}): its function with body {@code code} (taking the region's index
     * after the memory access's parameters; {@code i32Locals} and {@code i64Locals} after those), then {@code
     * regions} functions of run's type with memory inline, the i-th exported as {@link #runName runName(i)}, each
     * calling the first with its index.
     */
    static byte[] pageModule(WasmCode code, int regions, int i32Locals, int i64Locals) {
        int pageFunction = WasmImports.count();
        int parameters = 2 + RUN_PARAMETERS[MEMORY_RUN];
        WasmBytes codeSection = new WasmBytes(1024);
        codeSection.u32(1 + regions);
        WasmBytes body = new WasmBytes(code.bytes().size() + 16);
        body.u32(2).u32(i32Locals).u8(WasmImports.I32).u32(i64Locals).u8(WasmImports.I64);
        body.append(code.bytes()).u8(WasmCode.END);
        codeSection.u32(body.size()).append(body);
        WasmBytes functionSection = new WasmBytes(8).u32(1 + regions).u32(RUN_TYPE[PAGE_FUNCTION]);
        WasmBytes exportSection = new WasmBytes(16).u32(regions);
        for (int i = 0; i < regions; i++) {
            WasmBytes call = new WasmBytes(64).u32(0);
            for (int p = 0; p < parameters; p++) {
                call.u8(WasmCode.LOCAL_GET).u32(p);
            }
            call.u8(WasmCode.I32_CONST).s32(i).u8(WasmCode.CALL).u32(pageFunction).u8(WasmCode.END);
            codeSection.u32(call.size()).append(call);
            functionSection.u32(RUN_TYPE[MEMORY_RUN]);
            exportSection.name(runName(i)).u8(EXTERNAL_FUNCTION).u32(pageFunction + 1 + i);
        }
        WasmBytes module = new WasmBytes(HEAD_WITH_MEMORY.length + codeSection.size() + 32);
        for (byte b : HEAD_WITH_MEMORY) {
            module.u8(b);
        }
        module.section(FUNCTION, functionSection).section(EXPORT, exportSection).section(CODE, codeSection);
        return module.toByteArray();
    }

    /** The export of a module's i-th function: {@code run}, then {@code run1}, {@code run2}, ... */
    static String runName(int i) {
        return i == 0 ? WasmImports.RUN : WasmImports.RUN + i;
    }
}
