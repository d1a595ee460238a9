package org.nodeoslab.emulator.web;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a page gets for memory sizes and machine states the PC cannot take. */
class PcMachineTest {
    @Test
    void memorySizesOutsideThePcsRangeAreNamed() {
        String tooSmall = assertThrows(IllegalArgumentException.class, () -> new PcMachine(8, true)).getMessage();
        assertTrue(tooSmall.startsWith("memory must be a whole number of MiB from 16M to 2040M, not 8 MiB"), tooSmall);
        // 4096 MiB in bytes does not fit an int: refused before it could wrap around to a "valid" size.
        assertEquals("memory must be a whole number of MiB from 16M to 2040M, not 4096 MiB",
                assertThrows(IllegalArgumentException.class, () -> new PcMachine(4096, false)).getMessage());
    }

    @Test
    void aTruncatedStateIsRefusedWithItsName() {
        byte[] state = new PcMachine(16, true).saveState();
        byte[] truncated = java.util.Arrays.copyOf(state, state.length / 2);
        String message = assertThrows(IllegalArgumentException.class,
                () -> PcMachine.restore(truncated, "half.state", true)).getMessage();
        assertTrue(message.contains("half.state"), message);
    }
}
