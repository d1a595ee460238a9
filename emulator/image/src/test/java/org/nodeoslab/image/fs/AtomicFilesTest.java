package org.nodeoslab.image.fs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AtomicFilesTest {

    @Test
    void aFailedWriteLeavesTheOldFileAndNoTemporaryFile(@TempDir Path dir) throws IOException {
        Path target = dir.resolve("initramfs.cpio.gz");
        AtomicFiles.write(target, "good image".getBytes());
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(target, out -> {
            out.write("half of a new ima".getBytes());
            throw new IOException("No space left on device"); // what the JDK says on ENOSPC
        }));
        assertTrue(e.getMessage().startsWith("disk full: cannot write " + target), e.getMessage());
        assertTrue(e.getMessage().contains("MB free"), e.getMessage());
        assertEquals("good image", Files.readString(target));
        try (var files = Files.list(dir)) {
            assertEquals(List.of(target), files.toList());
        }
    }
}
