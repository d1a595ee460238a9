package org.nodeoslab.emulator.difftest;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/**
 * The segment selectors the host kernel gives a 32-bit process (Linux: CS 0x23, DS = ES = SS 0x2B, FS = GS = 0),
 * found by running one empty case. The emulator uses the same selectors (its GDT has flat DPL 3 descriptors at
 * those indices), so pushes, moves and loads of segment registers compare like everything else.
 */
final class HostSelectors {
    private static int[] selectors;

    private HostSelectors() {
    }

    /** ES, CS, SS, DS, FS, GS, as Cpu orders them. */
    static synchronized int[] get() {
        if (selectors == null) {
            FormSpec nop = new FormSpec(0x90, -1, 0, "NOP", new String[0], 0, 0, false);
            TestCase c = new CaseBuilder(nop, new Random(0)).instruction(new byte[] {(byte) 0x90}, "nop").build();
            Path work = Path.of("target", "difftest");
            TestProgram p = TestProgram.assemble(List.of(c), work, "selectors");
            selectors = NativeRunner.run(p, work.resolve("selectors"))[0].selectors.clone();
        }
        return selectors.clone();
    }

    static int code() {
        return get()[1];
    }

    static int data() {
        return get()[3];
    }
}
