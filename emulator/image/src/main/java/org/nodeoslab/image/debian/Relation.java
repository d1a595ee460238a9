package org.nodeoslab.image.debian;

import java.util.ArrayList;
import java.util.List;

/**
 * One alternative of a dependency: {@code name [(op version)]}, e.g. {@code libc6 (>= 2.34)}.
 * Architecture qualifiers (":any", ":i386") are dropped: the image has one architecture.
 */
public record Relation(String name, String op, String version) {

    /** Parses a Depends-like field into clauses, each a list of alternatives ("a | b"). */
    public static List<List<Relation>> parseField(String field) {
        List<List<Relation>> clauses = new ArrayList<>();
        if (field == null || field.isBlank()) {
            return clauses;
        }
        for (String clause : field.split(",")) {
            List<Relation> alternatives = new ArrayList<>();
            for (String alternative : clause.split("\\|")) {
                String s = alternative.strip();
                if (!s.isEmpty()) {
                    alternatives.add(parse(s));
                }
            }
            if (!alternatives.isEmpty()) {
                clauses.add(alternatives);
            }
        }
        return clauses;
    }

    public static Relation parse(String s) {
        // Architecture [i386] and build-profile <!nocheck> restrictions; the profile pattern cannot match "<<".
        String text = s.replaceAll("\\[[^]]*]", "").replaceAll("<[!a-z0-9.+ -]*[a-z0-9]>", "").strip();
        String name = text;
        String op = null;
        String version = null;
        int paren = text.indexOf('(');
        if (paren >= 0) {
            name = text.substring(0, paren).strip();
            String inside = text.substring(paren + 1, text.indexOf(')', paren)).strip();
            int v = 0;
            while (v < inside.length() && "<>=".indexOf(inside.charAt(v)) >= 0) {
                v++;
            }
            op = inside.substring(0, v);
            version = inside.substring(v).strip();
        }
        int colon = name.indexOf(':');
        if (colon >= 0) {
            name = name.substring(0, colon);
        }
        return new Relation(name, op, version);
    }

    public boolean acceptsVersion(String candidate) {
        return op == null || (candidate != null && DebianVersion.satisfies(candidate, op, version));
    }

    @Override
    public String toString() {
        return op == null ? name : name + " (" + op + " " + version + ")";
    }
}
