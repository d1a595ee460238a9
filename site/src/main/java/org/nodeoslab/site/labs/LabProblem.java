package org.nodeoslab.site.labs;

/**
 * One thing wrong with a lab, located for the instructor's editor: {@code labs/01-x/lab.md:12:1: message}. The
 * message says what is wrong and what to do about it.
 */
public record LabProblem(String file, int line, int column, String message) {

    @Override
    public String toString() {
        return file + ":" + line + ":" + column + ": " + message;
    }
}
