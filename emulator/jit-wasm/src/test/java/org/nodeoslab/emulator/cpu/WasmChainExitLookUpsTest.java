package org.nodeoslab.emulator.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.nodeoslab.emulator.cpu.jit.JitConfig;

/**
 * What a region's chaining exits spare the code cache's look-up (CodeCache.findAfter): where they found no code,
 * they look again about one time in the look-up sampling rate, that look-up counting for the exits passed (the entry
 * is compiled after as many entries all the same); where they go to one of two regions in turn, they take each
 * without a look-up. The programs end as on the interpreter.
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

    @Test
    void aReturnToTwoCallersInTurnTakesEachWithoutALookUp() {
        // One RET returns alternately to two callers: the region each exit remembers is the other one.
        String program = "mov ecx, 20000\nxor eax, eax\njmp top\n"
                + "top: call elsewhere\nadd eax, 3\ncall elsewhere\nxor eax, 0x99\ndec ecx\njnz top\nhlt\n"
                + "align 4096\nelsewhere: add eax, ecx\nrol eax, 5\nret";
        long[] reference = CompiledCodeMatchesInterpreterTest.run(program, JitModes.INTERPRETER, null);
        GuestMachine m = ranToTheEnd(program, JitModes.HOT);
        long other = m.cpu.compiledCode().cache().chainedToOther();
        assertTrue(other > 30_000, other + " exits took the region remembered before");
        assertArrayEquals(reference, CompiledCodeMatchesInterpreterTest.run(program, JitModes.HOT, null));
    }

    private static GuestMachine ranToTheEnd(JitConfig config) {
        return ranToTheEnd(PROGRAM, config);
    }

    private static GuestMachine ranToTheEnd(String program, JitConfig config) {
        JitModes.use(config);
        GuestMachine m = GuestMachine.flat32(program);
        m.run(10_000_000);
        assertTrue(m.cpu.halted);
        return m;
    }
}
