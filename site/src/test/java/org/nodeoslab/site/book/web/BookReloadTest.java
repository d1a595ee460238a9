package org.nodeoslab.site.book.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nodeoslab.site.book.BookLoader;
import org.nodeoslab.site.book.BookSnapshot;
import org.nodeoslab.site.content.MarkdownRenderer;

/** In dev mode an edit under the book folder shows on the next request; otherwise the book is read once. */
class BookReloadTest {

    @TempDir
    Path dir;

    @Test
    void anEditedChapterIsReadAgainOnTheNextRequest() throws Exception {
        Files.writeString(dir.resolve("SUMMARY.md"), "# Summary\n\n- [One](one.md)\n");
        Path one = dir.resolve("one.md");
        Files.writeString(one, "# One\n\nFirst text.\n");
        Book live = new Book(dir, new BookLoader(new MarkdownRenderer()), true);
        Book fixed = new Book(dir, new BookLoader(new MarkdownRenderer()), false);
        BookSnapshot before = live.snapshot();
        assertSame(before, live.snapshot(), "nothing changed: the same snapshot");

        Files.writeString(one, "# One\n\nSecond text, see @sec:missing.\n");
        Files.setLastModifiedTime(one, FileTime.from(Instant.now().plusSeconds(5)));
        BookSnapshot after = live.snapshot();
        assertNotSame(before, after);
        assertTrue(after.pages().get(0).html().contains("Second text"));
        assertEquals(1, after.errors().size(), "the new broken reference is reported at once");
        assertTrue(fixed.snapshot().pages().get(0).html().contains("First text"), "without reload: read once");
    }
}
