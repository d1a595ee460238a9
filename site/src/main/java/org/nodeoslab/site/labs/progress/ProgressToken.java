package org.nodeoslab.site.labs.progress;

import java.util.regex.Pattern;

/**
 * A student's anonymous progress token: 32 lowercase hexadecimal digits (128 random bits made by the browser). It is
 * both the student's only key and a file name, so nothing else is accepted: no dots, slashes or other letters.
 */
public record ProgressToken(String value) {

    private static final Pattern FORMAT = Pattern.compile("[0-9a-f]{32}");

    public ProgressToken {
        if (value == null || !FORMAT.matcher(value).matches()) {
            throw new ProgressProblem(ProgressProblem.Kind.BAD_REQUEST, "the progress token '" + shown(value)
                    + "' is not 32 lowercase hexadecimal digits (as the lab page makes them)");
        }
    }

    /** The token as it may appear in a message: at most 40 characters, printable ASCII only. */
    private static String shown(String value) {
        if (value == null) {
            return "";
        }
        String printable = value.replaceAll("[^\\x20-\\x7e]", "?");
        return printable.length() > 40 ? printable.substring(0, 40) + "..." : printable;
    }
}
