package org.nodeoslab.site.book;

import java.util.List;

/**
 * One page of the book: a chapter from the SUMMARY, or the generated references and glossary.
 *
 * @param url    site path, e.g. /book/design.html
 * @param title  plain text
 * @param number "3" for numbered chapters, null for front and back matter
 * @param html   the rendered, sanitized body
 * @param toc    its headings
 * @param source the file it was read from (thesis/design.md), or null when generated
 */
public record BookPage(String url, String title, String number, Summary.Kind kind, String html, List<TocEntry> toc,
                       String source) {

    /** "3 Design" or "Preface": as the contents and the browser's title show it. */
    public String fullTitle() {
        return number == null ? title : number + " " + title;
    }
}
