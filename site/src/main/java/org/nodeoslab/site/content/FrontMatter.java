package org.nodeoslab.site.content;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * A post's YAML front matter and the Markdown after it.
 *
 * @param data          every key as YAML gave it, in file order (unknown keys included, for templates)
 * @param body          the Markdown after the closing {@code ---}
 * @param bodyFirstLine the file line number (1-based) where the body starts
 * @param keyLines      the file line number of each top-level key, for error messages
 */
public record FrontMatter(Map<String, Object> data, String body, int bodyFirstLine, Map<String, Integer> keyLines) {

    public FrontMatter {
        data = Collections.unmodifiableMap(new LinkedHashMap<>(data));
        keyLines = Map.copyOf(keyLines);
    }

    /** A key's value as text, or null when absent or empty. */
    public String string(String key) {
        Object v = data.get(key);
        if (v == null) {
            return null;
        }
        String s = v.toString().trim();
        return s.isEmpty() ? null : s;
    }

    /** The line of a key, or the first front matter line when the key is absent. */
    public int lineOf(String key) {
        return keyLines.getOrDefault(key, 1);
    }

    /**
     * Jekyll's list keys: a YAML list or a space-separated string, under the plural key and its singular form
     * ({@code tags}/{@code tag}, {@code categories}/{@code category}). Duplicates are dropped, order kept.
     */
    public List<String> list(String plural, String singular) {
        LinkedHashSet<String> out = new LinkedHashSet<>();
        addAll(out, data.get(plural), true);
        addAll(out, data.get(singular), false);
        return List.copyOf(new ArrayList<>(out));
    }

    private static void addAll(LinkedHashSet<String> out, Object value, boolean splitOnSpaces) {
        if (value instanceof List<?> list) {
            for (Object item : list) {
                if (item != null && !item.toString().isBlank()) {
                    out.add(item.toString().trim());
                }
            }
        } else if (value != null) {
            String s = value.toString().trim();
            if (s.isEmpty()) {
                return;
            }
            if (splitOnSpaces) {
                out.addAll(Arrays.asList(s.split("\\s+")));
            } else {
                out.add(s);
            }
        }
    }

    /** Jekyll's {@code published: false}; anything else (absent included) publishes. */
    public boolean published() {
        Object v = data.get("published");
        return !(Boolean.FALSE.equals(v) || "false".equals(v));
    }
}
