package org.nodeoslab.site.book;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jbibtex.BibTeXDatabase;
import org.jbibtex.BibTeXEntry;
import org.jbibtex.BibTeXParser;
import org.jbibtex.Key;
import org.jbibtex.LaTeXParser;
import org.jbibtex.LaTeXPrinter;
import org.jbibtex.Value;
import org.jsoup.nodes.Entities;
import org.nodeoslab.site.content.ContentException;

/**
 * The book's references from a BibTeX file (parsed by jbibtex, LaTeX accents to Unicode), cited author–date and
 * listed in the Chicago author–date style: "Torvalds, Linus. 1991. ..." and "(Torvalds 1991, p. 12)".
 * Same author and year get a, b suffixes, as the style asks.
 */
public final class Bibliography {

    public static final Bibliography EMPTY = new Bibliography(Map.of());

    private static final Pattern LINE = Pattern.compile("line (\\d+)");

    /**
     * @param key    the BibTeX key
     * @param names  "Torvalds", "Ritchie and Thompson", "Tanenbaum et al." (for citations)
     * @param year   "1991a" (with a suffix when needed)
     * @param html   the whole entry for the reference list
     * @param sortKey author–year–title, how the list is ordered
     */
    public record Entry(String key, String names, String year, String html, String sortKey) {

        public String anchor() {
            return "ref-" + key.replaceAll("[^A-Za-z0-9_\\-:.]", "-");
        }
    }

    private final Map<String, Entry> entries;

    private Bibliography(Map<String, Entry> entries) {
        this.entries = entries;
    }

    public Entry get(String key) {
        return entries.get(key);
    }

    public int size() {
        return entries.size();
    }

    /** Entries in reference-list order (author, year, title). */
    public List<Entry> sorted(java.util.Collection<String> keys) {
        return keys.stream().map(entries::get).filter(java.util.Objects::nonNull)
                .sorted(Comparator.comparing(Entry::sortKey)).toList();
    }

    public static Bibliography parse(String bibtex, String file, List<ContentException> errors) {
        BibTeXDatabase database;
        try {
            database = new BibTeXParser() {
                @Override
                public void checkStringResolution(Key key, org.jbibtex.BibTeXString string) {
                    if (string == null) {
                        errors.add(new ContentException(file, 0, "undefined @string " + key.getValue()));
                    }
                }

                @Override
                public void checkCrossReferenceResolution(Key key, BibTeXEntry entry) {
                    if (entry == null) {
                        errors.add(new ContentException(file, 0, "crossref to unknown entry " + key.getValue()));
                    }
                }
            }.parse(new StringReader(bibtex));
        } catch (Exception | Error e) {
            // jbibtex's JavaCC errors say "at line N, column M"; TokenMgrException is an Error.
            String message = String.valueOf(e.getMessage());
            Matcher m = LINE.matcher(message);
            errors.add(new ContentException(file, m.find() ? Integer.parseInt(m.group(1)) : 1,
                    "BibTeX: " + message.lines().findFirst().orElse(message)));
            return EMPTY;
        }
        List<Draft> drafts = new ArrayList<>();
        for (BibTeXEntry entry : database.getEntries().values()) {
            drafts.add(draft(entry));
        }
        // Chicago: two works by the same authors in one year are 2020a, 2020b (in title order).
        Map<String, List<Draft>> byLabel = new HashMap<>();
        drafts.stream().sorted(Comparator.comparing(d -> d.title.toLowerCase(Locale.ROOT)))
                .forEach(d -> byLabel.computeIfAbsent(d.names + "|" + d.year, k -> new ArrayList<>()).add(d));
        Map<String, Entry> out = new LinkedHashMap<>();
        for (List<Draft> same : byLabel.values()) {
            for (int i = 0; i < same.size(); i++) {
                Draft d = same.get(i);
                // Chicago: 2020a, 2020b; undated works n.d.-a, n.d.-b.
                String suffix = same.size() > 1 ? String.valueOf((char) ('a' + i)) : "";
                String year = suffix.isEmpty() ? d.year : d.year.equals("n.d.") ? "n.d.-" + suffix : d.year + suffix;
                out.put(d.key, new Entry(d.key, d.names, year, d.html(year),
                        (d.sortNames + " " + year + " " + d.title).toLowerCase(Locale.ROOT)));
            }
        }
        return new Bibliography(Map.copyOf(out));
    }

    /** An entry before its year suffix is known. */
    private record Draft(String key, String type, String names, String sortNames, String authorsHtml, String year,
                         String title, Map<String, String> fields) {

        String html(String yearLabel) {
            StringBuilder b = new StringBuilder();
            b.append(authorsHtml.isEmpty() ? "<cite>" + esc(title) + "</cite>" : authorsHtml);
            b.append(". ").append(esc(yearLabel)).append(". ");
            boolean quoted = switch (type) {
                case "article", "inproceedings", "conference", "incollection", "inbook", "misc", "online",
                     "electronic", "www", "unpublished" -> true;
                default -> false;
            };
            if (!authorsHtml.isEmpty()) {
                b.append(quoted ? "\u201c" + esc(title) + ".\u201d " : "<cite>" + esc(title) + "</cite>. ");
            }
            String journal = field("journal", "journaltitle");
            String booktitle = field("booktitle");
            if (journal != null) {
                b.append("<cite>").append(esc(journal)).append("</cite>");
                if (field("volume") != null) {
                    b.append(" ").append(esc(field("volume")));
                }
                if (field("number") != null) {
                    b.append(" (").append(esc(field("number"))).append(")");
                }
                b.append(field("pages") != null ? ": " + esc(field("pages").replace("--", "\u2013")) : "").append(". ");
            } else if (booktitle != null) {
                b.append("In <cite>").append(esc(booktitle)).append("</cite>");
                b.append(field("pages") != null ? ", " + esc(field("pages").replace("--", "\u2013")) : "").append(". ");
            }
            if (type.equals("phdthesis") || type.equals("mastersthesis") || type.equals("thesis")) {
                b.append(type.equals("mastersthesis") ? "Master\u2019s thesis" : "PhD diss.");
                b.append(field("school", "institution") != null ? ", " + esc(field("school", "institution")) : "")
                        .append(". ");
            }
            if (type.equals("techreport") || type.equals("report")) {
                b.append("Technical report");
                b.append(field("number") != null ? " " + esc(field("number")) : "");
                b.append(field("institution") != null ? ", " + esc(field("institution")) : "").append(". ");
            }
            for (String name : List.of("edition", "howpublished", "organization", "publisher", "version", "note")) {
                String value = field(name);
                if (value != null) {
                    b.append(name.equals("edition") && value.matches("\\d+") ? value + ordinal(value) + " ed" :
                            name.equals("version") ? "Version " + esc(value) : esc(value)).append(". ");
                }
            }
            String doi = field("doi");
            String url = doi != null ? "https://doi.org/" + doi : field("url");
            if (url != null && url.matches("https?://\\S+")) {
                b.append("<a href=\"").append(esc(url)).append("\">").append(esc(url)).append("</a>. ");
            }
            String accessed = field("urldate");
            if (accessed != null) {
                b.append("Accessed ").append(esc(accessed)).append(". ");
            }
            return b.toString().strip().replace("..", ".").replace("?.", "?").replace("!.", "!");
        }

        String field(String... names) {
            for (String name : names) {
                String value = fields.get(name);
                if (value != null && !value.isBlank()) {
                    return value;
                }
            }
            return null;
        }
    }

    private static String ordinal(String n) {
        int v = Integer.parseInt(n);
        return v % 100 >= 11 && v % 100 <= 13 ? "th" : switch (v % 10) {
            case 1 -> "st";
            case 2 -> "nd";
            case 3 -> "rd";
            default -> "th";
        };
    }

    private static Draft draft(BibTeXEntry entry) {
        Map<String, String> fields = new HashMap<>();
        entry.getFields().forEach((k, v) -> fields.put(k.getValue().toLowerCase(Locale.ROOT), text(v)));
        String type = entry.getType().getValue().toLowerCase(Locale.ROOT);
        List<Name> authors = names(rawField(entry, "author"));
        if (authors.isEmpty()) {
            authors = names(rawField(entry, "editor"));
        }
        if (authors.isEmpty() && fields.get("organization") != null) {
            authors = List.of(new Name("", fields.get("organization")));
        }
        String year = fields.getOrDefault("year", fields.getOrDefault("date", "n.d."));
        year = year.length() >= 4 && year.substring(0, 4).matches("\\d{4}") ? year.substring(0, 4) : year;
        // BibTeX's "and others" stands for more authors than are listed: "et al." in the citation.
        boolean others = !authors.isEmpty() && authors.get(authors.size() - 1).natural().equalsIgnoreCase("others");
        if (others) {
            authors = authors.subList(0, authors.size() - 1);
        }
        String names = others && !authors.isEmpty() ? authors.get(0).last() + " et al." : switch (authors.size()) {
            case 0 -> InlineMarkdown.plain(fields.getOrDefault("title", entry.getKey().getValue()));
            case 1 -> authors.get(0).last();
            case 2 -> authors.get(0).last() + " and " + authors.get(1).last();
            case 3 -> authors.get(0).last() + ", " + authors.get(1).last() + ", and " + authors.get(2).last();
            default -> authors.get(0).last() + " et al.";
        };
        StringBuilder list = new StringBuilder();
        for (int i = 0; i < authors.size(); i++) {
            Name n = authors.get(i);
            if (i > 0) {
                // Chicago: "Torvalds, Linus, and Andrew S. Tanenbaum" (the first name inverted, then a comma).
                list.append(", ").append(i == authors.size() - 1 ? "and " : "");
            }
            list.append(esc(i == 0 ? n.inverted() : n.natural()));
        }
        if (others) {
            list.append(", et al");
        }
        String sortNames = authors.isEmpty() ? names : authors.stream().map(Name::inverted)
                .reduce((a, b) -> a + " " + b).orElse("");
        return new Draft(entry.getKey().getValue(), type, names, sortNames, list.toString(), year,
                fields.getOrDefault("title", ""), fields);
    }

    private static String rawField(BibTeXEntry entry, String name) {
        for (Map.Entry<Key, Value> f : entry.getFields().entrySet()) {
            if (f.getKey().getValue().equalsIgnoreCase(name)) {
                return f.getValue().toUserString();
            }
        }
        return "";
    }

    /** A person's name: "Linus Torvalds", "Torvalds, Linus", "van Rossum, Guido", "{The Linux Foundation}". */
    record Name(String first, String last) {
        String inverted() {
            return first.isEmpty() ? last : last + ", " + first;
        }

        String natural() {
            return first.isEmpty() ? last : first + " " + last;
        }
    }

    static List<Name> names(String field) {
        List<Name> out = new ArrayList<>();
        for (String raw : splitTopLevel(field.strip(), " and ")) {
            String name = raw.strip();
            if (name.isEmpty()) {
                continue;
            }
            if (name.startsWith("{") && name.endsWith("}") && topLevelBraces(name)) {
                out.add(new Name("", latex(name.substring(1, name.length() - 1))));
                continue;
            }
            List<String> commaParts = splitTopLevel(name, ",");
            if (commaParts.size() >= 2) {
                out.add(new Name(latex(commaParts.get(commaParts.size() - 1).strip()), latex(commaParts.get(0).strip())));
                continue;
            }
            List<String> words = splitTopLevel(name, " ").stream().filter(w -> !w.isBlank()).toList();
            int lastStart = words.size() - 1;
            while (lastStart > 0 && Character.isLowerCase(words.get(lastStart - 1).charAt(0))) {
                lastStart--; // "van", "de la": part of the last name
            }
            out.add(new Name(latex(String.join(" ", words.subList(0, lastStart))),
                    latex(String.join(" ", words.subList(lastStart, words.size())))));
        }
        return out;
    }

    private static boolean topLevelBraces(String s) {
        int depth = 0;
        for (int i = 0; i < s.length(); i++) {
            depth += s.charAt(i) == '{' ? 1 : s.charAt(i) == '}' ? -1 : 0;
            if (depth == 0 && i < s.length() - 1) {
                return false;
            }
        }
        return true;
    }

    private static List<String> splitTopLevel(String s, String separator) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            depth += c == '{' ? 1 : c == '}' ? -1 : 0;
            if (depth == 0 && s.regionMatches(true, i, separator, 0, separator.length())) {
                out.add(s.substring(start, i));
                start = i + separator.length();
                i = start - 1;
            }
        }
        out.add(s.substring(start));
        return out;
    }

    private static String text(Value value) {
        return latex(value.toUserString());
    }

    /** LaTeX accents and commands to Unicode ({\"o} to ö, -- to an en dash); braces go. */
    static String latex(String s) {
        if (!s.contains("\\") && !s.contains("{") && !s.contains("--") && !s.contains("~")) {
            return s.strip();
        }
        try {
            return new LaTeXPrinter().print(new LaTeXParser().parse(s)).strip();
        } catch (Exception | Error e) {
            return s.replace("{", "").replace("}", "").strip();
        }
    }

    private static String esc(String s) {
        return Entities.escape(s);
    }
}
