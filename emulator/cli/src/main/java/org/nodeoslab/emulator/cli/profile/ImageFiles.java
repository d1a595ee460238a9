package org.nodeoslab.emulator.cli.profile;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

import org.apache.commons.compress.archivers.cpio.CpioArchiveEntry;
import org.apache.commons.compress.archivers.cpio.CpioArchiveInputStream;
import org.nodeoslab.image.nodeos.NodeOsImage;

/** Reads one file out of the NodeOS image's initramfs: the very bytes the guest runs. */
final class ImageFiles {
    private ImageFiles() {
    }

    /** The file at {@code path} (no leading slash) in {@code imageDir}'s initramfs, or null if it holds none. */
    static byte[] read(Path imageDir, String path) throws IOException {
        Path initramfs = imageDir.resolve(NodeOsImage.INITRAMFS_FILE);
        try (InputStream in = new GZIPInputStream(new BufferedInputStream(Files.newInputStream(initramfs)));
                CpioArchiveInputStream cpio = new CpioArchiveInputStream(in)) {
            CpioArchiveEntry entry;
            while ((entry = cpio.getNextEntry()) != null) {
                String name = entry.getName().startsWith("./") ? entry.getName().substring(2) : entry.getName();
                if (name.equals(path) && entry.isRegularFile()) {
                    return cpio.readAllBytes();
                }
            }
        }
        return null;
    }
}
