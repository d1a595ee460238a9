package org.nodeoslab.site.emulator;

import java.nio.file.Path;

import org.nodeoslab.emulator.cli.startup.StartupState;

/**
 * Where the browser tests find the start-up state: -Dnodeos.startup-state-dir=DIR (a folder with startup.json), else
 * the builder's cached state for the project's image, built on first use (minutes, then cached across runs).
 */
public final class TestStartupState {

    private TestStartupState() {
    }

    public static Path folder() {
        String dir = System.getProperty("nodeos.startup-state-dir", "");
        if (!dir.isBlank()) {
            return Path.of(dir);
        }
        try {
            return StartupState.cachedForProjectImage(line -> System.out.println("startup: " + line)).description()
                    .getParent();
        } catch (Exception e) {
            throw new IllegalStateException("the start-up state could not be built: " + e.getMessage(), e);
        }
    }
}
