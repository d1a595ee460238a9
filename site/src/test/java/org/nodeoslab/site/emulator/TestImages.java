package org.nodeoslab.site.emulator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import org.nodeoslab.image.TestAssets;

/** Image folders for tests, laid out as the image builder writes them (kernel, initramfs, manifest.json). */
final class TestImages {

    private TestImages() {
    }

    /**
     * Debian's kernel and the busybox test initramfs (TestAssets: built into the user cache on first use), linked
     * into {@code dir} beside a manifest for them: boots in seconds where NodeOS's 40 MB initramfs would not.
     */
    static Path busybox(Path dir) throws IOException {
        TestAssets.Boot boot = TestAssets.busyboxBoot();
        Files.createDirectories(dir);
        Path kernel = dir.resolve("bzImage");
        Path initramfs = dir.resolve("initramfs-busybox.cpio.gz");
        Files.deleteIfExists(kernel);
        Files.deleteIfExists(initramfs);
        Files.createSymbolicLink(kernel, boot.bzImage());
        Files.createSymbolicLink(initramfs, boot.initramfs());
        writeManifest(dir, kernel, initramfs, boot.cmdline(), 128);
        return dir;
    }

    /** A manifest.json naming two files in {@code dir}, with their real sizes and SHA-256, as NodeOsImage writes it. */
    static void writeManifest(Path dir, Path kernel, Path initramfs, String cmdline, int memoryMb) throws IOException {
        Files.writeString(dir.resolve("manifest.json"), """
                {
                  "format": 1,
                  "cmdline": "%s",
                  "minMemoryMb": %d,
                  "kernel": {"file": "%s", "size": %d, "sha256": "%s"},
                  "initramfs": {"file": "%s", "compression": "gzip", "size": %d, "sha256": "%s"}
                }
                """.formatted(cmdline, memoryMb, kernel.getFileName(), Files.size(kernel), sha256(kernel),
                initramfs.getFileName(), Files.size(initramfs), sha256(initramfs)));
    }

    static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
