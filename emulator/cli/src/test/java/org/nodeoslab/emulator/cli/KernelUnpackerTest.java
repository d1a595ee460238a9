package org.nodeoslab.emulator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;

import org.junit.jupiter.api.Test;
import org.nodeoslab.emulator.pc.boot.BzImage;
import org.nodeoslab.emulator.pc.boot.Vmlinux;
import org.nodeoslab.image.TestAssets;

class KernelUnpackerTest {
    @Test
    void unpacksDebiansXzKernelToAnElfEnteredAt16MiB() throws Exception {
        TestAssets.Boot boot = TestAssets.busyboxBoot();
        BzImage image = new BzImage(Files.readAllBytes(boot.bzImage()), boot.bzImage().toString());
        Vmlinux vmlinux = KernelUnpacker.unpack(image);
        assertEquals(0x1000000, vmlinux.entry, "phys_startup_32 at LOAD_PHYSICAL_ADDR");
    }
}
