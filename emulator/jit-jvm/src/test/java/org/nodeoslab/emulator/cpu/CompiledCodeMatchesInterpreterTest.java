package org.nodeoslab.emulator.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.nodeoslab.emulator.cpu.jit.JitConfig;

/**
 * Random straight-line programs of the forms the JIT compiles (and some it leaves to the interpreter inside a
 * region: MUL, BT, XCHG, PUSHFD...), looped so that hot-page compilation starts half-way, run under the
 * interpreter and under each JIT mode: registers, EFLAGS, EIP, the data area and the instruction count must come
 * out identical. The interpreter is the reference (the differential suite holds it to the host CPU).
 */
class CompiledCodeMatchesInterpreterTest {
    private static final String[] R32 = {"eax", "ecx", "edx", "ebx", "ebp", "edi"};
    private static final String[] R8 = {"al", "cl", "dl", "bl", "ah", "ch", "dh", "bh"};
    private static final String[] R16 = {"ax", "cx", "dx", "bx", "bp", "di"};
    private static final String[] ALU = {"add", "or", "adc", "sbb", "and", "sub", "xor", "cmp"};
    private static final String[] SHIFT = {"rol", "ror", "rcl", "rcr", "shl", "shr", "sal", "sar"};
    private static final String[] CC = {"o", "no", "b", "ae", "e", "ne", "be", "a", "s", "ns", "p", "np", "l", "ge",
        "le", "g"};
    private static final int[] VALUES = {0, 1, -1, 0x7FFFFFFF, 0x80000000, 0xFF, 0x80, 0x7F, 0xFFFF, 0x8000, 2, 31,
        32, 33, 0x12345678, 0xDEADBEEF};

    @AfterAll
    static void interpreterAgain() {
        JitModes.reset();
    }

    @Test
    void randomProgramsRunTheSameInEveryMode() {
        long compiled = 0;
        for (int s = 1; s <= 32; s++) {
            int seed = s;
            String program = program(new Random(seed), 60);
            long[] reference = run(program, JitModes.INTERPRETER, null);
            for (JitConfig mode : new JitConfig[] {JitModes.FORCE, JitModes.SPLIT, JitModes.HOT,
                JitModes.BACKGROUND, JitModes.SAMPLED}) {
                long[] count = new long[1];
                long[] state = run(program, mode, count);
                compiled += count[0];
                assertArrayEquals(reference, state, () -> "seed " + seed + ", " + mode + ": " + differences(reference,
                        state) + "\n" + program);
            }
        }
        assertTrue(compiled > 100, "regions compiled: " + compiled);
    }

    @Test
    void aFaultInsideARegionLeavesTheInterpreterState() {
        // DS ends at 0x2FFF: the ADD to [ESI] faults (#GP) as the fifth instruction of a region. Its handler sees
        // the EIP of the ADD, the registers of the instructions before it and their flags (the faulting
        // read-modify-write changes nothing).
        String program = "gate 13, handler\n"
                + "mov esi, 0x3000\nstc\njmp top\n" // compiled code starts at branch targets
                + "top: add eax, 3\nmov edx, eax\nsub ebx, 1\nadc ecx, 7\nadd [esi], eax\nhlt\n"
                + "handler: pop edi\nmov ebp, [esp]\npushfd\npop esi\nhlt";
        long[] reference = run(program, JitModes.INTERPRETER, null);
        assertEquals(0x1000, reference[5] >>> 12 << 12, "the handler read the ADD's EIP into EBP");
        for (JitConfig mode : new JitConfig[] {JitModes.FORCE, JitModes.SPLIT}) {
            long[] compiled = new long[1];
            long[] state = run(program, mode, compiled);
            assertTrue(compiled[0] > 0, mode.toString());
            assertArrayEquals(reference, state, () -> mode + ": " + differences(reference, state));
        }
    }

    @Test
    void aFaultFindsTheFlagsCompiledCodeHadNotRecordedYet() {
        // Compiled code records an ADD/SUB/logic/INC/DEC's flags only when something reads them; here the next
        // instruction after them faults (#GP: DS ends at 0x2FFF), so the handler's EFLAGS (pushed by the fault and
        // by PUSHFD) must be those of the instructions before it: an INC/DEC keeping the carry of the operation
        // before it, a memory read-modify-write, a shift that sets every flag, a join of two paths, a rotate.
        String[] bodies = {
            "add eax, 3\ninc ecx\nmov edx, [esi]",
            "cmp eax, ebx\nmov edx, [esi]",
            "sub ebx, 1\ndec ecx\ninc edx\nmov [esi], eax",
            "test eax, eax\njz next\nadd ebx, 1\nnext: dec ebx\nmov edx, [esi]",
            "add eax, 5\nshl ebx, 3\nmov edx, [esi]",
            "shr dword [esi - 4], 3\ninc ecx\nmov edx, [esi]",
            "sar ebx, 31\njs next\nnop\nnext: mov edx, [esi]",
            "imul ecx, ebx, 3\nmov edx, [esi]",
            "imul eax, ebx\ninc ecx\nmov edx, [esi]",
            "imul eax, ebx\njo next\ninc edx\nnext: mov edx, [esi]",
            "add eax, 5\nrcl ebx, 3\nmov edx, [esi]",
            "neg eax\nmov edx, [esi]",
            "add dword [esi - 4], 7\nmov [esi], eax",
            "xor ecx, ecx\nxadd [esi - 4], eax\nmov edx, [esi]",
            "or cl, 0x80\ncmpxchg [esi - 4], ecx\nmov edx, [esi]",
            "add al, 0xF0\ninc byte [esi - 4]\nsetc dl\nadd [esi], dl",
            "sub ax, 2\nadd word [esi + 2], ax",
        };
        for (String body : bodies) {
            String program = "gate 13, handler\n"
                    + "mov esi, 0x3000\nmov eax, -1\nmov ebx, 0x7FFFFFFF\nmov ecx, 0x80000000\njmp top\n"
                    + "top: " + body + "\nhlt\n"
                    + "handler: pop edi\nmov ebp, [esp]\npushfd\npop esi\nhlt";
            long[] reference = run(program, JitModes.INTERPRETER, null);
            assertEquals(0x1000, reference[5] >>> 12 << 12, body + ": the handler ran");
            for (JitConfig mode : new JitConfig[] {JitModes.FORCE, JitModes.SPLIT}) {
                long[] compiled = new long[1];
                long[] state = run(program, mode, compiled);
                assertTrue(compiled[0] > 0, mode.toString());
                assertArrayEquals(reference, state, () -> body + ", " + mode + ": " + differences(reference, state));
            }
        }
    }

    @Test
    void aLoopInsideOneRegionStopsExactlyAtTheBudget() {
        // The loop jumps back to its own entry, so the compiled method goes round by itself; run in slices of odd
        // sizes, it must stop where the interpreter stops, slice after slice.
        String program = "mov ecx, 3000\nxor eax, eax\nmov esi, 0x3000\njmp top\n"
                + "top: add eax, ecx\nmov [esi + 4], eax\nshl eax, 1\nxor [esi], eax\ndec ecx\njnz top\nhlt";
        for (JitConfig mode : new JitConfig[] {JitModes.HOT, JitModes.FORCE}) {
            JitModes.use(JitModes.INTERPRETER);
            GuestMachine reference = GuestMachine.flat32(program);
            JitModes.use(mode);
            GuestMachine compiled = GuestMachine.flat32(program);
            int[] slices = {1, 5, 7, 64, 13, 100, 1000, 3, 999};
            for (int i = 0; !reference.cpu.halted; i++) {
                int slice = slices[i % slices.length];
                assertEquals(reference.cpu.run(slice), compiled.cpu.run(slice));
                assertArrayEquals(reference.cpu.reg, compiled.cpu.reg, mode + ", slice " + i);
                assertEquals(reference.cpu.eip, compiled.cpu.eip);
                assertEquals(reference.cpu.getEflags(), compiled.cpu.getEflags());
                assertEquals(reference.read32(0x3000), compiled.read32(0x3000));
            }
            assertTrue(compiled.cpu.halted);
            assertTrue(compiled.cpu.compiledCode().compiledInstructions() > 10_000,
                    mode + ": " + compiled.cpu.compiledCode().compiledInstructions());
        }
    }

    @Test
    void jumpsInsideARegionStopExactlyAtTheBudget() {
        // An inner loop back to the region's second instruction, a forward Jcc over two instructions and a JMP back
        // to the entry: the compiled method jumps inside itself (no exit), and must still stop where the
        // interpreter stops, slice after slice, with the same registers, flags and memory.
        String program = "mov ecx, 500\nxor eax, eax\nmov esi, 0x3000\njmp top\n"
                + "top: mov ebx, 7\n"
                + "inner: add eax, ebx\nmov [esi + 4], eax\ntest eax, 4\njz skip\nxor [esi], eax\nadd edx, 3\n"
                + "skip: dec ebx\njnz inner\ndec ecx\njz done\njmp top\n"
                + "done: hlt";
        for (JitConfig mode : new JitConfig[] {JitModes.HOT, JitModes.FORCE, JitModes.SPLIT}) {
            GuestMachine compiled = runInSlices(program, mode, new int[] {1, 5, 7, 64, 13, 100, 1000, 3, 999, 2, 11},
                    0x3008);
            assertTrue(compiled.cpu.compiledCode().compiledInstructions() > 10_000,
                    mode + ": " + compiled.cpu.compiledCode().compiledInstructions());
        }
    }

    @Test
    void chainedRegionsStopExactlyAtTheBudget() {
        // Three regions that jump to one another (a loop whose body is cut by JMPs, a call and its return): compiled
        // code runs the next region itself, and must still stop where the interpreter stops, slice after slice.
        for (JitConfig mode : new JitConfig[] {JitModes.HOT, JitModes.FORCE, JitModes.SPLIT}) {
            GuestMachine compiled = runInSlices(CHAINED, mode, CHAINED_SLICES, 0x300C);
            assertTrue(compiled.cpu.compiledCode().chainedRegions() > 1000,
                    mode + ": " + compiled.cpu.compiledCode().chainedRegions() + " regions chained");
        }
    }

    /** {@link #chainedRegionsStopExactlyAtTheBudget}'s program (data up to 0x300C) and slices of the budget. */
    static final String CHAINED = "mov ecx, 3000\nxor eax, eax\nmov esi, 0x3000\njmp top\n"
            + "top: add eax, ecx\njmp middle\n"
            + "middle: mov [esi + 4], eax\ncall step\nxor [esi], eax\ndec ecx\njnz top\nhlt\n"
            + "step: shl eax, 1\ninc dword [esi + 8]\nret";
    static final int[] CHAINED_SLICES = {1, 5, 7, 64, 13, 100, 1000, 3, 999, 2};

    /**
     * Runs {@code program} interpreted and in {@code mode} side by side, {@code slices} instructions at a time in
     * turn, asserting after each slice the same count retired, registers, EIP, flags and dwords from 0x3000 up to
     * {@code dataEnd}; the compiled machine, halted, for the caller's own checks.
     */
    static GuestMachine runInSlices(String program, JitConfig mode, int[] slices, int dataEnd) {
        JitModes.use(JitModes.INTERPRETER);
        GuestMachine reference = GuestMachine.flat32(program);
        JitModes.use(mode);
        GuestMachine compiled = GuestMachine.flat32(program);
        for (int i = 0; !reference.cpu.halted; i++) {
            int slice = slices[i % slices.length];
            String at = mode + ", slice " + i;
            assertEquals(reference.cpu.run(slice), compiled.cpu.run(slice), at);
            assertArrayEquals(reference.cpu.reg, compiled.cpu.reg, at);
            assertEquals(reference.cpu.eip, compiled.cpu.eip, at);
            assertEquals(reference.cpu.getEflags(), compiled.cpu.getEflags(), at);
            for (int a = 0x3000; a < dataEnd; a += 4) {
                assertEquals(reference.read32(a), compiled.read32(a), at + ", dword at " + Integer.toHexString(a));
            }
        }
        assertTrue(compiled.cpu.halted);
        return compiled;
    }

    @Test
    void aBranchToAnotherPageEntersCompiledCodeThere() {
        // Every CALL and RET crosses a page: the compiled code at the target runs without the interpreter having
        // fetched from that page first (the fetch window moves to it through the TLB).
        String program = "mov ecx, 20000\nxor eax, eax\njmp top\n"
                + "top: call elsewhere\nadd eax, 3\ndec ecx\njnz top\nhlt\n"
                + "align 4096\nelsewhere: add eax, ecx\nxor eax, 0x55\nret";
        long[] reference = run(program, JitModes.INTERPRETER, null);
        long share = compiledShare(ranToTheEnd(program, JitModes.HOT, false));
        assertTrue(share > 95, share + "% of the instructions ran compiled");
        assertArrayEquals(reference, run(program, JitModes.HOT, null));
    }

    /** A loop of four small blocks and a call: four branch targets a turn, 20,000 turns. */
    private static final String BLOCKS_LOOP = "mov ecx, 20000\nxor eax, eax\njmp top\n"
            + "top: test ecx, 1\njz even\nadd eax, ecx\njmp next\neven: sub eax, 7\nnext: call f\n"
            + "dec ecx\njnz top\nhlt\nf: xor eax, 0x55\nret";

    @Test
    void unmarkedBranchTargetsAreLookedUpOneInAbout16() {
        // The blocks' entries never hot enough (entry threshold 10^9): every look-up finds nothing. Sampled, the
        // run loop looks up about one branch target in 16.
        String program = BLOCKS_LOOP;
        long[] reference = run(program, JitModes.INTERPRETER, null);
        JitConfig lukewarm = new JitConfig(JitConfig.Mode.ON, 3, 0, JitConfig.DEFAULT_MAX_INSTRUCTIONS, 1_000_000_000);
        long every = lookUps(program, lukewarm);
        long sampled = lookUps(program, lukewarm.withLookupSampling(16));
        assertTrue(every > 80_000, every + " look-ups");
        assertTrue(sampled > every / 32 && sampled < every / 8, sampled + " look-ups sampled of " + every);
        assertArrayEquals(reference, run(program, lukewarm.withLookupSampling(16), null));
    }

    @Test
    void sampledLookUpsStillFindHotEntriesAndThenEveryVisit() {
        // The blocks' entries hot after 2000 entries: counted one look-up in about 16 (weighing 16), they are
        // compiled all the same, and their decoded entries marked, so compiled code runs at every visit after.
        String program = BLOCKS_LOOP;
        long[] reference = run(program, JitModes.INTERPRETER, null);
        JitConfig config = new JitConfig(JitConfig.Mode.ON, 3, 0, JitConfig.DEFAULT_MAX_INSTRUCTIONS, 2000)
                .withLookupSampling(16);
        long share = compiledShare(ranToTheEnd(program, config, false));
        assertTrue(share > 80, share + "% of the instructions ran compiled");
        assertArrayEquals(reference, run(program, config, null));
    }

    /** The run loop's look-ups at branch targets while {@code program} runs to its end under {@code config}. */
    private static long lookUps(String program, JitConfig config) {
        GuestMachine m = ranToTheEnd(program, config, true);
        java.util.regex.Matcher entries = java.util.regex.Pattern.compile("\"entries\":(\\d+)")
                .matcher(m.cpu.compiledCode().cache().countersJson(0));
        assertTrue(entries.find());
        return Long.parseLong(entries.group(1));
    }

    /** The machine that ran {@code program} under {@code config} until it halted, its trips counted if asked. */
    private static GuestMachine ranToTheEnd(String program, JitConfig config, boolean countTrips) {
        JitModes.use(config);
        GuestMachine m = GuestMachine.flat32(program);
        if (countTrips) {
            m.cpu.compiledCode().countMisses();
        }
        m.run(5_000_000);
        assertTrue(m.cpu.halted);
        return m;
    }

    /** The percentage of the instructions {@code m} ran that compiled code ran. */
    private static long compiledShare(GuestMachine m) {
        return 100 * m.cpu.compiledCode().compiledInstructions() / m.cpu.instructionCount;
    }

    @Test
    void anExitTakesTheRegionItKnowsOnlyWhereItLeads() {
        // One RET returns alternately to two callers, and one JMP to another page alternates between two targets:
        // each exit keeps the region it took last, which is wrong every other time.
        String program = "mov ecx, 20000\nxor eax, eax\nxor ebx, ebx\njmp top\n"
                + "top: call elsewhere\nadd eax, 3\ncall elsewhere\nxor eax, 0x99\ndec ecx\njnz top\nhlt\n"
                + "align 4096\nelsewhere: add eax, ecx\ntest ecx, 1\njz even\nimul eax, eax, 5\njmp back\n"
                + "even: add ebx, eax\nback: ret";
        long[] reference = run(program, JitModes.INTERPRETER, null);
        for (JitConfig mode : new JitConfig[] {JitModes.HOT, JitModes.FORCE, JitModes.SPLIT}) {
            JitModes.use(mode);
            GuestMachine m = GuestMachine.flat32(program);
            m.run(5_000_000);
            assertTrue(m.cpu.compiledCode().chainedRegions() > 10_000, mode + ": "
                    + m.cpu.compiledCode().chainedRegions() + " regions chained");
            assertArrayEquals(reference, run(program, mode, null), mode.toString());
        }
    }

    @Test
    void memoryOperandsUseTheSegmentAnInterpretedInstructionLoaded() {
        // Selector 0x28: data, base 0x1000, 4 GiB. Within one straight line, DS is switched between it and the flat
        // one by interpreted MOVs, and the same offsets are read and written through each.
        String program = "mov dword [0x528], 0x1000FFFF\nmov dword [0x52C], 0x00CF9200\n"
                + "mov word [0x600], 47\nmov dword [0x602], 0x500\nlgdt [0x600]\n"
                + "mov ecx, 3000\nmov dword [0x2000], 7\nmov dword [0x3000], 11\njmp top\n"
                + "top: mov bx, 0x28\nmov ds, bx\nmov eax, [0x2000]\nadd [0x2004], eax\nmov bx, 0x10\nmov ds, bx\n"
                + "add eax, [0x2000]\nadd [0x2008], eax\ndec ecx\njnz top\nmov eax, [0x3004]\nmov ebx, [0x2008]\nhlt";
        long[] reference = run(program, JitModes.INTERPRETER, null);
        assertEquals(3000 * 11, (int) reference[Cpu.EAX], "through base 0x1000: [0x3004] summed 11s");
        for (JitConfig mode : new JitConfig[] {JitModes.FORCE, JitModes.HOT, JitModes.SPLIT}) {
            long[] compiled = new long[1];
            assertArrayEquals(reference, run(program, mode, compiled), mode.toString());
            assertTrue(compiled[0] > 0, mode.toString());
        }
    }

    @Test
    void stackOperationsOnA16BitStackMoveSpOnly() {
        // Selector 0x28: a 16-bit data segment (B = 0, limit 0xFFFFF) loaded into SS now and then. PUSH, POP, CALL,
        // RET and LEAVE are compiled inline for a 32-bit stack: on this one they must wrap SP and keep ESP's high
        // half, as the interpreter's do (ESP 0x10002 becomes 0x1FFFE after a PUSH, not 0xFFFE).
        String program = "mov dword [0x528], 0x0000FFFF\nmov dword [0x52C], 0x000F9200\n"
                + "mov word [0x600], 47\nmov dword [0x602], 0x500\nlgdt [0x600]\n"
                + "mov ecx, 3000\nmov esi, 0x3000\njmp top\n"
                + "top: mov ebx, esp\nmov dx, 0x28\ntest ecx, 1\njz flat\nmov ss, dx\n"
                + "flat: mov esp, 0x10002\npush eax\nmov edi, esp\ncall step\npop eax\nadd [esi], edi\n"
                + "push ebp\nmov ebp, esp\npush ecx\nleave\nadd [esi + 4], esp\n"
                + "mov dx, 0x10\nmov ss, dx\nmov esp, ebx\ndec ecx\njnz top\nhlt\n"
                + "step: add [esi + 8], esp\ninc eax\nret";
        long[] reference = run(program, JitModes.INTERPRETER, null);
        for (JitConfig mode : new JitConfig[] {JitModes.HOT, JitModes.FORCE, JitModes.SPLIT}) {
            long[] compiled = new long[1];
            long[] state = run(program, mode, compiled);
            assertTrue(compiled[0] > 0, mode.toString());
            assertArrayEquals(reference, state, () -> mode + ": " + differences(reference, state));
        }
    }

    /** Runs the program to HLT; the state as numbers (registers, EFLAGS, EIP, instructions, data area). */
    static long[] run(String program, JitConfig mode, long[] compiled) {
        return run(program, mode, compiled, m -> {
            if (program.startsWith("gate 13")) {
                m.cpu.segLimit[Cpu.DS] = 0x2FFF;
                m.cpu.modeChanged();
            }
        });
    }

    /** As {@link #run(String, JitConfig, long[])}, {@code setUp} changing the machine before it runs. */
    static long[] run(String program, JitConfig mode, long[] compiled, java.util.function.Consumer<GuestMachine> setUp) {
        JitModes.use(mode);
        GuestMachine m = GuestMachine.flat32(program);
        setUp.accept(m);
        m.run(5_000_000);
        List<Long> out = new ArrayList<>();
        for (int r = 0; r < 8; r++) {
            out.add((long) m.cpu.reg[r]);
        }
        out.add((long) m.cpu.getEflags());
        out.add((long) m.cpu.eip);
        out.add(m.cpu.instructionCount);
        for (int a = 0x3000; a < 0x3100; a += 4) {
            out.add((long) m.read32(a));
        }
        if (compiled != null) {
            compiled[0] = JitModes.compiled(m.cpu);
        }
        return out.stream().mapToLong(Long::longValue).toArray();
    }

    /** {@code n} random instructions, run 40 times in a loop counted in memory, with data at ESI = 0x3000. */
    static String program(Random rnd, int n) {
        StringBuilder s = new StringBuilder();
        s.append("mov esi, 0x3000\nmov dword [0x2F00], 40\n");
        for (int r = 0; r < R32.length; r++) {
            s.append("mov ").append(R32[r]).append(", ").append(VALUES[rnd.nextInt(VALUES.length)]).append('\n');
        }
        for (int i = 0; i < 64; i++) {
            s.append("mov dword [esi + ").append(i * 4).append("], ").append(VALUES[rnd.nextInt(VALUES.length)])
                    .append('\n');
        }
        s.append("top:\n");
        int labels = 0;
        for (int i = 0; i < n; i++) {
            if (rnd.nextInt(8) == 0) {
                s.append("j").append(pick(rnd, CC)).append(" skip").append(labels).append('\n');
                s.append(instruction(rnd)).append('\n');
                s.append("skip").append(labels++).append(":\n");
            } else if (rnd.nextInt(30) == 0) {
                s.append("call sub\n");
            } else {
                s.append(instruction(rnd)).append('\n');
            }
        }
        s.append("dec dword [0x2F00]\njnz top\npushfd\npop esi\nhlt\n");
        s.append("sub: add eax, ebx\nsetc cl\nret\n");
        return s.toString();
    }

    private static String instruction(Random rnd) {
        String r = pick(rnd, R32);
        String r2 = pick(rnd, R32);
        String b = pick(rnd, R8);
        String b2 = pick(rnd, R8);
        String mem = "[esi + " + rnd.nextInt(60) * 4 + "]";
        String memb = "byte [esi + " + rnd.nextInt(255) + "]";
        int imm = VALUES[rnd.nextInt(VALUES.length)];
        String w = pick(rnd, R16);
        String w2 = pick(rnd, R16);
        String memw = "word [esi + " + rnd.nextInt(250) + "]";
        switch (rnd.nextInt(44)) {
            case 42: return pick(rnd, new String[] {"cmpxchg " + mem + ", " + r, "cmpxchg " + r + ", " + r2, "cmpxchg "
                    + memb + ", " + b, "cmpxchg " + b + ", " + b2, "cmpxchg " + memw + ", " + w, "cmpxchg " + w + ", "
                    + w2, "mov eax, " + mem + "\ncmpxchg " + mem + ", " + r, "xadd " + mem + ", " + r, "xadd " + r + ", "
                    + r2, "xadd " + memb + ", " + b, "xadd " + b + ", " + b2, "xadd " + memw + ", " + w, "xadd " + r
                    + ", " + r});
            case 43: return pick(rnd, new String[] {"mul " + r, "imul " + r, "mul dword " + mem, "imul dword " + mem,
                    "lock add " + mem + ", " + r, "lock cmpxchg " + mem + ", " + r, "lock xadd " + memb + ", " + b,
                    "lock inc dword " + mem, "lock not " + memw, "lock xchg " + mem + ", " + r, "lock sub " + memb
                    + ", " + rnd.nextInt(256), "lock neg dword " + mem});
            case 39: return pick(rnd, new String[] {"not dword " + mem, "neg dword " + mem, "not " + memb, "neg " + memb,
                    "not " + memw, "neg " + memw, "not " + b, "neg " + b, "not " + w, "neg " + w, "neg " + r,
                    "xchg " + mem + ", " + r, "xchg " + b + ", " + b2, "xchg " + memb + ", " + b, "xchg " + w + ", "
                    + w2, "xchg " + memw + ", " + w, "xchg eax, " + r, "xchg ax, " + w, "bswap " + r});
            case 40: return "push ebp\nmov ebp, esp\npush " + r + "\npush " + r2 + "\nleave";
            case 41: {
                // String instructions on the data area (EDI = ESI + 128), forwards or backwards.
                String[] ops = {"movsb", "movsw", "movsd", "stosb", "stosw", "stosd", "lodsb", "lodsw", "lodsd",
                    "scasb", "scasw", "scasd", "cmpsb", "cmpsw", "cmpsd", "es lodsd", "ss movsb", "cs cmpsw"};
                boolean down = rnd.nextBoolean();
                return "push esi\npush edi\nlea edi, [esi + 128]\n" + (down ? "add esi, 64\nstd\n" : "")
                        + pick(rnd, ops) + "\n" + pick(rnd, ops) + "\n" + pick(rnd, ops) + (down ? "\ncld" : "")
                        + "\npop edi\npop esi";
            }
            case 37: return pick(rnd, new String[] {"test " + memb + ", " + rnd.nextInt(256), "test dword " + mem + ", "
                    + imm, "test " + memw + ", " + (imm & 0xFFFF), "test " + w + ", " + (imm & 0xFFFF), "pause",
                    "lfence", "mfence", "sfence", "xchg ax, ax", "movsx " + w + ", " + memb, "movzx " + w + ", " + b,
                    "mov al, [0x" + Integer.toHexString(0x3000 + rnd.nextInt(255)) + "]", "mov [0x"
                    + Integer.toHexString(0x3000 + rnd.nextInt(60) * 4) + "], eax"});
            case 38: return pick(rnd, new String[] {"mov " + r + ", [es:esi + " + rnd.nextInt(60) * 4 + "]",
                    "add dword [ss:esi + " + rnd.nextInt(60) * 4 + "], " + r, "inc dword [ds:esi + " + rnd.nextInt(60) * 4
                    + "]", "mov " + b + ", [es:esi + " + rnd.nextInt(255) + "]", "mov eax, [es:0x"
                    + Integer.toHexString(0x3000 + rnd.nextInt(60) * 4) + "]", "lea " + r + ", [es:" + r2 + " + 8]",
                    "sub " + r + ", [cs:esi + " + rnd.nextInt(60) * 4 + "]"});
            case 34: return pick(rnd, new String[] {pick(rnd, ALU) + " " + w + ", " + w2, pick(rnd, ALU) + " " + w
                    + ", " + (imm & 0xFFFF), pick(rnd, ALU) + " " + memw + ", " + w, pick(rnd, ALU) + " " + w + ", "
                    + memw, pick(rnd, ALU) + " " + memw + ", byte " + (rnd.nextInt(256) - 128)});
            case 35: return pick(rnd, new String[] {"mov " + memw + ", " + w, "mov " + w + ", " + memw, "mov " + w + ", "
                    + (imm & 0xFFFF), "mov " + memw + ", " + (imm & 0xFFFF), "test " + w + ", " + w2, "test ax, "
                    + (imm & 0xFFFF)});
            case 36: return pick(rnd, new String[] {pick(rnd, SHIFT) + " " + w + ", " + rnd.nextInt(32), pick(rnd, SHIFT)
                    + " " + memw + ", cl", pick(rnd, SHIFT) + " " + w + ", 1", (rnd.nextBoolean() ? "inc " : "dec ")
                    + (rnd.nextBoolean() ? w : memw)});
            case 0: return pick(rnd, ALU) + " " + r + ", " + r2;
            case 1: return pick(rnd, ALU) + " " + r + ", " + imm;
            case 2: return pick(rnd, ALU) + " " + r + ", byte " + (rnd.nextInt(256) - 128);
            case 3: return pick(rnd, ALU) + " " + b + ", " + b2;
            case 4: return pick(rnd, ALU) + " dword " + mem + ", " + r;
            case 5: return pick(rnd, ALU) + " " + r + ", " + mem;
            case 6: return pick(rnd, ALU) + " " + memb + ", " + (rnd.nextInt(256));
            case 7: return (rnd.nextBoolean() ? "inc " : "dec ") + r;
            case 8: return (rnd.nextBoolean() ? "inc dword " : "dec dword ") + mem;
            case 9: return (rnd.nextBoolean() ? "inc " : "dec ") + (rnd.nextBoolean() ? b : memb);
            case 10: return pick(rnd, SHIFT) + " " + r + ", " + rnd.nextInt(33);
            case 11: return pick(rnd, SHIFT) + " " + r + ", cl";
            case 12: return pick(rnd, SHIFT) + " " + (rnd.nextBoolean() ? b : memb) + ", 1";
            case 13: return pick(rnd, SHIFT) + " dword " + mem + ", " + rnd.nextInt(32);
            case 14: return "lea " + r + ", [" + r2 + " + " + pick(rnd, R32) + " * " + (1 << rnd.nextInt(4)) + " + "
                    + rnd.nextInt(1000) + "]";
            case 15: return (rnd.nextBoolean() ? "movzx " : "movsx ") + r + ", " + b;
            case 16: return (rnd.nextBoolean() ? "movzx " : "movsx ") + r + ", " + pick(rnd, R16);
            case 17: return (rnd.nextBoolean() ? "movzx " : "movsx ") + r + ", " + memb;
            case 18: return "set" + pick(rnd, CC) + " " + (rnd.nextBoolean() ? b : memb);
            case 19: return "cmov" + pick(rnd, CC) + " " + r + ", " + (rnd.nextBoolean() ? r2 : mem);
            case 20: return "push " + r + "\npop " + r2;
            case 21: return "push dword " + mem + "\npush " + imm + "\npop " + r + "\npop " + r2;
            case 22: return rnd.nextBoolean() ? "cdq" : "cwde";
            case 23: return "test " + r + ", " + (rnd.nextBoolean() ? r2 : String.valueOf(imm));
            case 24: return "test " + b + ", " + (rnd.nextBoolean() ? b2 : String.valueOf(rnd.nextInt(256)));
            case 25: return "mov dword " + mem + ", " + r;
            case 26: return "mov " + r + ", " + mem;
            case 27: return "mov " + b + ", " + (rnd.nextBoolean() ? b2 : String.valueOf(rnd.nextInt(256)));
            case 28: return "mov " + memb + ", " + (rnd.nextBoolean() ? b : String.valueOf(rnd.nextInt(256)));
            case 29: return "pushfd\npop " + r; // reads every lazy flag (interpreted inside the region)
            case 30: return pick(rnd, new String[] {"imul " + r + ", " + r2, "neg " + r, "not " + r, "bt " + r + ", "
                    + r2, "xchg " + r + ", " + r2, "bswap " + r, "mul " + pick(rnd, new String[] {"ebx", "ebp"})});
            case 31: return "cmp " + r + ", " + r2 + "\nj" + pick(rnd, CC) + " $+4\nnop\nnop\nnop\nnop";
            case 32: return rnd.nextBoolean() ? "sub " + r + ", " + imm + "\nset" + pick(rnd, CC) + " " + b
                    : "imul " + r + ", " + (rnd.nextBoolean() ? r2 : "dword " + mem) + ", " + (rnd.nextBoolean() ? imm
                    : "byte " + (rnd.nextInt(256) - 128));
            default: return "and " + r + ", " + r2 + "\ncmov" + pick(rnd, CC) + " " + r2 + ", " + mem;
        }
    }

    private static final String[] STATE = {"eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi", "eflags", "eip",
        "instructions"};

    static String differences(long[] expected, long[] actual) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < expected.length; i++) {
            if (expected[i] != actual[i]) {
                s.append(i < STATE.length ? STATE[i] : "data+" + (i - STATE.length) * 4).append(" 0x")
                        .append(Long.toHexString(expected[i])).append(" != 0x").append(Long.toHexString(actual[i]))
                        .append("; ");
            }
        }
        return s.toString();
    }

    private static String pick(Random rnd, String[] from) {
        return from[rnd.nextInt(from.length)];
    }

    @Test
    void modesParseAndRefuseNonsense() {
        assertEquals(JitConfig.Mode.FORCE, JitConfig.parseMode("force"));
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> JitConfig.parseMode("fast"));
        assertTrue(e.getMessage().contains("'fast'"), e.getMessage());
        assertTrue(Arrays.asList(JitConfig.Mode.values()).contains(JitConfig.Mode.ON));
    }

    @Test
    void onByDefaultOffOnRequest() {
        String before = System.getProperty("nodeos.jit");
        try {
            System.clearProperty("nodeos.jit");
            JitConfig byDefault = JitConfig.fromSystemProperties();
            assertEquals(JitConfig.Mode.ON, byDefault.mode);
            assertTrue(byDefault.background, "compiled in the background by default");
            System.setProperty("nodeos.jit", "off");
            assertEquals(JitConfig.Mode.OFF, JitConfig.fromSystemProperties().mode, "--jit off, the kill switch");
        } finally {
            if (before == null) {
                System.clearProperty("nodeos.jit");
            } else {
                System.setProperty("nodeos.jit", before);
            }
        }
    }
}
