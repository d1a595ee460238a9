package org.nodeoslab.emulator.difftest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.nodeoslab.emulator.cpu.Cpu;

/**
 * Random byte streams run in real mode, 16- and 32-bit protected mode (CPL 0 and 3) and virtual-8086 mode: the CPU
 * must never let a Java exception out of {@code run()}; the guest sees exceptions (#UD, #GP, #PF, ...) through
 * its IVT/IDT, whose per-vector stubs tell the test which vector arrived, or simply runs.
 */
class DecoderFuzzTest {
    private static final int STREAMS = 5_000;
    private static final int STEPS_PER_STREAM = 64;
    private static final int RESTARTS_PER_CODE = 50;

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS) // a hung CPU fails the test instead of stalling CI
    void randomCodeNeverThrowsOutOfTheCpu() {
        FuzzMachine m = new FuzzMachine();
        List<String> escapes = new ArrayList<>();
        StringBuilder summary = new StringBuilder();
        for (FuzzMachine.Mode mode : FuzzMachine.Mode.values()) {
            Random rnd = new Random(0x5EED0000L + mode.ordinal());
            int[] vectors = new int[256];
            long instructions = 0;
            int shutdowns = 0;
            int halts = 0;
            for (int stream = 0; stream < STREAMS; stream++) {
                if (stream % RESTARTS_PER_CODE == 0) {
                    m.randomCode(rnd);
                }
                m.start(mode, rnd);
                int startEip = m.cpu.eip;
                for (int step = 0; step < STEPS_PER_STREAM; step++) {
                    int eip = m.cpu.segBase[Cpu.CS] + m.cpu.eip;
                    try {
                        instructions += m.cpu.run(1);
                    } catch (Throwable t) {
                        escapes.add(mode + " stream " + stream + " (start EIP " + Hex.word8(startEip) + ") at linear "
                                + Hex.word8(eip) + " bytes " + Hex.bytes(m.codeBytes(eip & 0x3FFFFF, 8), 0, m.codeBytes(eip & 0x3FFFFF, 8).length) + ": " + t);
                        break;
                    }
                    int vector = m.vectorAt();
                    if (vector >= 0) {
                        vectors[vector]++;
                        break;
                    }
                    if (m.cpu.shutdown) {
                        shutdowns++;
                        break;
                    }
                    if (m.cpu.halted) {
                        halts++;
                        break;
                    }
                }
            }
            summary.append(String.format("fuzz %s: %d instructions, %d shutdowns, %d HLTs, vectors:", mode,
                    instructions, shutdowns, halts));
            for (int v = 0; v < 256; v++) {
                if (vectors[v] > 0) {
                    summary.append(' ').append(v).append('x').append(vectors[v]);
                }
            }
            summary.append('\n');
            assertTrue(vectors[6] > 0 && vectors[13] + vectors[12] + vectors[14] + vectors[0] > 0,
                    mode + ": random code should raise #UD and some #GP/#SS/#PF/#DE: " + summary);
        }
        System.out.print(summary);
        assertEquals(List.of(), escapes.subList(0, Math.min(escapes.size(), 20)),
                escapes.size() + " Java exceptions escaped Cpu.run()");
    }
}
