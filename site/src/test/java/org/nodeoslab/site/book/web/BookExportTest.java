package org.nodeoslab.site.book.web;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.nodeoslab.site.TestSites;
import org.nodeoslab.site.export.ExportFailed;
import org.nodeoslab.site.export.StaticExport;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** A book with a broken reference refuses the static export, naming file and line; the page still shows it. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "site.book-dir=target/broken-book/book-fixture")
class BookExportTest {

    static {
        Path target = Path.of("target/broken-book/book-fixture");
        Path fixture = Path.of("src/test/resources/book-fixture");
        try (Stream<Path> files = Files.walk(fixture)) {
            for (Path f : files.toList()) {
                Path to = target.resolve(fixture.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(f, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
            Files.writeString(target.resolve("thanks.md"), "# Acknowledgements\n\nSee @fig:nowhere.\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    StaticExport export;

    @Test
    void aBrokenReferenceRefusesTheExport() {
        ExportFailed failed = assertThrows(ExportFailed.class, () -> export.export(
                URI.create("http://127.0.0.1:" + port), TestSites.outputDir("broken-book-export")));
        assertTrue(failed.getMessage().contains("book-fixture/thanks.md:3: no label fig:nowhere in the book"),
                failed.getMessage());
        String page = TestSites.get(port, "/book/thanks.html").body();
        assertTrue(page.contains("class=\"book-error\">⚠ no label fig:nowhere in the book</span>"), page);
    }
}
