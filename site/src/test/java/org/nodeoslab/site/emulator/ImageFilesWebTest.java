package org.nodeoslab.site.emulator;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nodeoslab.site.TestSites;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/**
 * /emulator/image/ serves exactly the files the image's manifest names, as a browser and a download tool expect
 * (type, ETag, ranges), nothing else; /emulator/ embeds the terminal on that image, or says the image is missing.
 */
@SpringBootTest
@AutoConfigureMockMvc
class ImageFilesWebTest {

    private static final Path IMAGE = TestSites.outputDir("image-files-test");
    private static final byte[] KERNEL = new byte[70_000];
    private static final byte[] INITRAMFS = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3, 4};

    static {
        Arrays.fill(KERNEL, (byte) 0x90);
        KERNEL[0x202] = 'H';
    }

    @Autowired
    MockMvc mvc;

    @DynamicPropertySource
    static void image(DynamicPropertyRegistry registry) {
        registry.add("site.emulator.image-dir", IMAGE::toString);
        // No start-up state (whatever the machine's cache holds): the page stands or falls with the image.
        registry.add("site.emulator.state-dir", () -> IMAGE.resolve("no-startup-state").toString());
    }

    @BeforeEach
    void writeImage() throws IOException {
        Files.createDirectories(IMAGE);
        Files.write(IMAGE.resolve("bzImage"), KERNEL);
        Files.write(IMAGE.resolve("initramfs.cpio.gz"), INITRAMFS);
        Files.writeString(IMAGE.resolve("secret.txt"), "not part of the image");
        TestImages.writeManifest(IMAGE, IMAGE.resolve("bzImage"), IMAGE.resolve("initramfs.cpio.gz"),
                "console=ttyS0", 256);
    }

    @Test
    void eachImageFileWithItsTypeAndItsSha256AsETag() throws Exception {
        String kernelSha = TestImages.sha256(IMAGE.resolve("bzImage"));
        mvc.perform(get("/emulator/image/bzImage")).andExpect(status().isOk())
                .andExpect(header().string("Content-Type", "application/octet-stream"))
                .andExpect(header().string("ETag", "\"" + kernelSha + "\""))
                .andExpect(header().string("Cache-Control", containsString("no-cache")))
                .andExpect(header().string("Accept-Ranges", "bytes"))
                .andExpect(content().bytes(KERNEL));
        mvc.perform(get("/emulator/image/initramfs.cpio.gz")).andExpect(status().isOk())
                .andExpect(header().string("Content-Type", "application/gzip"))
                .andExpect(header().doesNotExist("Content-Encoding"))
                .andExpect(content().bytes(INITRAMFS));
        mvc.perform(get("/emulator/image/manifest.json")).andExpect(status().isOk())
                .andExpect(header().string("Content-Type", "application/json"))
                .andExpect(header().string("ETag", "\"" + TestImages.sha256(IMAGE.resolve("manifest.json")) + "\""))
                .andExpect(content().string(containsString(kernelSha)));
        mvc.perform(get("/emulator/image/bzImage").header("If-None-Match", "\"" + kernelSha + "\""))
                .andExpect(status().isNotModified());
    }

    @Test
    void rangeRequests() throws Exception {
        mvc.perform(get("/emulator/image/bzImage").header("Range", "bytes=512-515"))
                .andExpect(status().isPartialContent())
                .andExpect(header().string("Content-Range", "bytes 512-515/" + KERNEL.length))
                .andExpect(content().bytes(new byte[]{(byte) 0x90, (byte) 0x90, (byte) 'H', (byte) 0x90}));
        mvc.perform(get("/emulator/image/bzImage").header("Range", "bytes=-2"))
                .andExpect(status().isPartialContent())
                .andExpect(header().string("Content-Range", "bytes " + (KERNEL.length - 2) + "-" + (KERNEL.length - 1)
                        + "/" + KERNEL.length));
        mvc.perform(get("/emulator/image/bzImage").header("Range", "bytes=999999-"))
                .andExpect(status().isRequestedRangeNotSatisfiable());
    }

    @Test
    void unknownNamesAndTraversalAttemptsAreNotFound() throws Exception {
        for (String path : new String[]{"/emulator/image/secret.txt", "/emulator/image/nothing",
                "/emulator/image/..%2Fsecret.txt", "/emulator/image/%2E%2E%2F%2E%2E%2Fpom.xml",
                "/emulator/image/..", "/emulator/image/bzImage%00"}) {
            mvc.perform(get(path)).andExpect(status().isNotFound())
                    .andExpect(content().string(not(containsString("not part of the image"))))
                    .andExpect(content().string(containsString("Page not found")));
        }
    }

    @Test
    void theEmulatorPageBootsTheImageTheManifestNames() throws Exception {
        mvc.perform(get("/emulator/")).andExpect(status().isOk())
                .andExpect(content().string(containsString("data-kernel=\"/emulator/image/bzImage\"")))
                .andExpect(content().string(containsString("data-initrd=\"/emulator/image/initramfs.cpio.gz\"")))
                .andExpect(content().string(containsString("data-cmdline=\"console=ttyS0 earlyprintk=ttyS0\"")))
                .andExpect(content().string(containsString("data-memory=\"256\"")))
                .andExpect(content().string(containsString("<a href=\"/emulator/\" aria-current=\"page\">Emulator</a>")));
    }

    @Test
    void withoutAnImageThePageSaysSoAndServesNoFiles() throws Exception {
        Files.delete(IMAGE.resolve("manifest.json"));
        mvc.perform(get("/emulator/")).andExpect(status().isOk())
                .andExpect(content().string(containsString("The NodeOS image has not been built")))
                .andExpect(content().string(containsString("./lab site")))
                .andExpect(content().string(not(containsString("emulator-page.js"))));
        mvc.perform(get("/emulator/image/bzImage")).andExpect(status().isNotFound());
    }

    @Test
    void aManifestThatCannotBeUsedIsNamedOnThePage() throws Exception {
        Files.writeString(IMAGE.resolve("manifest.json"), """
                {"cmdline": "console=ttyS0", "kernel": {"file": "../../pom.xml", "size": 1, "sha256": "00"}}
                """);
        mvc.perform(get("/emulator/")).andExpect(status().isOk())
                .andExpect(content().string(containsString("manifest.json: &quot;kernel.file&quot; must name a file"
                        + " beside the manifest, not &quot;../../pom.xml&quot;")));
        mvc.perform(get("/emulator/image/manifest.json")).andExpect(status().isNotFound());
        Files.writeString(IMAGE.resolve("manifest.json"), "{ not json");
        mvc.perform(get("/emulator/")).andExpect(status().isOk())
                .andExpect(content().string(containsString("manifest.json: is not valid JSON")));
    }
}
