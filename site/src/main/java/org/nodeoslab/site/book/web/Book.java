package org.nodeoslab.site.book.web;

import java.nio.file.Path;

import org.nodeoslab.site.book.BookLoader;
import org.nodeoslab.site.book.BookSnapshot;
import org.nodeoslab.site.content.MarkdownRenderer;
import org.nodeoslab.site.content.ReloadingSnapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

/**
 * The book as it is now. Reads the book folder once; in reload mode (the live preview) it reads it again whenever
 * a file under it was added, removed or changed since the last request, as the blog does with posts.
 */
@Service
public class Book {

    private static final Logger LOG = LoggerFactory.getLogger(Book.class);

    private final Path bookDir;
    private final BookLoader loader;
    private final ReloadingSnapshot<BookSnapshot> current;

    @Autowired
    public Book(@Value("${site.book-dir:../thesis}") String bookDir, @Value("${site.reload:false}") boolean reload) {
        this(Path.of(bookDir), new BookLoader(new MarkdownRenderer()), reload);
    }

    public Book(Path bookDir, BookLoader loader, boolean reload) {
        this.bookDir = bookDir.toAbsolutePath().normalize();
        this.loader = loader;
        this.current = new ReloadingSnapshot<>(reload,
                () -> ReloadingSnapshot.files(Integer.MAX_VALUE, this.bookDir), fingerprint -> load());
    }

    public Path bookDir() {
        return bookDir;
    }

    public BookSnapshot snapshot() {
        return current.get();
    }

    private BookSnapshot load() {
        long start = System.nanoTime();
        BookSnapshot snapshot = loader.load(bookDir);
        LOG.info("rendered the book ({} pages) from {} in {} ms", snapshot.pages().size(), bookDir,
                (System.nanoTime() - start) / 1_000_000);
        snapshot.errors().forEach(e -> LOG.warn("{}", e.getMessage()));
        return snapshot;
    }
}
