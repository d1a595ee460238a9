package org.nodeoslab.site.book;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import org.nodeoslab.site.content.ContentException;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/** The glossary ({@code glossary.yml}: {@code term: definition}, the definition in Markdown). */
public final class Glossary {

    public static final Glossary EMPTY = new Glossary(List.of());

    /**
     * @param term       as written
     * @param definition Markdown
     * @param pattern    finds the term in text: whole words, case-insensitive unless the term has capitals after
     *                   its first letter (an acronym: "PC" is not "pc")
     */
    public record Term(String term, String definition, Pattern pattern) {

        public String anchor() {
            return "term-" + term.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
        }
    }

    private final List<Term> terms;

    private Glossary(List<Term> terms) {
        this.terms = terms;
    }

    /** Alphabetical. */
    public List<Term> terms() {
        return terms;
    }

    /** Longest first, so "NodeOS image" links before "NodeOS". */
    public List<Term> byLength() {
        return terms.stream().sorted(Comparator.comparingInt((Term t) -> t.term().length()).reversed()).toList();
    }

    public static Glossary parse(String yaml, String file, List<ContentException> errors) {
        Object loaded;
        try {
            loaded = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
        } catch (MarkedYAMLException e) {
            errors.add(new ContentException(file, e.getProblemMark() == null ? 1 : e.getProblemMark().getLine() + 1,
                    "YAML: " + e.getProblem()));
            return EMPTY;
        } catch (RuntimeException e) {
            errors.add(new ContentException(file, 1, "YAML: " + e.getMessage()));
            return EMPTY;
        }
        if (loaded == null) {
            return EMPTY;
        }
        if (!(loaded instanceof Map<?, ?> map)) {
            errors.add(new ContentException(file, 1, "expected \"term: definition\" lines"));
            return EMPTY;
        }
        Map<String, String> sorted = new LinkedHashMap<>();
        map.forEach((k, v) -> sorted.put(String.valueOf(k), v == null ? "" : String.valueOf(v)));
        List<Term> terms = new ArrayList<>();
        sorted.entrySet().stream().sorted(Map.Entry.comparingByKey(String.CASE_INSENSITIVE_ORDER)).forEach(e -> {
            String term = e.getKey().strip();
            boolean acronym = term.length() > 1 && !term.substring(1).equals(term.substring(1).toLowerCase(Locale.ROOT));
            Pattern p = Pattern.compile("(?<![\\w-])" + Pattern.quote(term) + "(?:s|es)?(?![\\w-])",
                    acronym ? 0 : Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
            terms.add(new Term(term, e.getValue().strip(), p));
        });
        return new Glossary(List.copyOf(terms));
    }
}
