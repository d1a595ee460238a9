package org.nodeoslab.site.emulator;

import java.nio.file.Path;

import org.nodeoslab.image.TestAssets;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The emulator page's settings ({@code site.emulator.*}).
 *
 * @param imageDir   folder holding the NodeOS image (bzImage, initramfs, manifest.json) that /emulator/image/ serves;
 *                   empty means the image builder's cache folder, CACHE/nodeos-image (~/.cache/nodeos-lab/nodeos-image)
 * @param buildImage build the image into the cache folder at start-up when it is missing or stale ({@code ./lab site}
 *                   turns this on; a build prints one line per Debian package)
 * @param bootArgs   added to the manifest's kernel command line in the page; {@code earlyprintk=ttyS0} makes the
 *                   kernel's decompressor print its first line on COM1 at once instead of after decompression
 * @param stateDir   folder holding the start-up state (startup.json and the state it names) the page starts from;
 *                   empty means the newest under CACHE/startup-state/ (where the start-up state builder caches it)
 */
@ConfigurationProperties("site.emulator")
public record EmulatorSettings(
        @DefaultValue("") String imageDir,
        @DefaultValue("false") boolean buildImage,
        @DefaultValue("earlyprintk=ttyS0") String bootArgs,
        @DefaultValue("") String stateDir) {

    /** The folder the image builder caches the NodeOS image in. */
    public static Path cachedImageDir() {
        return TestAssets.cacheRoot().resolve("nodeos-image").toAbsolutePath().normalize();
    }

    public Path imagePath() {
        return imageDir.isBlank() ? cachedImageDir() : Path.of(imageDir).toAbsolutePath().normalize();
    }
}
