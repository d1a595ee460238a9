package org.nodeoslab.site.book;

/**
 * One line of a chapter after {@code {{#include}}} expansion, with where it was written: errors name that file and
 * line, not the chapter's.
 *
 * @param text the line, without its line break
 * @param file the file it comes from, as shown to authors (thesis/ch1.md)
 * @param line 1-based line number in that file
 */
public record SourceLine(String text, String file, int line) {

    public SourceLine withText(String newText) {
        return new SourceLine(newText, file, line);
    }

    public String where() {
        return file + ":" + line;
    }
}
