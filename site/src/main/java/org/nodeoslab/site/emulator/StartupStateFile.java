package org.nodeoslab.site.emulator;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

import org.nodeoslab.emulator.cli.startup.StartupState;
import org.nodeoslab.emulator.pc.state.MachineState;
import org.nodeoslab.emulator.pc.state.StateIndex;
import org.springframework.stereotype.Component;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The start-up state the emulator page begins from: NodeOS saved at nsh's prompt with the lab agent ready, as the
 * start-up state builder ({@link StartupState}) writes it (a folder with startup.json and the state it describes). The
 * folder is the setting site.emulator.state-dir, or else the builder's cached state for the image the site serves
 * (built by ./lab site, or nodeos-emu startup-state). Read afresh on each request, so a rebuilt
 * state shows at once; the page names the file by its SHA-256, so browsers keep it for good.
 */
@Component
public class StartupStateFile {

    static final String DESCRIPTION = "startup.json";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * A usable state.
     *
     * @param sha256    of the file's bytes (from startup.json)
     * @param memoryMiB the machine's RAM
     * @param screen    the console's last lines when it was saved (shown before the terminal is live)
     */
    public record State(Path file, long bytes, String sha256, int memoryMiB, String screen) {
        /**
         * What a page starts the machine from: the state's first bytes (CPU, devices and the RAM chunks the machine
         * needs before its prompt answers); the other chunks are at {@link #chunkUrl(int)}. Named by the state's hash,
         * so it can be cached for good.
         */
        public String url() {
            return StartupStateController.PATH + sha256.substring(0, 16) + ".start";
        }

        /** RAM chunk {@code n} of the state (nodeos-worker.js derives it from {@link #url()} the same way). */
        public String chunkUrl(int n) {
            return StartupStateController.PATH + sha256.substring(0, 16) + "-" + n + ".chunk";
        }

        /** The whole state as one file, as nodeos-emu and "Upload state" read it. */
        public String fileUrl() {
            return StartupStateController.PATH + sha256.substring(0, 16) + ".state";
        }
    }

    /** The RAM index of the state last asked for (reading it inflates the state's head; the chunks ask often). */
    private volatile IndexedState indexed;

    private record IndexedState(String sha256, StateIndex index) {
    }

    private final EmulatorSettings settings;

    StartupStateFile(EmulatorSettings settings) {
        this.settings = settings;
    }

    /** The state, or empty when none has been built (the page then boots the kernel). */
    public Optional<State> state() {
        try {
            Optional<Path> dir = settings.stateDir().isBlank() ? cachedForImage()
                    : Optional.of(Path.of(settings.stateDir()).toAbsolutePath().normalize());
            return dir.isEmpty() ? Optional.empty() : read(dir.get());
        } catch (IOException | JacksonException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Where the state's RAM chunks are in its file. */
    public StateIndex index(State state) throws IOException {
        IndexedState last = indexed;
        if (last == null || !last.sha256().equals(state.sha256())) {
            try (InputStream in = Files.newInputStream(state.file())) {
                last = new IndexedState(state.sha256(), MachineState.index(in, state.file().toString()));
            }
            indexed = last;
        }
        return last.index();
    }

    /** Bytes a page downloads before the machine runs ({@link State#url()}); the whole file if it cannot be read. */
    public long startBytes(State state) {
        try {
            return index(state).eagerEnd();
        } catch (IOException e) {
            return state.bytes();
        }
    }

    static Optional<State> read(Path dir) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readAllBytes(dir.resolve(DESCRIPTION)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        String name = root.path("file").asString("");
        String sha256 = root.path("sha256").asString("");
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]*") || !sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException(dir.resolve(DESCRIPTION) + ": needs \"file\" and \"sha256\"");
        }
        Path file = dir.resolve(name);
        long bytes = Files.size(file);
        if (bytes != root.path("bytes").asLong(-1)) {
            throw new IllegalArgumentException(file + " is " + bytes + " bytes, " + DESCRIPTION + " says otherwise");
        }
        return Optional.of(new State(file, bytes, sha256, root.path("memoryMiB").asInt(256),
                root.path("screen").asString("")));
    }

    /** The builder's cached state for the image the site serves, if it has been built. */
    private Optional<Path> cachedForImage() throws IOException {
        return StartupState.existing(settings.imagePath()).map(built -> built.description().getParent());
    }
}
