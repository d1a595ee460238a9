package org.nodeoslab.emulator.cli.session;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A guest's console output as it grows, and a read mark that advances past each text a caller waits for. */
public final class ConsoleText {
    private final StringBuilder text = new StringBuilder();
    private int mark;

    /** Appends bytes as ISO-8859-1 chars: one char per byte, so offsets in the text are offsets in the stream. */
    public void append(byte[] bytes, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            text.append((char) (bytes[i] & 0xFF));
        }
    }

    public void append(int b) {
        text.append((char) (b & 0xFF));
    }

    /** The output from the mark through the first {@code wanted} after it (moving the mark past it), or null. */
    public String take(String wanted) {
        int at = text.indexOf(wanted, mark);
        return at < 0 ? null : takeTo(at + wanted.length());
    }

    /** The output from the mark through the first match of {@code wanted} after it (moving the mark), or null. */
    public String take(Pattern wanted) {
        Matcher m = wanted.matcher(text).region(mark, text.length());
        return m.find() ? takeTo(m.end()) : null;
    }

    /** The output after the mark, not yet taken by a wait. */
    public String sinceMark() {
        return text.substring(mark);
    }

    private String takeTo(int end) {
        String upTo = text.substring(mark, end);
        mark = end;
        return upTo;
    }

    @Override
    public String toString() {
        return text.toString();
    }
}
