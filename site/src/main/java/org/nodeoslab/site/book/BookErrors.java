package org.nodeoslab.site.book;

import org.jsoup.nodes.Entities;

/** How a broken reference, include, image or chart shows in the preview: a visible marker where it was. */
public final class BookErrors {

    public static final String CLASS = "book-error";

    private BookErrors() {
    }

    /** Inline HTML (kept by the sanitizer: a span with a class), usable inside Markdown paragraphs. */
    public static String markerMarkdown(String problem) {
        return "<span class=\"" + CLASS + "\">\u26a0 " + Entities.escape(problem) + "</span>";
    }
}
