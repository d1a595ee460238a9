package org.nodeoslab.image;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nodeoslab.image.debian.Sha256;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageCommandTest {

    @Test
    void testInitramfsWritesTheBootPairIntoOut(@TempDir Path out) throws Exception {
        TestAssets.Boot cached = TestAssets.busyboxBoot();
        assertEquals(0, ImageCommand.run(new String[]{"test-initramfs", "--out", out.toString()}));
        Path kernel = out.resolve(TestInitramfs.KERNEL_FILE);
        Path initramfs = out.resolve(TestInitramfs.INITRAMFS_FILE);
        assertTrue(Files.size(kernel) > 4_000_000, "a 6.1 bzImage is several MB");
        // Same inputs, same bytes: the command's build equals the cached one byte for byte.
        assertEquals(Sha256.of(cached.bzImage()), Sha256.of(kernel));
        assertEquals(Sha256.of(cached.initramfs()), Sha256.of(initramfs));
    }

    @Test
    void usageErrorsExitWithTwo() {
        assertEquals(2, ImageCommand.run(new String[]{"test-initramfs"}));
        assertEquals(2, ImageCommand.run(new String[]{"--bogus", "--out", "x"}));
        assertEquals(2, ImageCommand.run(new String[]{"--out"}));
    }
}
