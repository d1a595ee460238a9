package org.nodeoslab.site.book.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.WeakHashMap;

import org.nodeoslab.site.book.BookPdf;
import org.nodeoslab.site.book.BookSnapshot;
import org.nodeoslab.site.book.PrintBook;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/** The print page and the PDF of a snapshot, made once per snapshot (the PDF takes seconds) and kept with it. */
@Service
class BookFormats {

    private static final Logger LOG = LoggerFactory.getLogger(BookFormats.class);

    private final Book book;
    private final Map<BookSnapshot, String> printPages = new WeakHashMap<>();
    private final Map<BookSnapshot, byte[]> pdfs = new WeakHashMap<>();

    BookFormats(Book book) {
        this.book = book;
    }

    synchronized String printHtml(BookSnapshot snapshot) {
        return printPages.computeIfAbsent(snapshot, PrintBook::html);
    }

    synchronized byte[] pdf(BookSnapshot snapshot) {
        return pdfs.computeIfAbsent(snapshot, s -> {
            long start = System.nanoTime();
            try {
                byte[] pdf = BookPdf.render(s, book.bookDir());
                LOG.info("made the book's PDF ({} KiB) in {} ms", pdf.length / 1024, (System.nanoTime() - start) / 1_000_000);
                return pdf;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
