package org.nodeoslab.site.labs;

import java.util.regex.Pattern;

/**
 * How an expect is matched, the same here and on the student's page: the block's text without its final newline
 * is a regular expression searched anywhere in the console output since the step began, with ^ and $ matching at
 * line ends (JavaScript's "m" flag), after {@link #plain} removed terminal escapes and carriage returns.
 */
public final class LabExpect {

    private static final Pattern ESCAPES = Pattern.compile("\u001b\\[[0-9;?]*[ -/]*[@-~]|\u001b[()][0-9A-Za-z]|\u001b[=>78]");

    private LabExpect() {
    }

    static String regexOf(LabBlock expect) {
        return expect.text().strip();
    }

    public static Pattern compile(LabBlock expect) {
        return Pattern.compile(regexOf(expect), Pattern.MULTILINE);
    }

    /** Console bytes as the student reads them: no colour or cursor escapes, lines ending in \n. */
    public static String plain(String console) {
        return ESCAPES.matcher(console).replaceAll("").replace("\r\n", "\n").replace("\r", "");
    }

    public static boolean matches(LabBlock expect, String console) {
        return compile(expect).matcher(plain(console)).find();
    }
}
