package org.nodeoslab.emulator.jit.wasm;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.List;

import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;

/**
 * A {@link WasmLoader} over Chicory (a WebAssembly interpreter in plain Java): the generated modules run on the JVM
 * exactly as the browser would run them, their imports bound to {@link WasmHelpers}' statics by the names and types
 * {@link WasmImports} lists (a missing or mistyped helper fails here, when the imports are bound).
 */
public final class ChicoryWasmLoader implements WasmLoader {
    /** One loader for every test (the imports are bound once). */
    public static final ChicoryWasmLoader INSTANCE = new ChicoryWasmLoader();

    private final ImportValues imports;
    private final List<ExportFunction> runs = new ArrayList<>();

    private ChicoryWasmLoader() {
        ImportValues.Builder b = ImportValues.builder();
        for (WasmImports.Import i : WasmImports.all()) {
            b.addFunction(hostFunction(i));
        }
        imports = b.build();
    }

    /** The instance of {@code module} (parsed, validated, instantiated with the helpers). */
    public Instance instantiate(byte[] module) {
        return Instance.builder(Parser.parse(module)).withImportValues(imports).build();
    }

    @Override
    public int load(byte[] module) {
        runs.add(instantiate(module).export(WasmImports.RUN));
        return runs.size() - 1;
    }

    @Override
    public int run(int handle, int entryEip, int budget) {
        return (int) runs.get(handle).apply(entryEip, budget)[0];
    }

    @Override
    public void release(int handle) {
        runs.set(handle, null);
    }

    private static HostFunction hostFunction(WasmImports.Import i) {
        Class<?>[] params = new Class<?>[i.params.length];
        List<ValType> wasmParams = new ArrayList<>();
        for (int p = 0; p < params.length; p++) {
            params[p] = javaType(i.params[p]);
            wasmParams.add(wasmType(i.params[p]));
        }
        Class<?> result = i.result == 0 ? void.class : javaType(i.result);
        MethodHandle helper;
        try {
            helper = MethodHandles.publicLookup().findStatic(WasmHelpers.class, i.method,
                    MethodType.methodType(result, params));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("WasmImports lists " + i + " but WasmHelpers has no such static", e);
        }
        List<ValType> wasmResults = i.result == 0 ? List.of() : List.of(wasmType(i.result));
        return new HostFunction(WasmImports.MODULE, i.name, FunctionType.of(wasmParams, wasmResults),
                (instance, args) -> {
                    Object[] values = new Object[args.length];
                    for (int p = 0; p < args.length; p++) {
                        values[p] = params[p] == int.class ? (Object) (int) args[p] : (Object) args[p];
                    }
                    Object r;
                    try {
                        r = helper.invokeWithArguments(values);
                    } catch (RuntimeException | Error e) {
                        throw e;
                    } catch (Throwable e) {
                        throw new IllegalStateException(e);
                    }
                    if (r == null) {
                        return null;
                    }
                    return new long[] {r instanceof Integer ? (long) (Integer) r : (Long) r};
                });
    }

    private static Class<?> javaType(byte wasm) {
        return wasm == WasmImports.I64 ? long.class : int.class;
    }

    private static ValType wasmType(byte wasm) {
        return wasm == WasmImports.I64 ? ValType.I64 : ValType.I32;
    }
}
