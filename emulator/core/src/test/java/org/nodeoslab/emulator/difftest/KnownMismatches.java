package org.nodeoslab.emulator.difftest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The checked-in list of forms known to mismatch, each with its reason: one line per form,
 * {@code FORM KEY | reason}, '#' starts a comment. The suite fails on a mismatch not listed here and on a listed
 * form that no longer mismatches, so the list always says exactly what is wrong.
 */
final class KnownMismatches {
    static final String RESOURCE = "/difftest/known-mismatches.txt";
    static final String SOURCE_PATH = "emulator/core/src/test/resources" + RESOURCE;

    private KnownMismatches() {
    }

    /** Form key to reason, in file order. */
    static Map<String, String> load() {
        Map<String, String> known = new LinkedHashMap<>();
        InputStream in = KnownMismatches.class.getResourceAsStream(RESOURCE);
        if (in == null) {
            return known;
        }
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            int number = 0;
            while ((line = r.readLine()) != null) {
                number++;
                String t = line.trim();
                if (t.isEmpty() || t.startsWith("#")) {
                    continue;
                }
                int bar = t.indexOf('|');
                if (bar < 0 || t.substring(bar + 1).trim().isEmpty()) {
                    throw new IllegalStateException(SOURCE_PATH + ":" + number
                            + ": expected \"FORM KEY | reason\", got: " + line);
                }
                String key = t.substring(0, bar).trim();
                if (known.put(key, t.substring(bar + 1).trim()) != null) {
                    throw new IllegalStateException(SOURCE_PATH + ":" + number + ": " + key + " is listed twice");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return known;
    }
}
