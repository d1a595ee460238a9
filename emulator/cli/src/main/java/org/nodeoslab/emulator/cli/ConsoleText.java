package org.nodeoslab.emulator.cli;

/** A guest's console output as it grows, and a read mark that advances past each text a caller waits for. */
final class ConsoleText {
    private final StringBuilder text = new StringBuilder();
    private int mark;

    /** Appends bytes as ISO-8859-1 chars: one char per byte, so offsets in the text are offsets in the stream. */
    void append(byte[] bytes, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            text.append((char) (bytes[i] & 0xFF));
        }
    }

    void append(int b) {
        text.append((char) (b & 0xFF));
    }

    /** The output from the mark through the first {@code wanted} after it (moving the mark past it), or null. */
    String take(String wanted) {
        int at = text.indexOf(wanted, mark);
        if (at < 0) {
            return null;
        }
        String upTo = text.substring(mark, at + wanted.length());
        mark = at + wanted.length();
        return upTo;
    }

    @Override
    public String toString() {
        return text.toString();
    }
}
