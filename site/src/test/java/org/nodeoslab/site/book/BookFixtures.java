package org.nodeoslab.site.book;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.nodeoslab.site.content.MarkdownRenderer;

/** The fixture book (src/test/resources/book-fixture) and copies of it to break. */
final class BookFixtures {

    static final Path FIXTURE = Path.of("src/test/resources/book-fixture").toAbsolutePath();

    private BookFixtures() {
    }

    static BookSnapshot load(Path dir) {
        return new BookLoader(new MarkdownRenderer()).load(dir);
    }

    /** A copy of the fixture in {@code target}, named like the fixture so messages read "book-fixture/x.md:3". */
    static Path copy(Path parent) {
        Path target = parent.resolve("book-fixture");
        try (Stream<Path> files = Files.walk(FIXTURE)) {
            for (Path f : files.toList()) {
                Path to = target.resolve(FIXTURE.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(f, to);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return target;
    }
}
