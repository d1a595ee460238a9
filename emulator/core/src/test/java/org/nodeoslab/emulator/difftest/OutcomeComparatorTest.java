package org.nodeoslab.emulator.difftest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** What counts as a mismatch: defined flags, registers, memory and the ending do; undefined flags do not. */
class OutcomeComparatorTest {
    private static final FormSpec MUL = new FormSpec(0xF7, 4, 0, "MUL", new String[] {"Ev"},
            FormSpec.CF | FormSpec.OF, FormSpec.SF | FormSpec.ZF | FormSpec.AF | FormSpec.PF, false);

    private static TestCase mulCase() {
        CaseBuilder b = new CaseBuilder(MUL, new Random(7));
        return b.instruction(new byte[] {(byte) 0xF7, (byte) 0xE3}, "mul ebx").build();
    }

    private static Outcome exit(int eflags) {
        Outcome o = new Outcome();
        o.eflags = eflags;
        return o;
    }

    @Test
    void undefinedFlagsAreReportedNotFailed() {
        TestCase c = mulCase();
        Outcome host = exit(0x202 | FormSpec.ZF);
        Outcome emu = exit(0x202);
        assertNull(OutcomeComparator.compare(c, host, emu));
        assertEquals(FormSpec.ZF, OutcomeComparator.undefinedFlagDifference(c, host, emu));
    }

    @Test
    void definedFlagsRegistersMemoryAndEndingAreMismatches() {
        TestCase c = mulCase();
        Mismatch flags = OutcomeComparator.compare(c, exit(0x202 | FormSpec.CF), exit(0x202));
        assertNotNull(flags);
        assertEquals("EFLAGS CF", flags.what());

        Outcome reg = exit(0x202);
        reg.regs[2] = 1;
        assertEquals("EDX", OutcomeComparator.compare(c, exit(0x202), reg).what());

        Outcome mem = exit(0x202);
        mem.window[5] = 1;
        assertEquals("memory", OutcomeComparator.compare(c, exit(0x202), mem).what());

        Outcome fault = exit(0x202);
        fault.exit = -1;
        fault.vector = 0;
        assertTrue(OutcomeComparator.compare(c, exit(0x202), fault).what().startsWith("ending"));

        Outcome broken = exit(0x202);
        broken.exit = -1;
        broken.error = "java.lang.IllegalStateException: boom";
        assertTrue(List.of(OutcomeComparator.compare(c, exit(0x202), broken).what().split(", "))
                .contains("emulator error: java.lang.IllegalStateException: boom"));
    }

    @Test
    void rfIsComparedInFaultFramesOnly() {
        Outcome host = exit(0x10202);
        host.exit = -1;
        host.vector = 13;
        Outcome emu = exit(0x202);
        emu.exit = -1;
        emu.vector = 13;
        assertTrue(OutcomeComparator.faultFrameRfDiffers(host, emu));
        assertNull(OutcomeComparator.compare(mulCase(), host, emu), "RF is its own cross-cutting check");
        assertTrue(!OutcomeComparator.faultFrameRfDiffers(exit(0x10202), exit(0x202)));
    }
}
