package org.nodeoslab.site.book;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Pandoc's attribute braces, {@code {#fig:label .class key="value" -}}: an id, classes, key/value pairs, and
 * {@code -} (same as {@code .unnumbered}).
 */
record Attributes(String id, List<String> classes, Map<String, String> values) {

    static final Attributes NONE = new Attributes(null, List.of(), Map.of());

    /** Trailing braces at the end of a line: group 1 is the text before, group 2 the inside of the braces. */
    static final Pattern TRAILING = Pattern.compile("^(.*?)\\s*\\{([^{}]*)}\\s*$");

    private static final Pattern TOKEN = Pattern.compile(
            "\\s*(?:#([^\\s}]+)|\\.([\\w-]+)|([\\w-]+)=(?:\"((?:[^\"\\\\]|\\\\.)*)\"|'([^']*)'|(\\S+))|(-))");

    /** Null when the text is not attribute syntax (e.g. prose in braces). */
    static Attributes parse(String inside) {
        String id = null;
        List<String> classes = new ArrayList<>();
        Map<String, String> values = new LinkedHashMap<>();
        Matcher m = TOKEN.matcher(inside);
        int at = 0;
        while (at < inside.length()) {
            if (!m.find(at) || m.start() != at) {
                return inside.substring(at).isBlank() ? new Attributes(id, classes, values) : null;
            }
            if (m.group(1) != null) {
                id = m.group(1);
            } else if (m.group(2) != null) {
                classes.add(m.group(2));
            } else if (m.group(3) != null) {
                String value = m.group(4) != null ? m.group(4).replaceAll("\\\\(.)", "$1")
                        : m.group(5) != null ? m.group(5) : m.group(6);
                values.put(m.group(3), value);
            } else {
                classes.add("unnumbered");
            }
            at = m.end();
        }
        return new Attributes(id, classes, values);
    }

    boolean unnumbered() {
        return classes.contains("unnumbered");
    }

    /** The id when it is a label of the given kind ("fig" for "fig:x"), else null. */
    String label(String kind) {
        return id != null && id.startsWith(kind + ":") ? id : null;
    }
}
