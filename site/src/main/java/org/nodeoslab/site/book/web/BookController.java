package org.nodeoslab.site.book.web;

import java.nio.file.Files;
import java.nio.file.Path;

import org.nodeoslab.site.book.BookPage;
import org.nodeoslab.site.book.BookSnapshot;
import org.nodeoslab.site.web.PageNotFound;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.MediaTypeFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.view.RedirectView;

/**
 * The book under /book/: the cover with the contents, one page per chapter (mdBook's addresses: design.md is
 * design.html), the print view of the whole book, its PDF, the search index, and the images beside the chapters.
 */
@Controller
class BookController {

    static final String PATH = "/book/";

    private final Book book;
    private final BookFormats formats;

    BookController(Book book, BookFormats formats) {
        this.book = book;
        this.formats = formats;
    }

    @GetMapping("/book")
    RedirectView bookWithoutSlash() {
        return new RedirectView(PATH);
    }

    @GetMapping("/book/{*path}")
    Object get(@PathVariable String path) {
        BookSnapshot snapshot = book.snapshot();
        switch (path) {
            case "/" -> {
                return page("book-cover", snapshot).addObject("first", snapshot.pages().isEmpty() ? null
                        : snapshot.pages().get(0));
            }
            case "/print.html" -> {
                return ResponseEntity.ok().contentType(new MediaType(MediaType.TEXT_HTML, java.nio.charset.StandardCharsets.UTF_8))
                        .body(formats.printHtml(snapshot));
            }
            case "/book.pdf" -> {
                return ResponseEntity.ok().contentType(MediaType.APPLICATION_PDF).body(formats.pdf(snapshot));
            }
            case "/searchindex.json" -> {
                return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).cacheControl(CacheControl.noCache())
                        .body(snapshot.searchIndex());
            }
            default -> {
                return chapterOrFile(snapshot, path);
            }
        }
    }

    private Object chapterOrFile(BookSnapshot snapshot, String path) {
        String url = "/book" + path;
        BookPage found = snapshot.page(url).orElse(null);
        if (found != null) {
            return page("book", snapshot).addObject("page", found)
                    .addObject("previous", snapshot.previous(found).orElse(null))
                    .addObject("next", snapshot.next(found).orElse(null));
        }
        // Images and data beside the chapters; never a file outside the book folder, nor a hidden one.
        Path file = book.bookDir().resolve(path.substring(1)).normalize();
        if (path.endsWith(".html") || !file.startsWith(book.bookDir()) || path.contains("/.")
                || !Files.isRegularFile(file)) {
            throw new PageNotFound(url);
        }
        Resource resource = new FileSystemResource(file);
        return ResponseEntity.ok().contentType(MediaTypeFactory.getMediaType(resource)
                .orElse(MediaType.APPLICATION_OCTET_STREAM)).body(resource);
    }

    private static ModelAndView page(String template, BookSnapshot snapshot) {
        ModelAndView page = new ModelAndView(template);
        page.addObject("book", snapshot);
        page.addObject("section", PATH);
        return page;
    }
}
