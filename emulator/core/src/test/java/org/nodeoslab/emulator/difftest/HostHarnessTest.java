package org.nodeoslab.emulator.difftest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The host side of the harness on cases whose results are known by heart, so the oracle itself is checked. */
class HostHarnessTest {
    private static final FormSpec ANY = new FormSpec(0x01, -1, 0, "TEST", new String[0], FormSpec.ARITH, 0, false);

    private static TestCase instruction(int eax, int ebx, int eflags, String text, int... code) {
        CaseBuilder b = new CaseBuilder(ANY, new Random(1));
        b.regs[0] = eax;
        b.regs[3] = ebx;
        b.eflags = eflags;
        byte[] bytes = new byte[code.length];
        for (int i = 0; i < code.length; i++) {
            bytes[i] = (byte) code[i];
        }
        return b.instruction(bytes, text).build();
    }

    /** The shape the x87/SSE generators use: nasm set-up lines, then the instruction under test storing its result. */
    private static TestCase x87Snippet() {
        CaseBuilder b = new CaseBuilder(ANY, new Random(2));
        b.before("fninit").before("fld1").before("fadd st0, st0");
        int w = Layout.W;
        return b.instruction(new byte[] {(byte) 0xD9, 0x1D, (byte) w, (byte) (w >> 8), (byte) (w >> 16), (byte) (w >> 24)},
                "fstp dword [W+0]").build();
    }

    @Test
    void hostResultsAreTheArchitecturalOnes() {
        List<TestCase> cases = List.of(
                instruction(0x7FFFFFFF, 1, 0, "add eax, ebx", 0x01, 0xD8),
                instruction(5, 0, 0, "div ebx (by zero)", 0xF7, 0xF3),
                instruction(0x12345678, 0, 0, "push eax", 0x50),
                instruction(0, 0, 0, "int3", 0xCC),
                instruction(0, 0, FormSpec.CF, "adc eax, ebx", 0x11, 0xD8),
                x87Snippet());
        TestProgram p = TestProgram.assemble(cases, Path.of("target", "difftest"), "host-harness");
        Outcome[] out = NativeRunner.run(p, Path.of("target", "difftest", "host-harness"));

        assertEquals(0, out[0].exit);
        assertEquals(0x80000000, out[0].regs[0]);
        assertEquals(FormSpec.OF | FormSpec.SF | FormSpec.AF | FormSpec.PF, out[0].eflags & FormSpec.ARITH);

        assertEquals(-1, out[1].exit);
        assertEquals(0, out[1].vector, "#DE");
        assertEquals(p.underTest[1], out[1].faultEip, "a fault reports the faulting instruction");
        assertEquals(5, out[1].regs[0], "registers are as before the faulting instruction");

        assertEquals(Layout.ESP - 4, out[2].regs[4]);
        assertEquals(0x78, out[2].window[Layout.ESP - 4 - Layout.W] & 0xFF);
        assertEquals(0x12, out[2].window[Layout.ESP - 1 - Layout.W] & 0xFF);

        assertEquals(3, out[3].vector, "#BP");
        assertEquals(p.underTest[3] + 1, out[3].faultEip, "a trap reports the next instruction");

        assertEquals(0x40000000, TestProgram.readIntAt(out[5].window, 0), "1 + 1 stored as a float: 2.0f");

        assertEquals(1, out[4].regs[0]);
        assertEquals(0, out[4].eflags & (FormSpec.ZF | FormSpec.CF), "0 + 0 + CF = 1: no zero, no carry");
    }
}
