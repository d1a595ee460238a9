package org.nodeoslab.emulator.web;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.nodeoslab.emulator.bus.ArrayStorage;
import org.nodeoslab.emulator.bus.MemoryStorage;

/** What a page gets for memory sizes and machine states the PC cannot take. */
class PcMachineTest {
    /** The JVM side keeps RAM in Java arrays (the page's machines keep it in linear memory). */
    private static final MemoryStorage.Factory JVM_MEMORY = ArrayStorage.FACTORY;

    @Test
    void memorySizesOutsideThePcsRangeAreNamed() {
        String tooSmall = assertThrows(IllegalArgumentException.class,
                () -> new PcMachine(8, true, JVM_MEMORY)).getMessage();
        assertTrue(tooSmall.startsWith("memory must be a whole number of MiB from 16M to 2040M, not 8 MiB"), tooSmall);
        // 4096 MiB in bytes does not fit an int: refused before it could wrap around to a "valid" size.
        assertEquals("memory must be a whole number of MiB from 16M to 2040M, not 4096 MiB",
                assertThrows(IllegalArgumentException.class,
                        () -> new PcMachine(4096, false, JVM_MEMORY)).getMessage());
    }

    @Test
    void aTruncatedStateIsRefusedWithItsName() {
        byte[] state = new PcMachine(16, true, JVM_MEMORY).saveState();
        byte[] truncated = java.util.Arrays.copyOf(state, state.length / 2);
        String message = assertThrows(IllegalArgumentException.class,
                () -> PcMachine.restore(JVM_MEMORY, truncated, "half.state", true)).getMessage();
        assertTrue(message.contains("half.state"), message);
    }
}
