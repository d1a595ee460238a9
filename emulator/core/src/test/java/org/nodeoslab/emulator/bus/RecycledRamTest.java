package org.nodeoslab.emulator.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A reset's machine takes the old machine's RAM, zeroed, instead of allocating it again. */
class RecycledRamTest {
    private static final int SIZE = 4 << 20;

    @Test
    void theNextMachineOfTheSameSizeTakesTheRamZeroed() {
        PhysicalMemory old = new PhysicalMemory(SIZE);
        old.write32(0x1000, 0xCAFEBABE);
        old.write8(SIZE - 1, 0x7F);
        old.write8(0x23456, 1);
        old.recycle();
        PhysicalMemory fresh = new PhysicalMemory(SIZE);
        assertSame(old.ramWords, fresh.ramWords, "the same RAM, not allocated again");
        assertTrue(Ram.isZero(fresh.ramWords, 0, SIZE), "every byte zero");
        assertNotSame(fresh.ramWords, new PhysicalMemory(SIZE).ramWords, "handed out once");
    }

    @Test
    void aMachineOfAnotherSizeAllocatesItsOwnAndTheRecycledRamIsLetGo() {
        PhysicalMemory old = new PhysicalMemory(SIZE);
        old.recycle();
        PhysicalMemory other = new PhysicalMemory(2 * SIZE);
        assertEquals(Ram.words(2 * SIZE), other.ramWords.length);
        assertNotSame(old.ramWords, new PhysicalMemory(SIZE).ramWords, "not kept for later");
    }
}
