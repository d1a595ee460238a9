package org.nodeoslab.emulator.jit.wasm;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.List;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;

/**
 * A {@link WasmLoader} over Chicory (WebAssembly in plain Java): the generated modules run on the JVM as the browser
 * would run them, their imports bound to {@link WasmHelpers}' statics by the names and types {@link WasmImports}
 * lists (a missing or mistyped helper fails here, when the imports are bound). {@link #INSTANCE} interprets each
 * module (cheap to load: the tests load hundreds of thousands); {@link #COMPILED} has Chicory compile each to JVM
 * bytecode (for long runs such as a boot). Both count the helper calls.
 */
public final class ChicoryWasmLoader implements WasmLoader {
    private static final MethodHandle LONG_TO_INT;
    private static final MethodHandle INT_TO_LONG;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            LONG_TO_INT = l.findStatic(ChicoryWasmLoader.class, "toInt", MethodType.methodType(int.class, long.class));
            INT_TO_LONG = l.findStatic(ChicoryWasmLoader.class, "toLong", MethodType.methodType(long.class, int.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static int toInt(long v) {
        return (int) v;
    }

    private static long toLong(int v) {
        return v;
    }

    public static final ChicoryWasmLoader INSTANCE = new ChicoryWasmLoader(false, false);
    public static final ChicoryWasmLoader COMPILED = new ChicoryWasmLoader(true, false);
    /** As {@link #INSTANCE} and {@link #COMPILED}, passing the registers into run. */
    public static final ChicoryWasmLoader REGISTERS_IN = new ChicoryWasmLoader(false, true);
    public static final ChicoryWasmLoader COMPILED_REGISTERS_IN = new ChicoryWasmLoader(true, true);

    private final boolean compiled;
    private final boolean registersIn;
    private final ImportValues imports;
    /** Calls of each helper by the modules of this loader (index as in WasmImports). */
    private final long[] calls = new long[WasmImports.count()];
    private final List<ExportFunction> runs = new ArrayList<>();

    private ChicoryWasmLoader(boolean compiled, boolean registersIn) {
        this.compiled = compiled;
        this.registersIn = registersIn;
        ImportValues.Builder b = ImportValues.builder();
        for (WasmImports.Import i : WasmImports.all()) {
            b.addFunction(hostFunction(i, calls));
        }
        imports = b.build();
    }

    /** The instance of {@code module} (parsed, validated, instantiated with the helpers). */
    public Instance instantiate(byte[] module) {
        WasmModule parsed = Parser.parse(module);
        Instance.Builder b = Instance.builder(parsed).withImportValues(imports);
        if (compiled) {
            b.withMachineFactory(MachineFactoryCompiler.compile(parsed));
        }
        return b.build();
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
    public boolean passesRegisters() {
        return registersIn;
    }

    @Override
    public int run(int handle, int entryEip, int budget, int[] reg) {
        return (int) runs.get(handle).apply(entryEip, budget, reg[0], reg[1], reg[2], reg[3], reg[4], reg[5], reg[6],
                reg[7])[0];
    }

    @Override
    public void release(int handle) {
        runs.set(handle, null);
    }

    /** Modules loaded so far. */
    public int loaded() {
        return runs.size();
    }

    /** Helper calls so far, by import index (a copy). */
    public long[] calls() {
        return calls.clone();
    }

    /** The helper as a Chicory host function: (long[] args) -> the static, called with invokeExact. */
    private static HostFunction hostFunction(WasmImports.Import i, long[] calls) {
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
        // Every parameter from the long Chicory passes, the result to a long, the whole as (long[]) -> long.
        for (int p = 0; p < params.length; p++) {
            if (params[p] == int.class) {
                helper = MethodHandles.filterArguments(helper, p, LONG_TO_INT);
            }
        }
        if (result == int.class) {
            helper = MethodHandles.filterReturnValue(helper, INT_TO_LONG);
        } else if (result == void.class) {
            helper = MethodHandles.filterReturnValue(helper, MethodHandles.constant(long.class, 0L));
        }
        MethodHandle exact = helper.asSpreader(long[].class, params.length)
                .asType(MethodType.methodType(long.class, long[].class));
        boolean returns = result != void.class;
        int index = i.index;
        List<ValType> wasmResults = returns ? List.of(wasmType(i.result)) : List.of();
        return new HostFunction(WasmImports.MODULE, i.name, FunctionType.of(wasmParams, wasmResults),
                (instance, args) -> {
                    calls[index]++;
                    long r;
                    try {
                        r = (long) exact.invokeExact(args);
                    } catch (RuntimeException | Error e) {
                        throw e;
                    } catch (Throwable e) {
                        throw new IllegalStateException(e);
                    }
                    return returns ? new long[] {r} : null;
                });
    }

    private static Class<?> javaType(byte wasm) {
        return wasm == WasmImports.I64 ? long.class : int.class;
    }

    private static ValType wasmType(byte wasm) {
        return wasm == WasmImports.I64 ? ValType.I64 : ValType.I32;
    }
}
