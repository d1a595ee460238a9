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
        old.storage().setReadTlb(0x12345, 0x1003);
        old.storage().setWriteTlb(0xFFFFF, 0x3);
        old.storage().setCodePage(0x23, 1);
        old.recycle();
        PhysicalMemory fresh = new PhysicalMemory(SIZE);
        MemoryStorage storage = fresh.storage();
        assertSame(old.storage(), storage, "the same RAM, not allocated again");
        assertTrue(storage.isZero(0, SIZE), "every byte zero");
        assertEquals(0, storage.readTlb(0x12345) | storage.writeTlb(0xFFFFF), "the TLBs empty");
        assertEquals(0, storage.codePage(0x23), "no page flagged as code");
        assertNotSame(storage, new PhysicalMemory(SIZE).storage(), "handed out once");
    }

    @Test
    void aMachineOfAnotherSizeAllocatesItsOwnAndTheRecycledRamIsLetGo() {
        PhysicalMemory old = new PhysicalMemory(SIZE);
        old.recycle();
        PhysicalMemory other = new PhysicalMemory(2 * SIZE);
        assertEquals(2 * SIZE, other.storage().ramBytes());
        assertNotSame(old.storage(), new PhysicalMemory(SIZE).storage(), "not kept for later");
    }
}
