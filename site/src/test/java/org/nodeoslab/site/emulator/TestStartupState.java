package org.nodeoslab.site.emulator;

import java.nio.file.Path;

/**
 * Where the browser tests find the start-up state: -Dnodeos.startup-state-dir=DIR (a folder with startup.json),
 * else the start-up state builder's cache folder for the project's image.
 */
final class TestStartupState {

    private TestStartupState() {
    }

    static Path folder() {
        String dir = System.getProperty("nodeos.startup-state-dir", "");
        return Path.of(dir.isBlank() ? "/nonexistent-startup-state" : dir);
    }
}
