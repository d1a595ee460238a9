package org.nodeoslab.emulator.cpu.system;

import org.junit.jupiter.api.Test;
import org.nodeoslab.emulator.cpu.Cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Measures the TLB fast path with paging on (32-bit reads and writes over 1 MiB of 4 KiB pages) and prints the
 * rate; asserts only the data, never the speed, so a slow machine cannot make it fail.
 */
class MmuThroughputTest extends ProtectedModeFixture {
    @Test
    void pagedAccessesThroughTheTlb() {
        int pd = 0x10000;
        int pt = 0x11000;
        m.write32(pd, pt | 7);
        for (int i = 0; i < 1024; i++) {
            m.write32(pt + i * 4, i << 12 | 7);
        }
        m.write32(pd + 4, 0x12000 | 7); // linear 4..8 MiB -> physical 8..12 MiB
        for (int i = 0; i < 1024; i++) {
            m.write32(0x12000 + i * 4, (0x800000 + (i << 12)) | 7);
        }
        cpu.sys.writeCr(3, pd);
        cpu.sys.writeCr(0, cpu.cr0 | Cpu.CR0_PG);
        m.enterUserMode(0, 0x1000);

        int words = 1 << 18; // 1 MiB
        int rounds = 40;
        long start = System.nanoTime();
        int sum = 0;
        for (int r = 0; r < rounds; r++) {
            for (int i = 0; i < words; i++) {
                int linear = 0x400000 + i * 4;
                cpu.mmu.write32(linear, i + r);
                sum += cpu.mmu.read32(linear);
            }
        }
        long nanos = System.nanoTime() - start;
        int expected = 0;
        for (int r = 0; r < rounds; r++) {
            for (int i = 0; i < words; i++) {
                expected += i + r;
            }
        }
        assertEquals(expected, sum);
        assertEquals(words - 1 + rounds - 1, m.read32(0x800000 + (words - 1) * 4));
        long accesses = 2L * words * rounds;
        System.out.println("mmu: " + accesses * 1000 / Math.max(1, nanos) + " M paged 32-bit accesses/s ("
                + accesses + " in " + nanos / 1_000_000 + " ms)");
    }
}
