package org.nodeoslab.site.content;

/**
 * A problem in a content file, located by file and line so an author can fix it.
 * The message reads like a compiler's: {@code posts/2016-03-03-x.md:4: impossible date "2016-02-30"}.
 */
public class ContentException extends RuntimeException {

    private final String file;
    private final int line;
    private final String problem;

    public ContentException(String file, int line, String problem) {
        super(file + ":" + line + ": " + problem);
        this.file = file;
        this.line = line;
        this.problem = problem;
    }

    public String file() {
        return file;
    }

    public int line() {
        return line;
    }

    public String problem() {
        return problem;
    }
}
