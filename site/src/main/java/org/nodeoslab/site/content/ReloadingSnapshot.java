package org.nodeoslab.site.content;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * What was read from a set of files, read again when they change: the blog, the book and the labs each keep their
 * rendered content in one. It reads once when made; in reload mode (the live preview) every {@link #get()} first
 * takes the files' fingerprint and reads again when it differs from the one the current value was read from, so an
 * edit shows on the next page load. Without reload mode the first value is kept for good.
 *
 * <p>Thread-safe: requests that see the same change read it once (the first one reads, the others wait for it).
 *
 * @param <T> the value read (a snapshot)
 */
public final class ReloadingSnapshot<T> {

    private final boolean reload;
    private final Supplier<List<String>> fingerprint;
    private final Function<List<String>, T> read;
    private volatile Loaded<T> current;

    /** A value and the fingerprint of the files it was read from. */
    private record Loaded<T>(T value, List<String> fingerprint) {
    }

    /**
     * Reads the first value now.
     *
     * @param reload      whether {@link #get()} looks for changes
     * @param fingerprint the state of the files, compared with {@code equals}: see {@link #files(int, Path...)}
     * @param read        reads the value; it gets the fingerprint taken just before, for versions derived from it
     */
    public ReloadingSnapshot(boolean reload, Supplier<List<String>> fingerprint, Function<List<String>, T> read) {
        this.reload = reload;
        this.fingerprint = fingerprint;
        this.read = read;
        List<String> now = fingerprint.get();
        this.current = new Loaded<>(read.apply(now), now);
    }

    public boolean reloads() {
        return reload;
    }

    /** The value read from the files as they are now (reload mode) or as they were at the start. */
    public T get() {
        Loaded<T> loaded = current;
        if (!reload) {
            return loaded.value();
        }
        List<String> now = fingerprint.get();
        if (!now.equals(loaded.fingerprint())) {
            synchronized (this) {
                loaded = current;
                if (!now.equals(loaded.fingerprint())) {
                    loaded = new Loaded<>(read.apply(now), now);
                    current = loaded;
                }
            }
        }
        return loaded.value();
    }

    /**
     * A fingerprint of the regular files under {@code folders}, down to {@code maxDepth} levels (1: a folder's own
     * files): a line {@code path|size|modified-millis} per file, its path relative to its folder, in name order,
     * each folder's lines after a line naming it (a file moved from one folder to another changes it). Cheap enough
     * for every request on a few hundred files. A missing folder has no lines; a file gone while listed or a folder
     * that cannot be listed gets a line saying so.
     */
    public static List<String> files(int maxDepth, Path... folders) {
        List<String> out = new ArrayList<>();
        for (Path folder : folders) {
            out.add("folder " + folder);
            if (!Files.isDirectory(folder)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(folder, maxDepth)) {
                files.filter(Files::isRegularFile).sorted().forEach(f -> out.add(line(folder, f)));
            } catch (IOException | UncheckedIOException e) {
                out.add("unreadable " + folder);
            }
        }
        return out;
    }

    private static String line(Path folder, Path file) {
        String name = folder.relativize(file).toString().replace('\\', '/');
        try {
            return name + "|" + Files.size(file) + "|" + Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            return name + "|gone";
        }
    }
}
