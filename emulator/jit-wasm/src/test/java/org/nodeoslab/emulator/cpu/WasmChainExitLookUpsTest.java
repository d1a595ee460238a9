package org.nodeoslab.emulator.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.nodeoslab.emulator.cpu.jit.JitConfig;

/**
 * A region's chaining exits to an entry where they found no code look there again about one time in the look-up
 * sampling rate, that look-up counting for the exits passed (CodeCache.findAfter): the entry is compiled after as
 * many entries all the same, and the program ends as on the interpreter.
 */
class WasmChainExitLookUpsTest {
    static {
        WasmBackEnd.use();
    }

    /**
     * A loop compiled as one region (its JNZ leads past the JMP, so the region goes on there and loops inside its
     * module) that leaves one turn in 8 for a block in another page, reached only by that exit: its entry is counted
     * eight times slower than the loop's, so the exit finds no code there for a while; its 33 instructions are
     * nearly half of those run, so the compiled share says whether it was compiled in time.
     */
    private static final String PROGRAM = "mov ecx, 40000\nxor eax, eax\njmp top\n"
            + "top: add eax, ecx\ntest ecx, 7\njnz next\njmp elsewhere\nnext: dec ecx\njnz top\nhlt\n"
            + "align 4096\nelsewhere: " + "xor eax, 0x55\nrol eax, 3\nadd eax, ecx\nsub eax, 9\n".repeat(8) + "jmp next\n";

    @AfterAll
    static void defaults() {
        JitModes.reset();
    }

    @Test
    void exitsToAnEntryWithoutCodeLookThereOneTimeInTheSamplingRateAndItIsCompiledAllTheSame() {
        long[] reference = CompiledCodeMatchesInterpreterTest.run(PROGRAM, JitModes.INTERPRETER, null);
        JitConfig every = new JitConfig(JitConfig.Mode.ON, 3, 0, JitConfig.DEFAULT_MAX_INSTRUCTIONS, 500);
        GuestMachine unsampled = ranToTheEnd(every);
        assertEquals(0, unsampled.cpu.compiledCode().cache().chainLookUpsSkipped());

        JitConfig sampled = every.withLookupSampling(16);
        GuestMachine m = ranToTheEnd(sampled);
        long skipped = m.cpu.compiledCode().cache().chainLookUpsSkipped();
        assertTrue(skipped > 300, skipped + " exits without a look-up");
        long share = 100 * m.cpu.compiledCode().compiledInstructions() / m.cpu.instructionCount;
        assertTrue(share > 90, share + "% of the instructions ran compiled");
        assertArrayEquals(reference, CompiledCodeMatchesInterpreterTest.run(PROGRAM, sampled, null));
    }

    private static GuestMachine ranToTheEnd(JitConfig config) {
        JitModes.use(config);
        GuestMachine m = GuestMachine.flat32(PROGRAM);
        m.run(10_000_000);
        assertTrue(m.cpu.halted);
        return m;
    }
}
