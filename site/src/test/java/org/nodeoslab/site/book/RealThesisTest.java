package org.nodeoslab.site.book;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.nodeoslab.site.content.ContentException;

/** The book of this repository (thesis/) renders with every reference, citation, include and image resolved. */
class RealThesisTest {

    private static final Path THESIS = Path.of("../thesis").toAbsolutePath().normalize();

    @Test
    void theThesisRendersWithoutProblems() {
        long start = System.nanoTime();
        BookSnapshot book = BookFixtures.load(THESIS);
        System.out.printf("thesis: %d pages rendered in %d ms%n", book.pages().size(), (System.nanoTime() - start) / 1_000_000);
        assertEquals(List.of(), book.errors().stream().map(ContentException::getMessage).toList());
        if (Files.isRegularFile(THESIS.resolve("SUMMARY.md"))) {
            assertTrue(book.pages().size() >= 8, "at least eight chapters: " + book.pages().size());
        }
    }
}
