package org.nodeoslab.site.emulator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.nodeoslab.site.TestSites;
import org.nodeoslab.site.export.ExportLinkCheck;
import org.nodeoslab.site.export.StaticExport;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The static export with a NodeOS image in place: the kernel and initramfs (bytes that are not UTF-8, at addresses
 * without an extension) are copied as files, byte for byte, and never named or read as pages.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class EmulatorExportTest {

    private static final Path IMAGE = TestSites.outputDir("export-image");
    private static final byte[] KERNEL = new byte[300_000];
    private static final byte[] INITRAMFS = new byte[200_000];

    @DynamicPropertySource
    static void image(DynamicPropertyRegistry registry) throws Exception {
        new Random(42).nextBytes(KERNEL);
        new Random(43).nextBytes(INITRAMFS);
        Files.write(IMAGE.resolve("bzImage"), KERNEL);
        Files.write(IMAGE.resolve("initramfs-nodeos"), INITRAMFS);
        TestImages.writeManifest(IMAGE, IMAGE.resolve("bzImage"), IMAGE.resolve("initramfs-nodeos"), "console=ttyS0", 256);
        registry.add("site.emulator.image-dir", IMAGE::toString);
    }

    @LocalServerPort
    int port;

    @Autowired
    StaticExport export;

    @Test
    void binaryFilesAreCopiedAsFilesAndNeverReadAsPages() throws Exception {
        Path out = TestSites.outputDir("export-with-image");
        export.export(URI.create("http://127.0.0.1:" + port), out);
        assertArrayEquals(KERNEL, Files.readAllBytes(out.resolve("emulator/image/bzImage")));
        assertArrayEquals(INITRAMFS, Files.readAllBytes(out.resolve("emulator/image/initramfs-nodeos")));
        assertFalse(Files.exists(out.resolve("emulator/image/bzImage.html")));
        assertTrue(Files.readString(out.resolve("emulator/index.html")).contains("data-kernel=\"/emulator/image/bzImage\""));
        assertEquals(List.of(), ExportLinkCheck.brokenLinks(out));
    }
}
