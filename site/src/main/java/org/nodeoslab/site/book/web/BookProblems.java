package org.nodeoslab.site.book.web;

import java.util.List;

import org.nodeoslab.site.content.ContentException;
import org.nodeoslab.site.export.ContentProblems;
import org.springframework.stereotype.Component;

/** A broken reference, citation, include, image or SUMMARY entry fails the static export, naming file and line. */
@Component
class BookProblems implements ContentProblems {

    private final Book book;

    BookProblems(Book book) {
        this.book = book;
    }

    @Override
    public List<String> problems() {
        return book.snapshot().errors().stream().map(ContentException::getMessage).toList();
    }
}
