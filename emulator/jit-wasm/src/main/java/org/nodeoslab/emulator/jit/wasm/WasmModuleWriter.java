package org.nodeoslab.emulator.jit.wasm;

/**
 * Writes a whole module around one function body: the type and import sections (the same for every module, made
 * once from {@link WasmImports}), then the function {@code run}, exported under that name.
 */
final class WasmModuleWriter {
    private static final int TYPE = 1, IMPORT = 2, FUNCTION = 3, EXPORT = 7, CODE = 10;
    private static final int FUNC_TYPE = 0x60, EXTERNAL_FUNCTION = 0x00;

    /** Magic, version, types and imports: the head of every module. */
    private static final byte[] HEAD;
    /** The type index of run's signature: (i32 entry, i32 budget) -> i32; the same with eax..edi after budget. */
    private static final int RUN_TYPE, RUN_WITH_REGISTERS_TYPE;

    static {
        WasmImports.Import[] imports = WasmImports.all();
        // Signatures deduplicated in order of first use; run's two are the last ones looked up.
        String[] signatures = new String[imports.length + 2];
        int[] typeOf = new int[imports.length];
        int types = 0;
        int runType = -1;
        int runWithRegistersType = -1;
        WasmBytes typeSection = new WasmBytes();
        WasmBytes entries = new WasmBytes();
        byte[] two = {WasmImports.I32, WasmImports.I32};
        byte[] ten = {WasmImports.I32, WasmImports.I32, WasmImports.I32, WasmImports.I32, WasmImports.I32,
            WasmImports.I32, WasmImports.I32, WasmImports.I32, WasmImports.I32, WasmImports.I32};
        for (int i = 0; i < imports.length + 2; i++) {
            byte[] params = i < imports.length ? imports[i].params : i == imports.length ? two : ten;
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
            } else if (i == imports.length) {
                runType = found;
            } else {
                runWithRegistersType = found;
            }
        }
        typeSection.u32(types).append(entries);
        WasmBytes importSection = new WasmBytes();
        importSection.u32(imports.length);
        for (int i = 0; i < imports.length; i++) {
            importSection.name(WasmImports.MODULE).name(imports[i].name).u8(EXTERNAL_FUNCTION).u32(typeOf[i]);
        }
        WasmBytes head = new WasmBytes(1024);
        head.u8(0x00).u8(0x61).u8(0x73).u8(0x6D).u8(0x01).u8(0x00).u8(0x00).u8(0x00);
        head.section(TYPE, typeSection).section(IMPORT, importSection);
        HEAD = head.toByteArray();
        RUN_TYPE = runType;
        RUN_WITH_REGISTERS_TYPE = runWithRegistersType;
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
     * {@code end}), taking the registers after entry and budget if {@code registersIn}, its locals after the
     * parameters: {@code i32Locals} of i32, then {@code i64Locals} of i64.
     */
    static byte[] module(WasmCode code, boolean registersIn, int i32Locals, int i64Locals) {
        WasmBytes body = new WasmBytes(code.bytes().size() + 16);
        body.u32((i32Locals > 0 ? 1 : 0) + (i64Locals > 0 ? 1 : 0));
        if (i32Locals > 0) {
            body.u32(i32Locals).u8(WasmImports.I32);
        }
        if (i64Locals > 0) {
            body.u32(i64Locals).u8(WasmImports.I64);
        }
        body.append(code.bytes()).u8(WasmCode.END);
        WasmBytes codeSection = new WasmBytes(body.size() + 8);
        codeSection.u32(1).u32(body.size()).append(body);
        WasmBytes functionSection = new WasmBytes(8).u32(1).u32(registersIn ? RUN_WITH_REGISTERS_TYPE : RUN_TYPE);
        WasmBytes exportSection = new WasmBytes(16).u32(1).name(WasmImports.RUN).u8(EXTERNAL_FUNCTION)
                .u32(WasmImports.count());
        WasmBytes module = new WasmBytes(HEAD.length + codeSection.size() + 32);
        for (byte b : HEAD) {
            module.u8(b);
        }
        module.section(FUNCTION, functionSection).section(EXPORT, exportSection).section(CODE, codeSection);
        return module.toByteArray();
    }
}
