package org.nodeoslab.emulator.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.Instance;
import org.nodeoslab.emulator.jit.wasm.ChicoryWasmLoader;
import org.nodeoslab.emulator.jit.wasm.WasmJit;
import org.nodeoslab.emulator.jit.wasm.WasmLoader;

/**
 * How the code cache manages a loader's modules, as the browser's loader needs: every dropped region's module is
 * released once and never run afterwards, live modules stay within the loader's limit (the least recently entered
 * are evicted), and a loader that compiles in the background (its run answers "not ready" for a while) loses no
 * region and is asked for each module once. In each case the program ends as it does on the interpreter.
 */
class WasmCodeCacheModulesTest {
    /** 24 functions called in turn, 30 times: some 48 regions (each function, and each return point). */
    private static final String PROGRAM;

    static {
        StringBuilder p = new StringBuilder("mov ecx, 30\nxor eax, eax\nmov esi, 0x3000\njmp top\ntop:\n");
        for (int f = 0; f < 24; f++) {
            p.append("call f").append(f).append('\n');
        }
        p.append("mov [esi], eax\ndec ecx\njnz top\nhlt\n");
        for (int f = 0; f < 24; f++) {
            p.append("align 64\nf").append(f).append(": add eax, ").append(f * 7 + 1).append("\nrol eax, ")
                    .append(f % 5 + 1).append("\nret\n");
        }
        PROGRAM = p.toString();
    }

    /**
     * Chicory's loader with the browser's management rules checked: at most {@code max} live modules, a handle
     * released once and never run after, and (when {@code notReadyRuns} > 0) each module answering "not ready" to
     * its first runs, as one still compiling in the background does.
     */
    static final class ManagedLoader implements WasmLoader {
        final int max;
        final int notReadyRuns;
        final Set<Integer> live = new HashSet<>();
        final Map<Integer, Integer> attempts = new HashMap<>();
        int loads;
        int releases;
        int peak;
        int notReadyAnswers;

        ManagedLoader(int max, int notReadyRuns) {
            this.max = max;
            this.notReadyRuns = notReadyRuns;
        }

        @Override
        public int load(byte[] module) {
            int handle = ChicoryWasmLoader.INSTANCE.load(module);
            live.add(handle);
            loads++;
            peak = Math.max(peak, live.size());
            assertTrue(live.size() <= max, "live modules " + live.size() + " over the limit " + max);
            return handle;
        }

        @Override
        public int run(int handle, int entryEip, int budget) {
            assertTrue(live.contains(handle), "a released module ran: " + handle);
            int tries = attempts.merge(handle, 1, Integer::sum);
            if (tries <= notReadyRuns) {
                notReadyAnswers++;
                return -1;
            }
            return ChicoryWasmLoader.INSTANCE.run(handle, entryEip, budget);
        }

        @Override
        public void release(int handle) {
            assertTrue(live.remove(handle), "released twice or never loaded: " + handle);
            releases++;
            ChicoryWasmLoader.INSTANCE.release(handle);
        }

        @Override
        public int maxModules() {
            return max;
        }
    }

    @AfterAll
    static void backToTheSharedLoader() {
        WasmBackEnd.use();
        JitModes.reset();
    }

    /** The program run to HLT on {@code loader}'s modules (null: on the interpreter alone). */
    private static GuestMachine run(ManagedLoader loader) {
        JitModes.backEnd(config -> WasmJit.install(loader, config));
        JitModes.use(loader == null ? JitModes.INTERPRETER : JitModes.HOT);
        GuestMachine m = GuestMachine.flat32(PROGRAM);
        m.run(5_000_000);
        assertTrue(m.cpu.halted);
        return m;
    }

    /** What {@link CompiledCodeMatchesInterpreterTest#run} compares: registers, EFLAGS, EIP, count, data. */
    private static long[] state(GuestMachine m) {
        long[] s = new long[11 + 64];
        for (int r = 0; r < 8; r++) {
            s[r] = m.cpu.reg[r];
        }
        s[8] = m.cpu.getEflags();
        s[9] = m.cpu.eip;
        s[10] = m.cpu.instructionCount;
        for (int i = 0; i < 64; i++) {
            s[11 + i] = m.read32(0x3000 + 4 * i);
        }
        return s;
    }

    @Test
    void beyondTheLoadersLimitTheLeastRecentlyUsedModulesAreReleased() {
        long[] reference = state(run(null));
        ManagedLoader unlimited = new ManagedLoader(Integer.MAX_VALUE, 0);
        run(unlimited);
        assertTrue(unlimited.loads > 30, "regions compiled: " + unlimited.loads);

        ManagedLoader small = new ManagedLoader(8, 0);
        GuestMachine m = run(small);
        assertEquals(8, small.peak);
        assertEquals(small.loads - small.releases, small.live.size());
        assertEquals(small.live.size(), m.cpu.compiledCode().cache().liveCount());
        assertTrue(m.cpu.compiledCode().cache().evictedCount() > 0);
        assertTrue(m.cpu.compiledCode().compiledInstructions() > 0);
        assertArrayEquals(reference, state(m));
    }

    @Test
    void aFlushReleasesEveryModule() {
        ManagedLoader loader = new ManagedLoader(Integer.MAX_VALUE, 0);
        GuestMachine m = run(loader);
        assertFalse(loader.live.isEmpty());
        m.cpu.compiledCode().allCodeWritten(); // what RAM replaced, a reset or a restored state does
        assertTrue(loader.live.isEmpty(), loader.live + " still live");
        assertEquals(loader.loads, loader.releases);
        assertEquals(0, m.cpu.compiledCode().cache().liveCount());
    }

    @Test
    void modulesCompiledInTheBackgroundRunOnceReadyAndNoRegionIsLoadedTwice() {
        long[] reference = state(run(null));
        ManagedLoader synchronous = new ManagedLoader(Integer.MAX_VALUE, 0);
        long compiledSynchronously = run(synchronous).cpu.compiledCode().compiledInstructions();

        ManagedLoader background = new ManagedLoader(Integer.MAX_VALUE, 5);
        GuestMachine m = run(background);
        assertTrue(background.notReadyAnswers > 0);
        assertEquals(synchronous.loads, background.loads, "each region's module is asked for once");
        long compiled = m.cpu.compiledCode().compiledInstructions();
        assertTrue(compiled > 0 && compiled < compiledSynchronously,
                compiled + " instructions ran compiled, " + compiledSynchronously + " when ready at once");
        assertArrayEquals(reference, state(m));
    }

    /**
     * A loader taking several regions' functions in one module, as the browser's does in the background: a handle
     * reserved per region at once (answering "not ready" until its module comes), the module's i-th function for the
     * i-th handle; a handle released before its module came is never in one.
     */
    static final class BatchLoader implements WasmLoader {
        final int size;
        final Set<Integer> live = new HashSet<>();
        final Map<Integer, ExportFunction> runs = new HashMap<>();
        int next;
        int modules;
        int functions;
        int notReadyAnswers;

        BatchLoader(int size) {
            this.size = size;
        }

        @Override
        public int batch() {
            return size;
        }

        @Override
        public int reserve() {
            live.add(next);
            return next++;
        }

        @Override
        public void loadBatch(byte[] module, int[] handles, int count) {
            assertTrue(count > 0 && count <= size, count + " functions in a batch of " + size);
            Instance instance = ChicoryWasmLoader.INSTANCE.instantiate(module);
            for (int i = 0; i < count; i++) {
                assertTrue(live.contains(handles[i]), "a released handle in a batch: " + handles[i]);
                runs.put(handles[i], instance.export(i == 0 ? "run" : "run" + i));
            }
            modules++;
            functions += count;
        }

        @Override
        public int load(byte[] module) {
            throw new AssertionError("a batching loader is given modules of several regions");
        }

        @Override
        public int run(int handle, int entryEip, int budget) {
            assertTrue(live.contains(handle), "a released region ran: " + handle);
            ExportFunction run = runs.get(handle);
            if (run == null) {
                notReadyAnswers++;
                return -1;
            }
            return (int) run.apply(entryEip, budget)[0];
        }

        @Override
        public void release(int handle) {
            assertTrue(live.remove(handle), "released twice or never reserved: " + handle);
            runs.remove(handle);
        }
    }

    @Test
    void regionsCompiledInBatchesRunFromModulesOfSeveralFunctions() {
        long[] reference = state(run(null));
        BatchLoader loader = new BatchLoader(4);
        JitModes.backEnd(config -> WasmJit.install(loader, config));
        JitModes.use(JitModes.HOT);
        GuestMachine m = GuestMachine.flat32(PROGRAM);
        for (int slice = 0; slice < 1000 && !m.cpu.halted; slice++) {
            m.cpu.run(2_000);
            WasmJit.flush(); // what the browser does between two time slices
        }
        assertTrue(m.cpu.halted);
        assertTrue(loader.modules > 0 && loader.functions > loader.modules,
                loader.functions + " functions in " + loader.modules + " modules");
        assertTrue(loader.notReadyAnswers > 0, "regions wait for their batch");
        assertTrue(m.cpu.compiledCode().compiledInstructions() > 0);
        assertArrayEquals(reference, state(m));
        m.cpu.compiledCode().allCodeWritten();
        assertTrue(loader.live.isEmpty(), loader.live + " still live");
    }
}
