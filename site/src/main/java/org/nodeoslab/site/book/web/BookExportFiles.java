package org.nodeoslab.site.book.web;

import java.util.List;

import org.nodeoslab.site.content.ContentException;
import org.nodeoslab.site.export.ExportedFiles;
import org.springframework.stereotype.Component;

/**
 * The book in the static export: the search index (fetched by book.js, linked from nowhere), and a refusal when
 * a reference, citation, include, image or SUMMARY entry is broken, naming file and line.
 */
@Component
class BookExportFiles implements ExportedFiles {

    private final Book book;

    BookExportFiles(Book book) {
        this.book = book;
    }

    @Override
    public List<String> paths() {
        return List.of(BookController.PATH, "/book/searchindex.json");
    }

    @Override
    public List<String> problems() {
        return book.snapshot().errors().stream().map(ContentException::getMessage).toList();
    }
}
