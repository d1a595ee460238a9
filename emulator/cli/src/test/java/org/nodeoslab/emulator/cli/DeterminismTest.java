package org.nodeoslab.emulator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.nodeoslab.emulator.pc.CpuStateDump;
import org.nodeoslab.image.TestAssets;

/** On the virtual clock the same boot gives the same console output and CPU state, byte for byte. */
class DeterminismTest {
    private static final String FAR_ENOUGH = "Serial: 8250/16550 driver";

    private static EmulatedGuest bootUntilSerialProbe(TestAssets.Boot boot) throws Exception {
        EmulatedGuest guest = EmulatedGuest.boot(boot.bzImage(), boot.initramfs(), boot.cmdline(), 256, true);
        guest.waitFor(FAR_ENOUGH, Duration.ofMinutes(5));
        return guest;
    }

    @Test
    void twoBootsPrintTheSameBytesAndEndInTheSameState() throws Exception {
        TestAssets.Boot boot = TestAssets.busyboxBoot();
        EmulatedGuest first = bootUntilSerialProbe(boot);
        EmulatedGuest second = bootUntilSerialProbe(boot);
        assertTrue(first.console().contains("[    "), first.console());
        assertEquals(first.console(), second.console());
        assertEquals(first.instructions(), second.instructions());
        assertEquals(CpuStateDump.describe(first.pc.cpu), CpuStateDump.describe(second.pc.cpu));
    }
}
