package org.nodeoslab.site.book;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.nodeoslab.site.content.ContentException;

/**
 * Resolves, in one line of prose, cross-references ({@code @fig:x} and the rest) to Markdown links reading
 * "Figure 3.2", citations ({@code [@key]}, {@code [@key, p. 12]}, {@code [see @a; -@b]}, and {@code @key} in running
 * text) to author–date links into the reference list, and checks that local images exist. Code spans are left
 * alone. Whatever does not resolve becomes an error at the line and a marker in the text.
 */
final class References {

    static final String REFERENCES_URL = "/book/references.html";
    private final String referencesUrl;

    private static final Pattern CITATION_GROUP =
            Pattern.compile("(?<![!\\\\^\\]])\\[([^\\[\\]]*?@[^\\[\\]]*)](?![(\\[:])");
    private static final Pattern CITATION_ITEM = Pattern.compile(
            "^\\s*(?:(.*?)\\s+)?(-?)@([A-Za-z0-9_][\\w:.#$%&+?<>~/-]*?)\\s*(?:,\\s*(.+?))?\\s*$");
    private static final Pattern LABEL_REF =
            Pattern.compile("(?<![\\w@/\\\\])@((?:sec|fig|tbl|lst|eq):[\\w-]+(?:[.:][\\w-]+)*)");
    private static final Pattern IN_TEXT_CITATION =
            Pattern.compile("(?<![\\w@/\\\\.\\[-])@([A-Za-z0-9_][\\w-]*(?:[.:][\\w-]+)*)");
    /** Pandoc's rule: no space after the opening $ nor before the closing one, and no digit after it ($5 and $10). */
    private static final Pattern INLINE_MATH =
            Pattern.compile("(?<![$\\\\])\\$(?![\\s$])((?:[^$\\\\]|\\\\.)+?)(?<!\\s)\\$(?![\\d$])");
    private static final Pattern IMAGE = Pattern.compile("!\\[[^\\]]*]\\(\\s*<?([^)\\s>]+)");
    private static final Set<String> LABEL_KINDS = Set.of("sec", "fig", "tbl", "lst", "eq");

    private final Labels labels;
    private final Bibliography bibliography;
    private final Path bookDir;
    private final String pageUrl;
    private final String chapterDir;
    private final List<ContentException> errors;
    private final Set<String> cited;
    private java.util.function.BiFunction<String, SourceLine, String> inlineMath = (tex, where) -> "$" + tex + "$";

    /**
     * @param chapterDir the chapter's folder relative to the book ("" or "part1/"): where its images are
     * @param cited      receives every key cited, for the reference list
     * @param referencesUrl the page with the reference list
     */
    References(Labels labels, Bibliography bibliography, Path bookDir, String pageUrl, String chapterDir,
               List<ContentException> errors, Set<String> cited, String referencesUrl) {
        this.referencesUrl = referencesUrl;
        this.labels = labels;
        this.bibliography = bibliography;
        this.bookDir = bookDir;
        this.pageUrl = pageUrl;
        this.chapterDir = chapterDir;
        this.errors = errors;
        this.cited = cited;
    }

    /** How {@code $...$} is put in (the chapter renderer's SVG slots); by default left as written. */
    References withInlineMath(java.util.function.BiFunction<String, SourceLine, String> math) {
        this.inlineMath = math;
        return this;
    }

    /** The line's Markdown with references resolved. */
    String resolve(String text, SourceLine where) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            int tick = text.indexOf('`', i);
            if (tick < 0) {
                out.append(prose(text.substring(i), where));
                break;
            }
            out.append(prose(text.substring(i, tick), where));
            int run = tick;
            while (run < text.length() && text.charAt(run) == '`') {
                run++;
            }
            String ticks = text.substring(tick, run);
            int close = findClosing(text, run, ticks);
            int end = close < 0 ? run : close + ticks.length();
            out.append(text, tick, end);
            i = end;
        }
        return out.toString();
    }

    private static int findClosing(String text, int from, String ticks) {
        int at = text.indexOf(ticks, from);
        while (at >= 0) {
            int after = at + ticks.length();
            if (after >= text.length() || text.charAt(after) != '`') {
                return at;
            }
            while (after < text.length() && text.charAt(after) == '`') {
                after++;
            }
            at = text.indexOf(ticks, after);
        }
        return -1;
    }

    private String prose(String text, SourceLine where) {
        String s = text.indexOf('$') >= 0 ? replace(INLINE_MATH, text, m -> inlineMath.apply(m.group(1), where)) : text;
        if (s.indexOf('@') < 0 && !s.contains("![")) {
            return s;
        }
        s = replace(CITATION_GROUP, s, m -> citationGroup(m.group(1), m.group(), where));
        s = replace(LABEL_REF, s, m -> reference(m.group(1), where));
        s = replace(IN_TEXT_CITATION, s, m -> {
            Bibliography.Entry e = bibliography.get(m.group(1));
            if (e == null) {
                return m.group(); // "@types/node", an npm scope: not a citation
            }
            cited.add(e.key());
            return link(e.names(), referencesUrl + "#" + e.anchor()) + " (" + link(e.year(),
                    referencesUrl + "#" + e.anchor()) + ")";
        });
        return s + missingImages(s, where);
    }

    private String citationGroup(String inside, String whole, SourceLine where) {
        List<String> rendered = new ArrayList<>();
        boolean allLabels = true;
        List<Matcher> items = new ArrayList<>();
        for (String item : inside.split(";")) {
            Matcher m = CITATION_ITEM.matcher(item);
            if (!m.matches()) {
                return whole; // not citation syntax: "[email me @ home]"
            }
            items.add(m);
            allLabels &= isLabel(m.group(3));
        }
        if (allLabels) {
            for (Matcher m : items) {
                rendered.add(reference(m.group(3), where));
            }
            return String.join(", ", rendered);
        }
        for (Matcher m : items) {
            String key = m.group(3);
            String prefix = m.group(1) == null ? "" : m.group(1) + " ";
            String locator = m.group(4) == null ? "" : ", " + m.group(4);
            if (isLabel(key)) {
                rendered.add(prefix + reference(key, where) + locator);
                continue;
            }
            Bibliography.Entry e = bibliography.get(key);
            if (e == null) {
                rendered.add(problem("no reference " + key + " in references.bib", where));
                continue;
            }
            cited.add(e.key());
            String label = m.group(2).isEmpty() ? e.names() + " " + e.year() : e.year();
            rendered.add(prefix + link(label, referencesUrl + "#" + e.anchor()) + locator);
        }
        return "(" + String.join("; ", rendered) + ")";
    }

    private static boolean isLabel(String key) {
        int colon = key.indexOf(':');
        return colon > 0 && LABEL_KINDS.contains(key.substring(0, colon));
    }

    private String reference(String label, SourceLine where) {
        Target t = labels.get(label);
        if (t == null) {
            return problem("no label " + label + " in the book", where);
        }
        return link(t.text(), t.pageUrl().equals(pageUrl) ? "#" + t.anchor() : t.href());
    }

    private static String link(String text, String url) {
        return "[" + InlineMarkdown.escape(text) + "](" + url + ")";
    }

    private String problem(String message, SourceLine where) {
        errors.add(new ContentException(where.file(), where.line(), message));
        return BookErrors.markerMarkdown(message);
    }

    /** Markers (and errors) for the local images of the line that do not exist. */
    private String missingImages(String text, SourceLine where) {
        StringBuilder markers = new StringBuilder();
        Matcher m = IMAGE.matcher(text);
        while (m.find()) {
            markers.append(checkImage(m.group(1), where));
        }
        return markers.toString();
    }

    /** A local image (not http:, not site-absolute) must exist beside the chapter: "" or a marker. */
    String checkImage(String src, SourceLine where) {
        return imageExists(src) ? "" : " " + problem("image " + src + " does not exist", where);
    }

    private boolean imageExists(String src) {
        if (src.matches("(?i)^[a-z][a-z0-9+.-]*:.*") || src.startsWith("/") || src.startsWith("#")) {
            return true;
        }
        Path file = bookDir.resolve(chapterDir + src.replaceAll("[?#].*$", "").replace("%20", " ")).normalize();
        return file.startsWith(bookDir) && Files.isRegularFile(file);
    }

    private static String replace(Pattern p, String text, java.util.function.Function<Matcher, String> f) {
        Matcher m = p.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(f.apply(m)));
        }
        m.appendTail(out);
        return out.toString();
    }
}
