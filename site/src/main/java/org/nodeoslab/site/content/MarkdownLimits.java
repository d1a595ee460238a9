package org.nodeoslab.site.content;

/**
 * Bounds on a post's Markdown before it reaches the parser, whose work grows with nesting (and whose recursion
 * overflows the stack at a few thousand levels): a pathological post becomes a per-file error with its line,
 * never a crash of the server, the reload or the export. The limits are far above anything a person writes.
 */
final class MarkdownLimits {

    /** Nested block quotes ({@code > > >}) on one line. */
    static final int MAX_QUOTE_DEPTH = 32;
    /** Leading indentation, in columns: nested lists and code inside them. */
    static final int MAX_INDENT = 128;
    /** A run of one emphasis or bracket character ({@code ***}, {@code [[[}) that is not a whole-line rule. */
    static final int MAX_DELIMITER_RUN = 64;
    /** The Markdown of one post. */
    static final int MAX_CHARS = 2_000_000;

    private MarkdownLimits() {
    }

    /**
     * @param firstLine the file line of the Markdown's first line
     * @throws ContentException naming the first line over a limit
     */
    static void check(String file, int firstLine, String markdown) {
        if (markdown.length() > MAX_CHARS) {
            throw new ContentException(file, firstLine, "the post is " + markdown.length() / 1000
                    + " thousand characters long; the limit is " + MAX_CHARS / 1000 + " thousand");
        }
        int line = firstLine;
        int start = 0;
        while (start <= markdown.length()) {
            int end = markdown.indexOf('\n', start);
            if (end < 0) {
                end = markdown.length();
            }
            checkLine(file, line, markdown, start, end);
            start = end + 1;
            line++;
        }
    }

    private static void checkLine(String file, int line, String s, int start, int end) {
        int quotes = 0;
        int indent = 0;
        int i = start;
        for (; i < end; i++) {
            char c = s.charAt(i);
            if (c == '>') {
                quotes++;
            } else if (c == ' ') {
                indent++;
            } else if (c == '\t') {
                indent += 4;
            } else {
                break;
            }
        }
        if (quotes > MAX_QUOTE_DEPTH) {
            throw new ContentException(file, line, quotes + " nested block quotes; the limit is " + MAX_QUOTE_DEPTH);
        }
        if (indent > MAX_INDENT) {
            throw new ContentException(file, line, "indented " + indent + " columns (lists nested too deep); the limit is "
                    + MAX_INDENT);
        }
        if (isThematicBreak(s, start, end)) {
            return;
        }
        int run = 0;
        char previous = 0;
        for (int j = start; j < end; j++) {
            char c = s.charAt(j);
            boolean delimiter = c == '*' || c == '_' || c == '[' || c == ']' || c == '(' || c == '~';
            run = delimiter && c == previous ? run + 1 : (delimiter ? 1 : 0);
            previous = c;
            if (run > MAX_DELIMITER_RUN) {
                throw new ContentException(file, line, "more than " + MAX_DELIMITER_RUN + " \"" + c
                        + "\" in a row (emphasis or links nested too deep)");
            }
        }
    }

    /** A line of only "*", "-" or "_" and spaces: Markdown's horizontal rule, however long. */
    private static boolean isThematicBreak(String s, int start, int end) {
        char mark = 0;
        for (int j = start; j < end; j++) {
            char c = s.charAt(j);
            if (c == ' ' || c == '\t') {
                continue;
            }
            if ((c != '*' && c != '-' && c != '_') || (mark != 0 && c != mark)) {
                return false;
            }
            mark = c;
        }
        return mark != 0;
    }
}
