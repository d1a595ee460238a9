package org.nodeoslab.image.nodeos;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nodeoslab.image.debian.DebianSettings;
import org.nodeoslab.image.debian.Sha256;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NodeOsImageBuildTest {

    @Test
    void buildingAgainFromTheSameInputsGivesTheSameBytes(@TempDir Path out) throws Exception {
        NodeOsImage.Result cached = NodeOsImage.cached(DebianSettings.defaults(), System.err::println);
        long start = System.nanoTime();
        NodeOsImage.Result again = NodeOsImage.build(DebianSettings.defaults(), out, System.err::println);
        System.err.printf("NodeOS: build from a full cache in %.1f s%n", (System.nanoTime() - start) / 1e9);
        assertEquals(Sha256.of(cached.bzImage()), Sha256.of(again.bzImage()));
        assertEquals(Sha256.of(cached.initramfs()), Sha256.of(again.initramfs()));
        assertEquals(Files.readString(cached.manifest()), Files.readString(again.manifest()));
    }

    @Test
    void manifestNamesPackagesLibrariesAndOutputs() throws Exception {
        NodeOsImage.Result image = NodeOsImage.cached(DebianSettings.defaults(), System.err::println);
        String manifest = Files.readString(image.manifest());
        // Node.js's libraries, found by following DT_NEEDED from /usr/bin/node, and nothing libc6 brings besides.
        for (String soname : new String[]{"\"libnode.so.108\"", "\"libicuuc.so.72\"", "\"libuv.so.1\"",
                "\"libssl.so.3\"", "\"libstdc++.so.6\"", "\"libc.so.6\""}) {
            assertTrue(manifest.contains(soname), soname + " in\n" + manifest);
        }
        assertTrue(manifest.contains("\"name\": \"nodejs\", \"version\": \"18."), manifest);
        assertTrue(manifest.contains("\"sha256\": \"" + Sha256.of(image.initramfs()) + "\""), manifest);
        assertTrue(manifest.contains("\"package\": \"linux-image-6.1."), manifest);
        System.err.printf("NodeOS: bzImage %d bytes, initramfs %d bytes gzip, %d bytes unpacked%n",
                Files.size(image.bzImage()), Files.size(image.initramfs()), image.initramfsUnpackedBytes());
    }
}
