package org.nodeoslab.emulator.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.nodeoslab.emulator.cpu.jit.JitConfig;

/**
 * The random programs, a fault inside a region and a loop stopping at the budget, compiled to wasm (Chicory); and
 * faults that must find the flags of an operation the module computed itself and had not yet recorded.
 */
class WasmCodeMatchesInterpreterTest extends CompiledCodeMatchesInterpreterTest {
    static {
        WasmBackEnd.use();
    }

    /** Code before a faulting read-modify-write: each leaves the flags in another state of deferral. */
    private static final String[] BEFORE_THE_FAULT = {
        "sub ebx, 1\nmov edx, eax\n", // a SUB deferred, a MOV after it
        "cmp eax, ebx\n",
        "xor ecx, ecx\nadd eax, 5\nlea edx, [eax + 1]\n", // the XOR's flags dead, the ADD's deferred
        "and al, 0x80\n", // 8 bits
        "sub cx, 7\n", // 16 bits
        "cmp eax, 3\nje next\nnext:\n", // deferred across a Jcc not taken
        "add eax, 9\nimul eax, ebx\n", // IMUL sets every flag: the ADD's are dead
        "add eax, 7\nshl edx, 3\n", // so does SHL
        "sub eax, 7\nrol edx, 3\n", // ROL keeps SF/ZF: the SUB's are recorded first
        "add eax, 7\ninc edx\n", // INC keeps CF
        "add eax, 0x80000001\ninc edx\n", // ... a carry out of the ADD, computed in wasm
        "sub eax, ebx\ndec ecx\n", // a borrow
        "cmp al, 200\ninc cx\ndec edx\n", // from 8 bits to 16, through a second one
        "sub eax, ebx\ninc ecx\nsetc dl\nadc edx, 0\n", // read after it (SETC, ADC)
        "xor eax, eax\ndec eax\n", // logic operations clear CF
        // A loop back to its entry: the fault comes in a later turn, with the flags of the previous one deferred.
        "mov edi, 0x2ff0\nmov ecx, 100\njmp again\nagain: add ebx, [edi]\nadd edi, 4\nsub ecx, 1\njne again\n",
        // Jumps inside the region: paths that meet with different operations deferred (SUB or ADD; SUB or
        // none), with the same one, a JMP to the next instruction, and a loop whose head is not the entry with a
        // join inside it (the fault in a later pass, after the join).
        "cmp eax, ebx\njb over\nadd eax, 1\nover:\n",
        "cmp eax, ebx\njb over\nadd eax, 1\nover: mov edx, eax\n",
        "cmp eax, ebx\nja over\ncmp ebx, eax\nover:\n",
        "sub ebx, 1\njnc over\nimul eax, ebx\nover:\n",
        "cmp al, 200\njbe over\ninc cx\nover:\n",
        "add eax, 7\njmp over\nover:\n",
        "mov edi, 0x2ff0\nmov ecx, 100\njmp again\nagain: xor edx, edx\nnext: add ebx, [edi]\ntest ecx, 1\n"
                + "jz even\ninc edx\neven: add edi, 4\nsub ecx, 1\njne next\n",
    };

    @Test
    void flagsReadAfterPathsMeetAreTheInterpreters() {
        // Jcc forward over flag writers of other sizes and kinds, then SETcc, ADC, SBB and Jcc read the flags where
        // the paths meet; an inner loop whose head is not the region's entry; run to the end and in slices.
        String program = "mov ecx, 1500\nxor eax, eax\nmov ebx, 0x12345\nmov esi, 0x3000\nxor edx, edx\njmp top\n"
                + "top: add eax, ebx\njc carry\nsub ebx, 3\ncarry: setc dl\nadc eax, edx\ncmp eax, ecx\nja above\n"
                + "inc bx\nabove: sbb edx, 0\njbe low\nmov [esi], edx\nlow: cmp al, 200\njb small\ninc cx\n"
                + "small: setbe dh\nmov [esi + 4], edx\nmov edi, 3\ninner: xor [esi + 8], eax\ntest edi, 1\n"
                + "jz even\nshl eax, 1\neven: dec edi\njnz inner\ndec ecx\njnz top\npushfd\npop edi\nhlt";
        long[] reference = run(program, JitModes.INTERPRETER, null);
        for (JitConfig mode : new JitConfig[] {JitModes.HOT, JitModes.FORCE, JitModes.SPLIT}) {
            long[] compiled = new long[1];
            long[] state = run(program, mode, compiled);
            assertTrue(compiled[0] > 0, mode.toString());
            assertArrayEquals(reference, state, () -> mode + ": " + differences(reference, state));
        }
        int[] slices = {1, 7, 64, 13, 1000, 3, 999, 2, 11, 40, 41};
        JitModes.use(JitModes.INTERPRETER);
        GuestMachine interpreted = GuestMachine.flat32(program);
        JitModes.use(JitModes.HOT);
        GuestMachine compiled = GuestMachine.flat32(program);
        for (int i = 0; !interpreted.cpu.halted; i++) {
            int slice = slices[i % slices.length];
            assertEquals(interpreted.cpu.run(slice), compiled.cpu.run(slice), "slice " + i);
            assertArrayEquals(interpreted.cpu.reg, compiled.cpu.reg, "slice " + i);
            assertEquals(interpreted.cpu.eip, compiled.cpu.eip, "slice " + i);
            assertEquals(interpreted.cpu.getEflags(), compiled.cpu.getEflags(), "slice " + i);
        }
    }

    @Test
    void jumpsInsideTheRegionDoNotLeaveIt() {
        // An inner loop (its head the region's second instruction) with a forward Jcc inside, an outer loop back
        // to the entry: the module goes round by itself, leaving only when another pass does not fit the budget.
        // Each taken jump used to leave the region and chain back into it: ~5,500 chained entries.
        String program = "mov ecx, 500\nxor eax, eax\nmov esi, 0x3000\njmp top\n"
                + "top: mov ebx, 7\n"
                + "inner: add eax, ebx\nmov [esi + 4], eax\ntest eax, 4\njz skip\nxor [esi], eax\nadd edx, 3\n"
                + "skip: dec ebx\njnz inner\ndec ecx\njnz top\nhlt";
        long[] reference = run(program, JitModes.INTERPRETER, null);
        JitModes.use(JitModes.FORCE);
        GuestMachine m = GuestMachine.flat32(program);
        m.run(5_000_000);
        assertTrue(m.cpu.halted);
        long chained = m.cpu.compiledCode().chainedRegions();
        assertTrue(chained < 100, chained + " regions chained");
        assertArrayEquals(reference, run(program, JitModes.FORCE, null));
    }

    @Test
    void aFaultFindsTheFlagsOfTheOperationBeforeIt() {
        for (String before : BEFORE_THE_FAULT) {
            String program = "gate 13, handler\n"
                    + "mov esi, 0x3000\nmov eax, 0x7fffffff\nmov ebx, 0x80000000\nstc\njmp top\n"
                    + "top: " + before + "add [esi], eax\nhlt\n"
                    + "handler: pop edi\nmov ebp, [esp]\npushfd\npop esi\nhlt";
            long[] reference = run(program, JitModes.INTERPRETER, null);
            for (JitConfig mode : new JitConfig[] {JitModes.FORCE, JitModes.SPLIT}) {
                long[] compiled = new long[1];
                long[] state = run(program, mode, compiled);
                assertTrue(compiled[0] > 0, mode.toString());
                assertArrayEquals(reference, state, () -> mode + " after " + before + ": "
                        + differences(reference, state));
            }
        }
    }

    @Test
    void pushAndPopOnASixteenBitStackAreLeftToTheInterpreter() {
        // The module pushes and pops as on a 32-bit stack; with SS's B bit clear they move SP alone (ESP's top half
        // stays), so the region must not run there.
        String program = "mov esp, 0x12348000\nmov eax, 0x11223344\njmp top\n"
                + "top: push eax\npush 7\npop ebx\npush ebx\npop ecx\nmov edx, esp\nhlt";
        long[][] states = new long[2][];
        JitConfig[] modes = {JitModes.INTERPRETER, JitModes.FORCE};
        for (int i = 0; i < 2; i++) {
            JitModes.use(modes[i]);
            GuestMachine m = GuestMachine.flat32(program);
            m.cpu.segAccess[Cpu.SS] &= ~0x400000;
            m.cpu.modeChanged();
            m.run(1000);
            states[i] = new long[] {m.cpu.reg[1], m.cpu.reg[2], m.cpu.reg[3], m.cpu.reg[4], m.read32(0x7FF8),
                m.read32(0x7FFC), m.cpu.instructionCount};
        }
        assertArrayEquals(states[0], states[1]);
        assertEquals(0x12347FFC, (int) states[0][1], "one push left: SP moved, ESP's top half kept");
    }

    /** Heavy (-Djit.proof=true): 500 more random programs than the 32 of every build, in every mode. */
    @Test
    @EnabledIfSystemProperty(named = "jit.proof", matches = "true")
    void manyMoreRandomPrograms() {
        for (int s = 33; s < 533; s++) {
            int seed = s;
            String program = program(new Random(seed), 60);
            long[] reference = run(program, JitModes.INTERPRETER, null);
            for (JitConfig mode : new JitConfig[] {JitModes.FORCE, JitModes.SPLIT, JitModes.HOT}) {
                long[] state = run(program, mode, new long[1]);
                assertArrayEquals(reference, state, () -> "seed " + seed + ", " + mode + ": "
                        + differences(reference, state) + "\n" + program);
            }
        }
    }
}
