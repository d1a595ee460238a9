package org.nodeoslab.emulator.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nodeoslab.emulator.jit.wasm.ChicoryWasmLoader;
import org.nodeoslab.emulator.jit.wasm.WasmImports;

/**
 * The same programs with modules that read and write guest memory inline, the machines' RAM, TLBs and code-page
 * flags in a WebAssembly memory (Chicory's) as in the browser build.
 */
class WasmMemoryInlineCodeMatchesInterpreterTest extends WasmCodeMatchesInterpreterTest {
    private static int loadedBefore;

    @BeforeAll
    static void memoryInline() {
        loadedBefore = ChicoryWasmLoader.INLINE_MEMORY.loaded();
        WasmBackEnd.use(ChicoryWasmLoader.INLINE_MEMORY);
    }

    @AfterAll
    static void memoryThroughHelpersAgain() {
        WasmBackEnd.use(); // the other test classes run on the loader that calls helpers
        assertTrue(ChicoryWasmLoader.INLINE_MEMORY.loaded() > loadedBefore, "modules that reach memory inline ran");
    }

    /**
     * Reads, writes, read-modify-writes of 8, 16 and 32 bits and the stack, on RAM the TLB holds: after the first
     * turn of the loop no access calls a helper; one that crosses a page does (and still computes the same).
     */
    @Test
    void accessesThatHitTheTlbCallNoHelper() {
        String program = "mov esi, 0x3000\nmov edi, 0x3ffe\nmov ecx, 1000\njmp top\n"
                + "top: mov eax, [esi]\nadd [esi + 4], eax\nmov bl, [esi + 1]\nmov [esi + 8], bx\n"
                + "inc byte [esi + 12]\npush eax\npop edx\nadd eax, [edi]\nsub ecx, 1\njne top\nhlt";
        long[] reference = run(program, JitModes.INTERPRETER, null);
        long[] before = ChicoryWasmLoader.INLINE_MEMORY.calls();
        long[] compiled = new long[1];
        long[] state = run(program, JitModes.FORCE, compiled);
        long[] after = ChicoryWasmLoader.INLINE_MEMORY.calls();
        assertArrayEquals(reference, state, () -> differences(reference, state));
        assertTrue(compiled[0] > 0);
        WasmImports.Import[] memory = {WasmImports.READ8, WasmImports.READ16, WasmImports.READ32,
            WasmImports.WRITE8, WasmImports.WRITE16, WasmImports.WRITE32};
        long[] calls = new long[memory.length];
        for (int i = 0; i < memory.length; i++) {
            calls[i] = after[memory[i].index] - before[memory[i].index];
        }
        // 9 accesses a turn, 1000 turns: only the dword at 0x3ffe, which crosses into the next page, goes through
        // read32 every time (and the first turn's, whose TLB entries were not filled yet, may too).
        long others = calls[0] + calls[1] + calls[3] + calls[4] + calls[5];
        assertTrue(others <= 8, "8- and 16-bit accesses and writes, at most in the first turn: "
                + java.util.Arrays.toString(calls));
        assertTrue(calls[2] >= 1000 && calls[2] <= 1003, "read32 only for the dword crossing a page: " + calls[2]);
    }

    /**
     * A GS-relative read that crosses a page (so the inline path hands it to the helper every time) with a GS base
     * that is not 0, as glibc's thread pointer is: the helper must get the offset, not the offset plus the base
     * (it adds the base itself). Before that was so, a second `node -e` hung in the browser.
     */
    @Test
    void segmentRelativeReadsOnTheSlowPathAddTheBaseOnce() {
        String program = "mov dword [0x3ffc], 0x11223344\nmov dword [0x4000], 0x55667788\n"
                + "mov dword [0x4ffc], 0x99aabbcc\nmov dword [0x5000], 0xddeeff00\n"
                + "mov esi, 0x2ffe\nmov ecx, 100\nxor ebx, ebx\njmp top\n"
                + "top: mov eax, [gs:esi]\nadd ebx, eax\nmov edx, [gs:esi - 2]\nadd ebx, edx\n"
                + "sub ecx, 1\njne top\nmov [0x3010], ebx\nhlt";
        long[] reference = runWithGsBase(program, JitModes.INTERPRETER, null);
        long[] compiled = new long[1];
        long[] state = runWithGsBase(program, JitModes.FORCE, compiled);
        assertArrayEquals(reference, state, () -> differences(reference, state));
        assertTrue(compiled[0] > 0);
    }

    /**
     * Regions going on into one another inside wasm (hops, jit-wasm's HopCells): a Jcc and a JMP back into another
     * region of the page, a JMP to another page and back, CALLs (direct and through a register) to a function in
     * another page and its RET, a RET releasing bytes, deferred flags read after a hop. Most of the chained entries
     * are hops, and every program ends as on the interpreter, with the JIT hot and forced.
     */
    @Test
    void regionsHopIntoOneAnotherAndEndAsOnTheInterpreter() {
        String program = "mov ecx, 3000\nxor eax, eax\nmov ebx, f2\njmp top\n"
                + "back: add eax, 5\nrol eax, 1\ncmp ecx, 1500\njmp mid\n"
                + "top: add eax, ecx\ntest ecx, 3\njz back\n"
                + "mid: call far1\nadd eax, edx\npush ecx\ncall ebx\nsub eax, 1\nsetc dl\njmp far2\n"
                + "next: dec ecx\njnz top\nmov [0x3000], eax\nhlt\n"
                + "align 4096\nfar1: xor eax, 0x55\nmov edx, eax\nret\n"
                + "f2: rol eax, 3\nadd eax, [esp + 4]\nret 4\n"
                + "far2: adc eax, ecx\njmp next\n";
        long[] reference = run(program, JitModes.INTERPRETER, null);
        for (org.nodeoslab.emulator.cpu.jit.JitConfig mode : new org.nodeoslab.emulator.cpu.jit.JitConfig[] {
                JitModes.HOT, JitModes.FORCE}) {
            JitModes.use(mode);
            GuestMachine m = GuestMachine.flat32(program);
            m.run(5_000_000);
            assertTrue(m.cpu.halted);
            long hops = m.cpu.compiledCode().chainedInWasm();
            long chained = m.cpu.compiledCode().chainedRegions();
            assertTrue(hops > chained / 2, mode + ": " + hops + " of " + chained + " chained entries inside wasm");
            long[] state = run(program, mode, null);
            assertArrayEquals(reference, state, () -> differences(reference, state));
        }
    }

    /** As {@link #run}, with GS's base at 0x1000. */
    private static long[] runWithGsBase(String program, org.nodeoslab.emulator.cpu.jit.JitConfig mode,
            long[] compiled) {
        return run(program, mode, compiled, m -> {
            m.cpu.segBase[Cpu.GS] = 0x1000;
            m.cpu.modeChanged();
        });
    }
}
