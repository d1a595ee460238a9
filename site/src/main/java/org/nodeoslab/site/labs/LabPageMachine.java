package org.nodeoslab.site.labs;

import org.nodeoslab.site.emulator.EmulatorAssets;
import org.nodeoslab.site.emulator.EmulatorImage;
import org.nodeoslab.site.emulator.StartupStateFile;
import org.springframework.stereotype.Component;

/**
 * What the lab page's machine starts from, as the emulator page does: the start-up state when the site has one
 * (NodeOS at its prompt, agent ready; its screen is shown above the prompt), else the image, booted in the page;
 * and the hashed folder of the emulator's modules.
 */
@Component
public class LabPageMachine {

    /** The page's data attributes; null fields are left out. */
    public record Config(String emulator, String stateUrl, String screen, String kernelUrl, String initrdUrl, String cmdline,
            Integer memoryMiB) {
        public boolean canStart() {
            return stateUrl != null || kernelUrl != null;
        }
    }

    private final EmulatorImage image;
    private final EmulatorAssets assets;
    private final StartupStateFile startup;

    LabPageMachine(EmulatorImage image, EmulatorAssets assets, StartupStateFile startup) {
        this.image = image;
        this.assets = assets;
        this.startup = startup;
    }

    Config config() {
        var state = startup.state();
        var manifest = image.state().manifest();
        return new Config(assets.folder(),
                state.map(StartupStateFile.State::url).orElse(null),
                state.map(StartupStateFile.State::screen).orElse(null),
                manifest.map(m -> EmulatorImage.FILES_PATH + m.kernel()).orElse(null),
                manifest.map(m -> EmulatorImage.FILES_PATH + m.initramfs()).orElse(null),
                manifest.map(image::cmdline).orElse(null),
                state.map(StartupStateFile.State::memoryMiB).or(() -> manifest.map(m -> m.minMemoryMiB())).orElse(null));
    }
}
