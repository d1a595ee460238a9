package org.nodeoslab.site.book;

/** A heading of a page, for the contents: level 1 is the page's title. */
public record TocEntry(int level, String number, String title, String id) {
}
