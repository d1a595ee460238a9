package org.nodeoslab.image.debian;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/** Reads Debian control data (deb822: stanzas of "Field: value" lines, continuation lines start with a blank). */
public final class ControlStanzas {

    private ControlStanzas() {
    }

    /** Calls {@code each} with every stanza, fields in file order; multi-line values keep their line breaks. */
    public static void read(BufferedReader reader, String source, Consumer<Map<String, String>> each) throws IOException {
        Map<String, String> stanza = new LinkedHashMap<>();
        String field = null;
        String line;
        int lineNumber = 0;
        while ((line = reader.readLine()) != null) {
            lineNumber++;
            if (line.isEmpty()) {
                if (!stanza.isEmpty()) {
                    each.accept(stanza);
                    stanza = new LinkedHashMap<>();
                }
                field = null;
            } else if (line.charAt(0) == ' ' || line.charAt(0) == '\t') {
                if (field == null) {
                    throw new IOException(source + ":" + lineNumber + ": continuation line outside a field");
                }
                stanza.put(field, stanza.get(field) + "\n" + line.substring(1));
            } else {
                int colon = line.indexOf(':');
                if (colon <= 0) {
                    throw new IOException(source + ":" + lineNumber + ": expected 'Field: value', got '" + line + "'");
                }
                field = line.substring(0, colon);
                stanza.put(field, line.substring(colon + 1).strip());
            }
        }
        if (!stanza.isEmpty()) {
            each.accept(stanza);
        }
    }
}
