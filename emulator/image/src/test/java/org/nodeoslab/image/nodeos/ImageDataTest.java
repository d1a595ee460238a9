package org.nodeoslab.image.nodeos;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nodeoslab.image.data.DataTable;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageDataTest {
    /** A manifest in the shape {@link Manifest#json} writes (values shortened). */
    private static final String MANIFEST = """
            {
              "format": 1,
              "cmdline": "console=ttyS0",
              "minMemoryMb": 256,
              "kernel": {"file": "bzImage", "package": "linux-image-6.1.0-50-686", "version": "6.1.176-1", "size": 5707712, "sha256": "c7"},
              "initramfs": {"file": "initramfs.cpio.gz", "compression": "gzip", "size": 39472134, "unpackedSize": 114109440, "entries": 2958, "sha256": "63"},
              "debianIndexes": ["bookworm 12.15"],
              "debianPackages": [
                {"name": "busybox-static", "version": "1:1.35.0-4+deb12u1+b1", "suite": "bookworm", "debSize": 958344, "sha256": "72"},
                {"name": "nodejs", "version": "18.20.4+dfsg-1~deb12u2", "suite": "bookworm", "debSize": 321228, "sha256": "f7"}
              ],
              "nodeLibraries": ["ld-linux.so.2", "libc.so.6", "libnode.so.108"],
              "npm": {"name": "npm", "version": "10.7.0", "integrity": "sha512-F"},
              "offlineNpmPackages": [
                {"name": "semver", "version": "7.6.3", "integrity": "sha512-o"},
                {"name": "is-odd", "version": "3.0.1", "integrity": "sha512-C"}
              ],
              "inputs": "ca"
            }
            """;

    @Test
    void sizesContentsAndPackagesComeFromTheManifest(@TempDir Path dir) throws IOException {
        Path manifest = dir.resolve("manifest.json");
        Files.writeString(manifest, MANIFEST);
        List<DataTable> tables = ImageData.tables(manifest);
        assertEquals(List.of("image-sizes", "image-contents", "image-packages"),
                tables.stream().map(DataTable::name).toList());
        assertEquals("part,bytes,mib\nkernel (bzImage),5707712,5.4\ninitramfs gzip,39472134,37.6\n"
                .replace("initramfs gzip", "\"initramfs, gzip\"")
                + "\"initramfs, unpacked\",114109440,108.8\n", tables.get(0).csv());
        String contents = tables.get(1).csv();
        assertTrue(contents.contains("\"files, folders and links in the initramfs\",2958,"), contents);
        assertTrue(contents.contains("Debian packages,2,1279572 bytes of .deb files"), contents);
        assertTrue(contents.contains("shared libraries Node.js links to,3,"), contents);
        assertTrue(contents.contains("npm packages in the offline registry,2,semver@7.6.3 is-odd@3.0.1"), contents);
        assertTrue(contents.contains("kernel,1,linux-image-6.1.0-50-686 6.1.176-1"), contents);
        assertEquals("package,version,deb_bytes\nbusybox-static,1:1.35.0-4+deb12u1+b1,958344\n"
                + "nodejs,18.20.4+dfsg-1~deb12u2,321228\n", tables.get(2).csv());
    }

    @Test
    void aFileThatIsNotAManifestIsNamedInTheError(@TempDir Path dir) throws IOException {
        Path other = dir.resolve("package.json");
        Files.writeString(other, "{\"name\": \"x\"}");
        IOException e = assertThrows(IOException.class, () -> ImageData.tables(other));
        assertTrue(e.getMessage().startsWith(other + ": not a NodeOS image manifest"), e.getMessage());
    }
}
