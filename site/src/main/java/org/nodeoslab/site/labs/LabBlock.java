package org.nodeoslab.site.labs;

/**
 * A fenced block of a step (check, expect, setup or solution): its text as written and where it is.
 *
 * @param language  {@code sh} or {@code node} for a check; {@code sh} for setup and solution; empty for expect
 * @param text      the lines between the fences, each ending in a newline
 * @param fenceLine the file line of the opening fence (the text starts on the next line)
 */
public record LabBlock(String language, String text, int fenceLine) {

    /** The file line of the block's first text line. */
    public int firstLine() {
        return fenceLine + 1;
    }
}
