package org.nodeoslab.site.emulator;

import java.nio.file.Path;
import java.util.Optional;

import org.springframework.stereotype.Component;

/** The NodeOS image folder the site serves (a site setting), read afresh on each request so a rebuild shows at once. */
@Component
public class EmulatorImage {

    /**
     * What the folder holds: a usable image, or why not (not built yet, or a manifest that cannot be used).
     *
     * @param manifest the image, when usable
     * @param problem  otherwise what the page tells the reader; null when the image is usable
     */
    public record State(Path folder, Optional<ImageManifest> manifest, String problem) {
        public boolean built() {
            return manifest.isPresent();
        }
    }

    /** Where the site serves the image's files (ImageFilesController). */
    public static final String FILES_PATH = "/emulator/image/";

    private final EmulatorSettings settings;

    EmulatorImage(EmulatorSettings settings) {
        this.settings = settings;
    }

    public Path folder() {
        return settings.imagePath();
    }

    public State state() {
        Path folder = folder();
        try {
            Optional<ImageManifest> manifest = ImageManifest.read(folder);
            return new State(folder, manifest, manifest.isPresent() ? null
                    : "The NodeOS image has not been built: " + folder.resolve(ImageManifest.FILE) + " does not exist.");
        } catch (ImageManifest.Unusable e) {
            return new State(folder, Optional.empty(), e.getMessage());
        }
    }

    /** The kernel command line the page boots with: the image's own, then the site's additions. */
    public String cmdline(ImageManifest manifest) {
        return (manifest.cmdline() + " " + settings.bootArgs()).trim();
    }
}
