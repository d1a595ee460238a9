package org.nodeoslab.site.labs.progress;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Students' progress on disk: one file TOKEN.json per token in one folder, written whole to a temporary file beside
 * it and then renamed over the old one (atomic on one filesystem), so a reader sees the old document or the new one,
 * never half of one. No Spring: the controller is a thin layer over this.
 */
public final class ProgressFiles {

    private final Path folder;
    private final int maxBytes;

    public ProgressFiles(Path folder, int maxBytes) {
        this.folder = folder.toAbsolutePath().normalize();
        this.maxBytes = maxBytes;
    }

    /** The stored document; {@link ProgressProblem} 404 when nothing was saved under the token. */
    public byte[] load(ProgressToken token) {
        try {
            return Files.readAllBytes(file(token));
        } catch (NoSuchFileException e) {
            throw new ProgressProblem(ProgressProblem.Kind.NOT_FOUND, "no progress is saved under this token yet");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file(token), e);
        }
    }

    /** Checks the document read from {@code body} (at most the size limit) and stores it; returns what was stored. */
    public ProgressDocument save(ProgressToken token, InputStream body) {
        ProgressDocument document = ProgressDocument.parse(readLimited(body));
        Path target = file(token);
        try {
            Files.createDirectories(folder);
            Path temporary = Files.createTempFile(folder, ".progress-", ".tmp");
            try {
                Files.write(temporary, document.bytes());
                move(temporary, target);
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
        return document;
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private byte[] readLimited(InputStream body) {
        try {
            byte[] bytes = body.readNBytes(maxBytes + 1);
            if (bytes.length > maxBytes) {
                throw new ProgressProblem(ProgressProblem.Kind.TOO_LARGE,
                        "the progress document is larger than " + maxBytes + " bytes, the limit");
            }
            return bytes;
        } catch (IOException e) {
            throw new ProgressProblem(ProgressProblem.Kind.BAD_REQUEST, "the progress document could not be read: "
                    + e.getMessage());
        }
    }

    /** The token's file; the token's format already rules out anything but a plain name, checked again here. */
    private Path file(ProgressToken token) {
        Path file = folder.resolve(token.value() + ".json").normalize();
        if (!folder.equals(file.getParent())) {
            throw new IllegalStateException("a progress token left its folder: " + token.value());
        }
        return file;
    }

    public Path folder() {
        return folder;
    }
}
