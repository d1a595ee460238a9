package org.nodeoslab.site.emulator;

import java.io.IOException;

import org.nodeoslab.emulator.cli.startup.StartupState;
import org.nodeoslab.image.debian.DebianSettings;
import org.nodeoslab.image.nodeos.NodeOsImage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * With {@code site.emulator.build-image=true} ({@code ./lab site}), builds the NodeOS image into the cache folder
 * when it is missing or stale, and reuses it otherwise, then its start-up state; the builder prints a line per package. The site is already
 * serving meanwhile: the emulator page says the image is not built until the build is done. A failed build (no
 * network and an empty cache, say) is logged and the site keeps serving everything else.
 */
@Component
class ImageBuildOnStart implements ApplicationRunner {

    private static final Logger LOG = LoggerFactory.getLogger(ImageBuildOnStart.class);

    private final EmulatorSettings settings;

    ImageBuildOnStart(EmulatorSettings settings) {
        this.settings = settings;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!settings.buildImage()) {
            return;
        }
        if (!settings.imagePath().equals(EmulatorSettings.cachedImageDir())) {
            LOG.info("site.emulator.image-dir is {}: serving it as it is (the builder only writes {})",
                    settings.imagePath(), EmulatorSettings.cachedImageDir());
            return;
        }
        LOG.info("NodeOS image: checking {} (built on first use, reused after)", settings.imagePath());
        long start = System.nanoTime();
        try {
            NodeOsImage.Result image = NodeOsImage.cached(DebianSettings.defaults(), line -> System.out.println("image: " + line));
            LOG.info("NodeOS image ready in {} s: {}", (System.nanoTime() - start) / 1_000_000_000, image.manifest().getParent());
        } catch (IOException | RuntimeException e) {
            LOG.error("NodeOS image build failed, the emulator page will say so: {}", e.getMessage());
            return;
        }
        // The start-up state (NodeOS booted to its prompt on the JVM, saved): minutes the first time, then cached. The
        // page boots the kernel itself until it is there.
        start = System.nanoTime();
        try {
            StartupState.Built state = StartupState.cached(settings.imagePath(), line -> System.out.println("startup: " + line));
            LOG.info("start-up state ready in {} s: {}", (System.nanoTime() - start) / 1_000_000_000, state.state());
        } catch (Exception e) {
            LOG.error("start-up state build failed, the emulator page will boot the kernel instead: {}", e.getMessage());
        }
    }
}
