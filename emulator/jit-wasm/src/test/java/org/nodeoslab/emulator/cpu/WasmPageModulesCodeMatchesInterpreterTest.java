package org.nodeoslab.emulator.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.nodeoslab.emulator.cpu.jit.JitConfig;

/**
 * The random programs, faults and loops with whole pages compiled into one module each (v86's design): a region's
 * jump, call or end that leads to another compiled entry of its page goes on there inside the module.
 */
class WasmPageModulesCodeMatchesInterpreterTest extends WasmCodeMatchesInterpreterTest {
    static {
        WasmBackEnd.usePages();
    }

    @AfterAll
    static void regionsAloneAgain() {
        WasmBackEnd.use();
    }

    /**
     * The three regions of the superclass's test go on into each other inside their page's module: few chained
     * entries, and still the same state as the interpreter's after every slice of the budget.
     */
    @Override
    @Test
    void chainedRegionsStopExactlyAtTheBudget() {
        for (JitConfig mode : new JitConfig[] {JitModes.HOT, JitModes.FORCE, JitModes.SPLIT}) {
            JitBridge compiled = runInSlices(CHAINED, mode, CHAINED_SLICES, 0x300C).cpu.compiledCode();
            assertTrue(compiled.compiledInstructions() > 20_000, mode + ": " + compiled.compiledInstructions());
        }
    }

    /**
     * Functions of one page called in turn from a loop in it: once compiled, the calls, the returns' targets and
     * the loop run inside one module (few entries from Java), and the machine ends as the interpreter's.
     */
    @Test
    void callsBetweenRegionsOfAPageStayInItsModule() {
        StringBuilder p = new StringBuilder("mov ecx, 300\nxor eax, eax\nmov esi, 0x3000\njmp top\ntop:\n");
        for (int f = 0; f < 6; f++) {
            p.append("call f").append(f).append("\nadd eax, ").append(f).append('\n');
        }
        p.append("mov [esi], eax\ndec ecx\njnz top\nhlt\n");
        for (int f = 0; f < 6; f++) {
            p.append("f").append(f).append(": add eax, ").append(f * 7 + 1).append("\nrol eax, ").append(f % 5 + 1)
                    .append("\njmp back").append(f).append("\nback").append(f).append(": ret\n");
        }
        String program = p.toString();
        // An entry taken 50 times has its page compiled with every other entry seen (the counts run from then).
        JitConfig hot = new JitConfig(JitConfig.Mode.ON, 3, 0, JitConfig.DEFAULT_MAX_INSTRUCTIONS, 50);
        long[] reference = run(program, JitModes.INTERPRETER, null);
        long[] state = run(program, hot, null);
        assertArrayEquals(reference, state, () -> differences(reference, state));

        JitModes.use(hot);
        GuestMachine m = GuestMachine.flat32(program);
        m.run(5_000_000);
        JitBridge pages = m.cpu.compiledCode();
        WasmBackEnd.use(org.nodeoslab.emulator.jit.wasm.ChicoryWasmLoader.INLINE_MEMORY);
        JitModes.use(hot);
        GuestMachine alone = GuestMachine.flat32(program);
        alone.run(5_000_000);
        WasmBackEnd.usePages();
        JitBridge regions = alone.cpu.compiledCode();
        assertTrue(pages.compiledInstructions() > 300 * 20, "ran compiled: " + pages.compiledInstructions());
        // Alone, each call, jump and return goes from one module to the next (chained, or through the run loop).
        assertTrue(pages.chainedRegions() * 10 < regions.chainedRegions(), pages.chainedRegions()
                + " regions chained with page modules, " + regions.chainedRegions() + " with a module each");
        assertTrue(pages.cache().countersJson(0).contains("\"pageCompiles\":"), pages.cache().countersJson(0));
    }
}
