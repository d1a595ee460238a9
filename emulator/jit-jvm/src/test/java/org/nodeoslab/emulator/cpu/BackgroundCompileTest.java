package org.nodeoslab.emulator.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.nodeoslab.emulator.cpu.jit.CompiledRegion;
import org.nodeoslab.emulator.cpu.jit.Jit;
import org.nodeoslab.emulator.cpu.jit.JitConfig;
import org.nodeoslab.emulator.cpu.jit.PendingRegion;
import org.nodeoslab.emulator.cpu.jit.Region;
import org.nodeoslab.emulator.cpu.jit.RegionCompiler;
import org.nodeoslab.emulator.jit.jvm.JvmRegionCompiler;

/**
 * Regions compiled on the back end's own thread while the interpreter goes on: the guest sees exactly what the
 * interpreter shows, slice after slice, whenever the code arrives; and code compiled from bytes the guest rewrote
 * meanwhile is never installed.
 */
class BackgroundCompileTest {
    private static final JitConfig BACKGROUND = JitModes.BACKGROUND;

    @AfterAll
    static void interpreterAgain() {
        JitModes.reset();
    }

    @Test
    void codeCompiledInTheBackgroundRunsAsTheInterpreter() {
        // An endless loop over memory with a call: it runs interpreted until the compiler thread's classes arrive,
        // then compiled; both machines are compared after every slice.
        String program = "xor eax, eax\nxor ecx, ecx\nmov esi, 0x3000\njmp top\n"
                + "top: add eax, ecx\nmov [esi + 4], eax\ncall step\nxor [esi], eax\ninc ecx\njmp top\n"
                + "step: shl eax, 1\ninc dword [esi + 8]\nret";
        JitModes.use(JitModes.INTERPRETER);
        GuestMachine reference = GuestMachine.flat32(program);
        JitModes.use(BACKGROUND);
        GuestMachine compiled = GuestMachine.flat32(program);
        JitBridge jit = compiled.cpu.compiledCode();
        long deadline = System.nanoTime() + 60_000_000_000L;
        int slice = 0;
        while (jit.compiledInstructions() < 200_000) {
            assertTrue(System.nanoTime() < deadline, "no compiled code ran within 60 s: " + jit.cache().backgroundCount()
                    + " regions sent to the compiler thread");
            int n = 997 + slice++ % 13;
            assertEquals(reference.cpu.run(n), compiled.cpu.run(n));
            assertArrayEquals(reference.cpu.reg, compiled.cpu.reg, "slice " + slice);
            assertEquals(reference.cpu.eip, compiled.cpu.eip);
            assertEquals(reference.cpu.getEflags(), compiled.cpu.getEflags());
            for (int a = 0x3000; a < 0x300C; a += 4) {
                assertEquals(reference.read32(a), compiled.read32(a));
            }
        }
        assertTrue(jit.cache().backgroundCount() >= 2, "regions compiled in the background: "
                + jit.cache().backgroundCount());
        assertEquals(reference.cpu.instructionCount, compiled.cpu.instructionCount);
    }

    @Test
    void aRegionWrittenWhileItCompilesIsNotInstalled() {
        // Half-way, the program rewrites the immediate of its loop's ADD (1 -> 5). The region at `top` is built
        // before that and its compile is held back until after it; installing it would add 1 where the guest now
        // says 5.
        String program = "mov ecx, 20000\nxor eax, eax\njmp top\n"
                + "top: add eax, 1\ndec ecx\njz done\ncmp ecx, 10000\njne top\n"
                + "mov byte [top + 2], 5\njmp top\n"
                + "done: hlt";
        long[] reference = registers(JitModes.INTERPRETER, program, null);
        Deferred deferred = new Deferred();
        long[] state = registers(BACKGROUND, program, deferred);
        assertArrayEquals(reference, state);
        assertEquals(10_000 + 5 * 10_000, (int) reference[Cpu.EAX], "the patched loop ran");
        assertTrue(deferred.held > 0, "regions were held back: " + deferred.held);
        assertTrue(deferred.stale >= 1, "stale regions: " + deferred.stale);
        assertTrue(deferred.compiledInstructions > 1000, "compiled instructions: " + deferred.compiledInstructions);
    }

    /** Runs to HLT in slices; with {@code deferred}, held-back compiles finish once ECX has passed the patch. */
    private static long[] registers(JitConfig mode, String program, Deferred deferred) {
        if (deferred == null) {
            JitModes.use(mode);
        } else {
            Jit.install(deferred, mode);
        }
        GuestMachine m = GuestMachine.flat32(program);
        for (int i = 0; i < 100_000 && !m.cpu.halted; i++) {
            m.cpu.run(100);
            if (deferred != null && m.cpu.reg[Cpu.ECX] < 10_000) {
                deferred.release();
            }
        }
        assertTrue(m.cpu.halted);
        if (deferred != null) {
            deferred.stale = m.cpu.compiledCode().cache().staleCount();
            deferred.compiledInstructions = m.cpu.compiledCode().compiledInstructions();
        }
        long[] out = new long[10];
        for (int r = 0; r < 8; r++) {
            out[r] = m.cpu.reg[r];
        }
        out[8] = m.cpu.getEflags();
        out[9] = m.cpu.instructionCount;
        return out;
    }

    /** The JVM back end, compiling in the "background" only when the test releases it (then at once). */
    private static final class Deferred implements RegionCompiler {
        private final JvmRegionCompiler jvm = new JvmRegionCompiler();
        private final List<PendingRegion> waiting = new ArrayList<>();
        private boolean released;
        int held;
        long stale;
        long compiledInstructions;

        @Override
        public CompiledRegion compile(Region region) {
            return jvm.compile(region);
        }

        @Override
        public boolean compileInBackground(PendingRegion pending) {
            if (released) {
                pending.finish(jvm.compile(pending.region()));
            } else {
                waiting.add(pending);
                held++;
            }
            return true;
        }

        void release() {
            released = true;
            for (PendingRegion p : waiting) {
                p.finish(jvm.compile(p.region()));
            }
            waiting.clear();
        }
    }
}
