package org.nodeoslab.emulator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BootOptionsTest {
    @Test
    void parsesTheDocumentedOptions() throws Exception {
        BootOptions o = BootOptions.parse(new String[] {"--kernel", "bz", "--initrd", "rd", "--append",
                "console=ttyS0 quiet", "--memory", "1G", "--clock", "real", "--state-out", "s", "--stats"});
        assertEquals("bz", o.kernel);
        assertEquals("rd", o.initrd);
        assertEquals("console=ttyS0 quiet", o.append);
        assertEquals(1 << 30, o.memoryBytes);
        assertFalse(o.virtualClock);
        assertEquals("s", o.stateOut);
        assertTrue(o.stats);
    }

    @Test
    void defaultsAre256MiBAndTheVirtualClock() throws Exception {
        BootOptions o = BootOptions.parse(new String[] {"--kernel", "bz"});
        assertEquals(256 << 20, o.memoryBytes);
        assertTrue(o.virtualClock);
    }

    @Test
    void badOptionsSayWhatIsWrong() {
        assertEquals("--kernel FILE (or --state-in FILE) is required (see nodeos-emu boot --help)",
                assertThrows(BootOptions.UsageException.class, () -> BootOptions.parse(new String[0])).getMessage());
        assertEquals("--clock takes virtual or real, not 'fast'", assertThrows(BootOptions.UsageException.class,
                () -> BootOptions.parse(new String[] {"--kernel", "k", "--clock", "fast"})).getMessage());
        assertEquals("--memory: 8M is outside 16M to 2040M (whole MiB)", assertThrows(
                BootOptions.UsageException.class, () -> BootOptions.parse(new String[] {"--memory", "8M"}))
                .getMessage());
        assertEquals("--memory: 'lots' is not a size like 256M or 1G", assertThrows(
                BootOptions.UsageException.class, () -> BootOptions.parse(new String[] {"--memory", "lots"}))
                .getMessage());
        assertEquals("unknown option '--fast' (see nodeos-emu boot --help)", assertThrows(
                BootOptions.UsageException.class, () -> BootOptions.parse(new String[] {"--fast"})).getMessage());
        assertEquals("--initrd needs a value", assertThrows(BootOptions.UsageException.class,
                () -> BootOptions.parse(new String[] {"--kernel", "k", "--initrd"})).getMessage());
    }

    @Test
    void stateInReplacesTheKernel() throws Exception {
        assertEquals("saved", BootOptions.parse(new String[] {"--state-in", "saved"}).stateIn);
    }
}
