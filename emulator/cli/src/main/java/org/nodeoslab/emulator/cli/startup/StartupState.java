package org.nodeoslab.emulator.cli.startup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.nodeoslab.emulator.cli.Guest.GuestException;
import org.nodeoslab.emulator.cli.MachineLoader;
import org.nodeoslab.emulator.cli.session.GuestSession;
import org.nodeoslab.emulator.cli.session.Limits;
import org.nodeoslab.emulator.pc.state.MachineState;
import org.nodeoslab.emulator.pc.state.PageOrder;
import org.nodeoslab.image.debian.DebianSettings;
import org.nodeoslab.image.debian.Sha256;
import org.nodeoslab.image.fs.AtomicFiles;
import org.nodeoslab.image.fs.CacheLock;
import org.nodeoslab.image.nodeos.Json;
import org.nodeoslab.image.nodeos.NodeOsImage;

/**
 * The start-up state: the NodeOS image booted on our PC to nsh's prompt with the lab agent ready on ttyS1, saved.
 * Students' tabs and the lab runner start from it instead of booting. Built deterministically (virtual clock), so
 * the same inputs give the same bytes, and cached under CACHE/startup-state/KEY/, where KEY hashes everything that
 * decides those bytes: the image's manifest, the state format version, the command line, the RAM size and this
 * builder's version.
 */
public final class StartupState {
    /** Bump when what the builder does changes (steps, warm-up), so that cached states are rebuilt. */
    public static final int BUILDER_VERSION = 6;
    /**
     * The image's command line, plus: init_on_free=1, so pages the kernel frees (the initramfs archive once
     * unpacked, page cache) are zero and the state skips them.
     */
    public static final String CMDLINE = NodeOsImage.CMDLINE + " init_on_free=1";
    /** Guest RAM: the unpacked image (~100 MB, ramfs) plus Node.js and npm at work. */
    public static final int MEMORY_MIB = 512;
    public static final String STATE_FILE = "nodeos-startup.state";
    public static final String DESCRIPTION_FILE = "startup.json";
    public static final String BOOT_LOG = "boot.log";
    /** Cached states kept for other inputs (several checkouts share the cache). */
    private static final int KEEP = 4;

    private static final Limits BOOT = Limits.of(Duration.ofSeconds(300), Duration.ofMinutes(30));
    private static final Limits STEP = Limits.of(Duration.ofSeconds(120), Duration.ofMinutes(10));
    private static final Duration AGENT_STEP = Duration.ofSeconds(120);
    private static final Duration SETTLE = Duration.ofSeconds(5);

    /** A built state: the file, its cache key, and how the boot went. */
    public record Built(Path state, Path description, String key) {
    }

    private StartupState() {
    }

    /** The start-up state of the image in {@code imageDir}, built on first use, reused while its inputs stay. */
    public static Built cached(Path imageDir, Consumer<String> log) throws IOException, GuestException,
            MachineLoader.LoadException {
        Path root = cacheRoot();
        Built built = cacheLocation(imageDir);
        Path dir = built.state().getParent();
        // One lock per key: checkouts building states of other inputs do not wait for each other.
        try (CacheLock ignored = CacheLock.acquire(root.resolve(dir.getFileName() + ".lock"), log)) {
            if (isComplete(built)) {
                return built;
            }
            log.accept("start-up state: building " + dir + " (boots the image on our PC, about 2 to 5 minutes)");
            build(imageDir, dir, log);
            pruneOld(root);
            return built;
        }
    }

    /** The start-up state of the image in {@code imageDir} if it is in the cache; never builds. */
    public static Optional<Built> existing(Path imageDir) throws IOException {
        Built built = cacheLocation(imageDir);
        return isComplete(built) ? Optional.of(built) : Optional.empty();
    }

    private static Path cacheRoot() {
        return DebianSettings.cacheRoot().resolve("startup-state");
    }

    /** Where the start-up state of the image in {@code imageDir} lives in the cache (whether built or not). */
    public static Built cacheLocation(Path imageDir) throws IOException {
        String key = key(imageDir);
        Path dir = cacheRoot().resolve(key.substring(0, 16));
        return new Built(dir.resolve(STATE_FILE), dir.resolve(DESCRIPTION_FILE), key);
    }

    /** The description is written last: with it, the state is whole. */
    private static boolean isComplete(Built built) {
        return Files.isRegularFile(built.description()) && Files.isRegularFile(built.state());
    }

    /** The cached start-up state of the image the project builds (CACHE/nodeos-image), building that if needed. */
    public static Built cachedForProjectImage(Consumer<String> log) throws IOException, GuestException,
            MachineLoader.LoadException {
        return cached(projectImage(log), log);
    }

    /** The folder of the image the project builds (CACHE/nodeos-image), built or refreshed if needed. */
    public static Path projectImage(Consumer<String> log) throws IOException {
        return NodeOsImage.cached(DebianSettings.defaults(), log).manifest().getParent();
    }

    /** What decides the state's bytes, hashed. */
    public static String key(Path imageDir) throws IOException {
        Path manifest = imageDir.resolve(NodeOsImage.MANIFEST_FILE);
        if (!Files.isRegularFile(manifest)) {
            throw new IOException(imageDir + ": no " + NodeOsImage.MANIFEST_FILE
                    + " (build the image with: emulator/nodeos-emu image --out DIR)");
        }
        String inputs = "manifest " + Sha256.of(manifest) + "\nstate-format " + MachineState.VERSION
                + "\ncmdline " + CMDLINE + "\nmemory-mib " + MEMORY_MIB + "\nbuilder " + BUILDER_VERSION + "\n";
        return Sha256.of(inputs.getBytes(StandardCharsets.UTF_8));
    }

    /** Boots the image in {@code imageDir} and writes the state and its description into {@code outDir}. */
    public static Built build(Path imageDir, Path outDir, Consumer<String> log) throws IOException, GuestException,
            MachineLoader.LoadException {
        return build(imageDir, outDir, CMDLINE, log);
    }

    /**
     * As {@link #build(Path, Path, Consumer)} with another command line (for measurements: such a state is never
     * cached). The whole console goes to boot.log beside the state: the kernel's timestamps are guest time.
     */
    public static Built build(Path imageDir, Path outDir, String cmdline, Consumer<String> log) throws IOException,
            GuestException, MachineLoader.LoadException {
        String key = key(imageDir);
        long start = System.nanoTime();
        try (GuestSession guest = GuestSession.boot(imageDir.resolve(NodeOsImage.KERNEL_FILE),
                imageDir.resolve(NodeOsImage.INITRAMFS_FILE), cmdline, MEMORY_MIB, true)) {
            guest.waitFor(GuestSession.NSH_PROMPT, BOOT);
            long promptInstructions = guest.instructions();
            Duration promptGuestTime = guest.guestTime();
            log.accept(String.format("start-up state: nsh prompt after %,d instructions, %.2f s of guest time,"
                    + " %.1f s here", promptInstructions, promptGuestTime.toNanos() / 1e9, seconds(start)));
            guest.awaitAgent(STEP);
            log.accept(String.format("start-up state: lab agent ready at %,d instructions", guest.instructions()));
            // What the boot left pending (measured: the first keystroke after a save right here cost 11e6
            // instructions, 3e6 after half a second) runs before the save, not in the student's first second.
            guest.idle(SETTLE);
            // No cache dropping: the files live in ramfs, which it cannot free (measured: 39,606 non-zero pages
            // before "echo 3 > drop_caches", 39,578 after), and the kernel prints a line about it on the console.
            log.accept(String.format("start-up state: %,d non-zero RAM pages", guest.nonZeroPages()));
            Files.createDirectories(outDir);
            Path state = outDir.resolve(STATE_FILE);
            PageOrder order = FirstTouch.record(guest.savePerPage(), log);
            guest.saveCompact(state, order);
            String console = utf8(guest.console());
            AtomicFiles.write(outDir.resolve(BOOT_LOG), console.getBytes(StandardCharsets.UTF_8));
            Path description = outDir.resolve(DESCRIPTION_FILE);
            AtomicFiles.write(description, describe(key, cmdline, state, promptInstructions, guest.instructions(),
                    console).getBytes(StandardCharsets.UTF_8));
            log.accept(String.format("start-up state: %s, %,d bytes, built in %.1f s", state, Files.size(state),
                    seconds(start)));
            return new Built(state, description, key);
        }
    }

    private static String describe(String key, String cmdline, Path state, long promptInstructions,
            long savedInstructions, String console) throws IOException {
        return "{\n"
                + "  \"file\": \"" + STATE_FILE + "\",\n"
                + "  \"sha256\": \"" + Sha256.of(state) + "\",\n"
                + "  \"bytes\": " + Files.size(state) + ",\n"
                + "  \"key\": \"" + key + "\",\n"
                + "  \"stateFormat\": " + MachineState.VERSION + ",\n"
                + "  \"builder\": " + BUILDER_VERSION + ",\n"
                + "  \"memoryMiB\": " + MEMORY_MIB + ",\n"
                + "  \"cmdline\": " + Json.quote(cmdline) + ",\n"
                + "  \"promptInstructions\": " + promptInstructions + ",\n"
                + "  \"savedInstructions\": " + savedInstructions + ",\n"
                + "  \"screen\": " + Json.quote(lastLines(console, 24)) + "\n"
                + "}\n";
    }

    /** The console as text: {@link GuestSession#console()} holds one char per byte. */
    private static String utf8(String bytes) {
        return new String(bytes.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    }

    /** The console's last lines: what a terminal showed when the state was saved, for the page to draw. */
    static String lastLines(String console, int lines) {
        int at = console.length();
        for (int n = 0; n < lines && at > 0; n++) {
            at = console.lastIndexOf('\n', at - 1);
            if (at < 0) {
                at = 0;
                break;
            }
        }
        return console.substring(at == 0 ? 0 : at + 1);
    }

    /** States of other inputs (other checkouts, older images) stay, up to a few, newest first; the rest go. */
    private static void pruneOld(Path root) throws IOException {
        List<Path> dirs;
        try (Stream<Path> listed = Files.list(root)) {
            dirs = listed.filter(Files::isDirectory)
                    .sorted(Comparator.comparing(StartupState::modified).reversed()).toList();
        }
        for (Path dir : dirs.subList(Math.min(KEEP, dirs.size()), dirs.size())) {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    private static FileTime modified(Path p) {
        try {
            return Files.getLastModifiedTime(p);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
