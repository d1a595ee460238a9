package org.nodeoslab.site.book.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.nodeoslab.site.book.BookLoader;
import org.nodeoslab.site.book.BookSnapshot;
import org.nodeoslab.site.content.MarkdownRenderer;
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
    private final boolean reload;
    private volatile Loaded current;

    private record Loaded(BookSnapshot snapshot, List<String> fingerprint) {
    }

    @Autowired
    public Book(@Value("${site.book-dir:../thesis}") String bookDir, @Value("${site.reload:false}") boolean reload) {
        this(Path.of(bookDir), new BookLoader(new MarkdownRenderer()), reload);
    }

    public Book(Path bookDir, BookLoader loader, boolean reload) {
        this.bookDir = bookDir.toAbsolutePath().normalize();
        this.loader = loader;
        this.reload = reload;
        this.current = load(fingerprint());
    }

    public Path bookDir() {
        return bookDir;
    }

    public BookSnapshot snapshot() {
        Loaded loaded = current;
        if (reload) {
            List<String> now = fingerprint();
            if (!now.equals(loaded.fingerprint())) {
                synchronized (this) {
                    loaded = current;
                    if (!now.equals(loaded.fingerprint())) {
                        loaded = load(now);
                        current = loaded;
                    }
                }
            }
        }
        return loaded.snapshot();
    }

    private Loaded load(List<String> fingerprint) {
        long start = System.nanoTime();
        BookSnapshot snapshot = loader.load(bookDir);
        LOG.info("rendered the book ({} pages) from {} in {} ms", snapshot.pages().size(), bookDir,
                (System.nanoTime() - start) / 1_000_000);
        snapshot.errors().forEach(e -> LOG.warn("{}", e.getMessage()));
        return new Loaded(snapshot, fingerprint);
    }

    /** Path, size and modification time of every file under the book folder (a few hundred at most). */
    private List<String> fingerprint() {
        List<String> out = new ArrayList<>();
        if (!Files.isDirectory(bookDir)) {
            return out;
        }
        try (Stream<Path> files = Files.walk(bookDir)) {
            files.filter(Files::isRegularFile).sorted().forEach(f -> {
                try {
                    out.add(bookDir.relativize(f) + "|" + Files.size(f) + "|" + Files.getLastModifiedTime(f).toMillis());
                } catch (IOException e) {
                    out.add(f + "|gone");
                }
            });
        } catch (IOException | java.io.UncheckedIOException e) {
            out.add("unreadable|" + System.nanoTime());
        }
        return out;
    }
}
