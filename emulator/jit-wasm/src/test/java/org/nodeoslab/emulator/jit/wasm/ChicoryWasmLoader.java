package org.nodeoslab.emulator.jit.wasm;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.List;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportMemory;
import com.dylibso.chicory.runtime.ImportTable;
import com.dylibso.chicory.runtime.TableInstance;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import com.dylibso.chicory.wasm.types.Table;
import com.dylibso.chicory.wasm.types.TableLimits;
import com.dylibso.chicory.wasm.types.Value;
import com.dylibso.chicory.wasm.types.ValType;
import org.nodeoslab.emulator.bus.LinearLayout;

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

    public static final ChicoryWasmLoader INSTANCE = new ChicoryWasmLoader(false, false, false);
    public static final ChicoryWasmLoader COMPILED = new ChicoryWasmLoader(true, false, false);
    /** As {@link #INSTANCE} and {@link #COMPILED}, passing the registers into run. */
    public static final ChicoryWasmLoader REGISTERS_IN = new ChicoryWasmLoader(false, true, false);
    public static final ChicoryWasmLoader COMPILED_REGISTERS_IN = new ChicoryWasmLoader(true, true, false);
    /**
     * As {@link #REGISTERS_IN} and {@link #COMPILED_REGISTERS_IN}, with modules reaching guest memory inline: each is
     * instantiated with the {@link ChicoryMemoryStorage}'s memory of the machine that runs it (on its first run).
     */
    public static final ChicoryWasmLoader INLINE_MEMORY = new ChicoryWasmLoader(false, true, true);
    public static final ChicoryWasmLoader COMPILED_INLINE_MEMORY = new ChicoryWasmLoader(true, true, true);

    /** What an inline module imports when its machine's memory is Java arrays (it never touches it then). */
    private static final Memory NO_MEMORY = new ByteArrayMemory(new MemoryLimits(1, 1));

    private final boolean compiled;
    private final boolean registersIn;
    private final boolean inlineMemory;
    private final HostFunction[] helpers;
    private final ImportValues imports;
    /** Calls of each helper by the modules of this loader (index as in WasmImports). */
    private final long[] calls = new long[WasmImports.count()];
    /** Per handle: its run (null until an inline module's first run), the module and the memory it was given. */
    private final List<ExportFunction> runs = new ArrayList<>();
    private final List<Loaded> modules = new ArrayList<>();
    private Memory importsMemory;
    private ImportValues importsForMemory;
    /**
     * The table of the modules instantiated with {@link #importsMemory} (slot = handle), which hopping modules
     * import ({@link WasmLoader#hopsInWasm}): each module's run goes in when it is instantiated for that memory.
     */
    private TableInstance table;
    /** The memory the inline modules last ran with, and the modules instantiated with it. */
    private Memory lastMemory;
    private final List<Loaded> instantiated = new ArrayList<>();

    /**
     * A module parsed (and compiled, for a compiled loader), the memory of its instance, and which of its exports is
     * this handle's (a page module's handles share one instance: {@code instance}).
     */
    private record Loaded(WasmModule module, java.util.function.Function<Instance, Machine> machine, Memory[] memory,
            Instance[] instance, String export) {
    }

    private ChicoryWasmLoader(boolean compiled, boolean registersIn, boolean inlineMemory) {
        this.compiled = compiled;
        this.registersIn = registersIn;
        this.inlineMemory = inlineMemory;
        WasmImports.Import[] all = WasmImports.all();
        helpers = new HostFunction[all.length];
        ImportValues.Builder b = ImportValues.builder();
        for (int i = 0; i < all.length; i++) {
            helpers[i] = hostFunction(all[i], calls);
            b.addFunction(helpers[i]);
        }
        imports = b.build();
    }

    /** The instance of {@code module} (parsed, validated, instantiated with the helpers). */
    public Instance instantiate(byte[] module) {
        return instantiate(module, null);
    }

    /** The same, importing {@code memory} too (a module that reaches guest memory inline). */
    public Instance instantiate(byte[] module, Memory memory) {
        WasmModule parsed = Parser.parse(module);
        return instantiate(parsed, compiled ? MachineFactoryCompiler.compile(parsed) : null, memory);
    }

    private Instance instantiate(WasmModule parsed, java.util.function.Function<Instance, Machine> machine, Memory memory) {
        Instance.Builder b = Instance.builder(parsed).withImportValues(memory == null ? imports : importsWith(memory));
        if (machine != null) {
            b.withMachineFactory(machine);
        }
        return b.build();
    }

    private ImportValues importsWith(Memory memory) {
        // The last machine's only: a map from memories to imports would keep every machine's memory (the imports
        // hold it), as a WeakHashMap whose values hold their keys does.
        if (memory != importsMemory) {
            table = new TableInstance(new Table(ValType.FuncRef, new TableLimits(256)), Value.REF_NULL_VALUE);
            ImportValues.Builder b = ImportValues.builder().addFunction(helpers)
                    .addMemory(new ImportMemory(WasmImports.MODULE, WasmImports.MEMORY, memory));
            if (hopsInWasm()) {
                b.addTable(new ImportTable(WasmImports.MODULE, WasmImports.TABLE, table));
            }
            importsForMemory = b.build();
            importsMemory = memory;
        }
        return importsForMemory;
    }

    @Override
    public int load(byte[] module) {
        if (inlineMemory) {
            // Instantiated on its first run, with the memory of the machine running it (see run below).
            WasmModule parsed = Parser.parse(module);
            modules.add(new Loaded(parsed, compiled ? MachineFactoryCompiler.compile(parsed) : null, new Memory[1],
                    new Instance[1], WasmImports.RUN));
            runs.add(null);
        } else {
            modules.add(null);
            runs.add(instantiate(module).export(WasmImports.RUN));
        }
        return runs.size() - 1;
    }

    @Override
    public boolean inlinesMemory() {
        return inlineMemory;
    }

    /** A loader with memory inline gives its modules the table too: their exits may hop (jit-wasm's HopCells). */
    @Override
    public boolean hopsInWasm() {
        return inlineMemory;
    }

    @Override
    public int run(int handle, int entryEip, int budget, int[] reg, int access, int fsBase, int gsBase,
            LinearLayout layout) {
        Memory memory = layout == null ? NO_MEMORY : ChicoryMemoryStorage.memoryOf(layout);
        if (memory == null) {
            throw new IllegalStateException("no Chicory memory holds " + layout);
        }
        Loaded loaded = modules.get(handle);
        if (loaded == null) {
            return -1; // reserved for a page module not loaded yet
        }
        if (memory != lastMemory) {
            // Another machine: the instances made for the last one's memory go (each holds that memory: the tests'
            // thousands of machines would otherwise stay reachable through handles their caches never released).
            for (Loaded l : instantiated) {
                l.instance[0] = null;
                l.memory[0] = null;
            }
            instantiated.clear();
            lastMemory = memory;
            if (layout != null) {
                // The cells name handles whose modules are not instantiated with this memory any more.
                for (int at = 0; at < LinearLayout.HOP_BYTES; at += 4) {
                    memory.writeI32(layout.hops + at, 0);
                }
            }
        }
        if (loaded.instance[0] == null || loaded.memory[0] != memory) {
            loaded.instance[0] = instantiate(loaded.module, loaded.machine, memory);
            loaded.memory[0] = memory;
            instantiated.add(loaded);
            if (hopsInWasm() && loaded.export.equals(WasmImports.RUN)) {
                if (handle >= table.size()) {
                    table.grow(handle + 256 - table.size(), Value.REF_NULL_VALUE, null);
                }
                table.setRef(handle, WasmImports.count(), loaded.instance[0]); // its run: the first after the imports
            }
        }
        ExportFunction run = loaded.instance[0].export(loaded.export);
        int ram = layout == null ? 0 : layout.ram;
        int readTlb = layout == null ? 0 : layout.readTlb;
        int writeTlb = layout == null ? 0 : layout.writeTlb;
        int codePages = layout == null ? 0 : layout.codePages;
        return (int) run.apply(entryEip, budget, reg[0], reg[1], reg[2], reg[3], reg[4], reg[5], reg[6], reg[7],
                access, fsBase, gsBase, ram, readTlb, writeTlb, codePages, 0, 0, 0, 0)[0];
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

    /** A handle for a page module's function (inline memory only), "not ready" until {@link #loadBatch}. */
    @Override
    public int reserve() {
        if (!inlineMemory) {
            return -1;
        }
        modules.add(null);
        runs.add(null);
        return runs.size() - 1;
    }

    /** The module's i-th export for the i-th handle, one instance for all (made on the first run). */
    @Override
    public void loadBatch(byte[] module, int[] handles, int count) {
        WasmModule parsed = Parser.parse(module);
        java.util.function.Function<Instance, Machine> machine = compiled ? MachineFactoryCompiler.compile(parsed)
                : null;
        Memory[] memory = new Memory[1];
        Instance[] instance = new Instance[1];
        for (int i = 0; i < count; i++) {
            modules.set(handles[i], new Loaded(parsed, machine, memory, instance, i == 0 ? WasmImports.RUN
                    : WasmImports.RUN + i));
        }
    }

    @Override
    public void release(int handle) {
        runs.set(handle, null);
        modules.set(handle, null);
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
