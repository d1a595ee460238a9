package org.nodeoslab.image.fs;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes files so that a reader never sees a half-written one: the bytes go to a temporary file in the same
 * folder, which then replaces the target in one rename. A full disk is reported as such, naming the file.
 */
public final class AtomicFiles {

    /** Produces the content of a file into a stream. */
    @FunctionalInterface
    public interface Writer {
        void write(OutputStream out) throws IOException;
    }

    private AtomicFiles() {
    }

    public static void write(Path target, byte[] bytes) throws IOException {
        write(target, out -> out.write(bytes));
    }

    public static void write(Path target, Writer writer) throws IOException {
        Path temp = stage(target, writer);
        try {
            moveIntoPlace(temp, target);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
    }

    /**
     * Writes the content to a temporary file beside {@code target} and returns it, for the caller to move into
     * place with {@link #moveIntoPlace} (several files can be staged first, then all renamed). On failure nothing
     * is left behind.
     */
    public static Path stage(Path target, Writer writer) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".partial");
        try {
            try (OutputStream out = Files.newOutputStream(temp)) {
                writer.write(out);
            }
            readableByAll(temp);
            return temp;
        } catch (IOException e) {
            Files.deleteIfExists(temp);
            throw explainDiskFull(target, e);
        } catch (RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
    }

    /** createTempFile makes owner-only files; outputs are ordinary files (rw-r--r--). */
    private static void readableByAll(Path file) throws IOException {
        if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        }
    }

    /** Renames {@code temp} over {@code target} atomically (both in the same folder). */
    public static void moveIntoPlace(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Turns the JDK's "No space left on device" into a message that says which file could not be written. */
    public static IOException explainDiskFull(Path target, IOException e) {
        if (isDiskFull(e)) {
            return new IOException("disk full: cannot write " + target + " (" + freeSpace(target)
                    + "); free some space and run again", e);
        }
        return e;
    }

    public static boolean isDiskFull(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage();
            if (m != null && (m.contains("No space left on device") || m.contains("Disk quota exceeded"))) {
                return true;
            }
        }
        return false;
    }

    private static String freeSpace(Path target) {
        try {
            Path existing = target.toAbsolutePath();
            while (existing != null && !Files.exists(existing)) {
                existing = existing.getParent();
            }
            long free = existing == null ? -1 : Files.getFileStore(existing).getUsableSpace();
            return free < 0 ? "free space unknown" : (free / (1024 * 1024)) + " MB free";
        } catch (IOException ignored) {
            return "free space unknown";
        }
    }
}
