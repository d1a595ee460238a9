package org.nodeoslab.site.book;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.nodeoslab.site.content.ContentException;

/**
 * The first pass over a chapter: sorts its lines into {@link Block}s, numbers headings, figures, tables and
 * listings, and registers every label in the book's {@link Labels}, so that the second pass can resolve a reference
 * to any chapter, earlier or later.
 */
final class ChapterParser {

    private static final Pattern FENCE = Pattern.compile("^( {0,3})(`{3,}|~{3,})\\s*(.*)$");
    private static final Pattern HEADING = Pattern.compile("^(#{1,6})\\s+(.*?)(?:\\s+#+)?\\s*$");
    private static final Pattern FIGURE = Pattern.compile(
            "^\\s*!\\[(.*)]\\(\\s*<?([^)\\s>]+)>?(?:\\s+\"[^\"]*\")?\\s*\\)\\s*\\{([^{}]*)}\\s*$");
    private static final Pattern TABLE_CAPTION = Pattern.compile("^Table:\\s+(.*?)\\s*$");
    private static final Pattern CHART = Pattern.compile("^\\s*\\{\\{#chart\\s+(.*?)}}\\s*(?:\\{([^{}]*)}\\s*)?$");
    /** Headings numbered below the page's own: h2 and h3 ("3.1", "3.1.2"); deeper ones are not. */
    private static final int NUMBERED_LEVELS = 3;

    /** Figure, table and listing counters, per chapter ("3" for the files 3, 3.1 and 3.2 together). */
    static final class Counters {
        private final Map<String, int[]> byChapter = new HashMap<>();

        String next(String chapter, String kind) {
            int[] c = byChapter.computeIfAbsent(chapter, k -> new int[3]);
            int i = switch (kind) {
                case "fig" -> 0;
                case "tbl" -> 1;
                default -> 2;
            };
            c[i]++;
            return chapter.startsWith("~") ? String.valueOf(c[i]) : chapter + "." + c[i];
        }
    }

    /** A chapter after the first pass. */
    record Parsed(List<Block> blocks, String title, List<Block.Heading> headings) {
    }

    private ChapterParser() {
    }

    /**
     * @param number  the page's number from the SUMMARY ("3", "3.2") or null
     * @param counterKey the chapter the page's figures count under ("3"), or a key of its own for unnumbered pages
     */
    static Parsed parse(List<SourceLine> lines, String pageUrl, String number, String counterKey, Labels labels,
                        Counters counters, List<ContentException> errors) {
        List<Block> blocks = new ArrayList<>();
        List<Block.Heading> headings = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        int[] sections = new int[7];
        String title = null;
        String fence = null;
        boolean listing = false;
        for (SourceLine line : lines) {
            String text = line.text();
            if (fence != null) {
                if (closes(text, fence)) {
                    blocks.add(listing ? new Block.ListingEnd(line) : new Block.Verbatim(line));
                    fence = null;
                    listing = false;
                } else {
                    blocks.add(new Block.Verbatim(line));
                }
                continue;
            }
            Matcher m;
            if ((m = FENCE.matcher(text)).matches() && !(m.group(2).startsWith("`") && m.group(3).contains("`"))) {
                fence = m.group(2);
                Matcher attrs = Attributes.TRAILING.matcher(m.group(3));
                Attributes a = attrs.matches() ? Attributes.parse(attrs.group(2)) : null;
                if (a != null && a.label("lst") != null) {
                    String caption = a.values().getOrDefault("caption", "");
                    Target t = new Target("lst", counters.next(counterKey, "lst"), InlineMarkdown.plain(caption), false,
                            pageUrl, a.id());
                    labels.add(a.id(), t, line, errors);
                    ids.add(a.id());
                    blocks.add(new Block.ListingStart(line, fence, attrs.group(1).trim(), caption, t));
                    listing = true;
                } else if (a != null) {
                    // ```js {.numberLines}: the attributes are pandoc's, the language is what highlight.js needs.
                    blocks.add(new Block.Verbatim(line.withText(m.group(1) + fence + attrs.group(1).trim())));
                } else {
                    blocks.add(new Block.Verbatim(line));
                }
                continue;
            }
            if ((m = HEADING.matcher(text)).matches()) {
                int level = m.group(1).length();
                String heading = m.group(2);
                Attributes a = null;
                Matcher attrs = Attributes.TRAILING.matcher(heading);
                if (attrs.matches() && (a = Attributes.parse(attrs.group(2))) != null) {
                    heading = attrs.group(1);
                }
                String plain = InlineMarkdown.plain(heading);
                String id = a != null && a.id() != null ? a.id() : uniqueSlug(plain, ids);
                if (!ids.add(id) && a != null && a.id() != null) {
                    errors.add(new ContentException(line.file(), line.line(), "id #" + id + " is used twice on this page"));
                }
                boolean isTitle = level == 1 && title == null;
                String headingNumber = null;
                if (number != null && !(a != null && a.unnumbered())) {
                    if (isTitle) {
                        headingNumber = number;
                    } else if (level >= 2 && level <= NUMBERED_LEVELS) {
                        sections[level]++;
                        for (int l = level + 1; l < sections.length; l++) {
                            sections[l] = 0;
                        }
                        StringBuilder n = new StringBuilder(number);
                        for (int l = 2; l <= level; l++) {
                            if (sections[l] > 0) { // an h3 straight under the title is 2.1, not 2.0.1
                                n.append('.').append(sections[l]);
                            }
                        }
                        headingNumber = n.toString();
                    }
                }
                if (isTitle) {
                    title = plain;
                }
                Block.Heading h = new Block.Heading(line, level, heading, plain, id, headingNumber);
                if (a != null && a.id() != null && a.id().startsWith("sec:")) {
                    // A page's title is a chapter ("Chapter 3"); a section file's title (3.2) is a section.
                    boolean chapter = isTitle && (number == null || !number.contains("."));
                    labels.add(a.id(), new Target("sec", headingNumber, plain, chapter, pageUrl, id), line, errors);
                }
                blocks.add(h);
                headings.add(h);
                continue;
            }
            if ((m = FIGURE.matcher(text)).matches()) {
                Attributes a = Attributes.parse(m.group(3));
                if (a != null) {
                    Target t = null;
                    if (a.label("fig") != null) {
                        t = new Target("fig", counters.next(counterKey, "fig"), InlineMarkdown.plain(m.group(1)), false,
                                pageUrl, a.id());
                        labels.add(a.id(), t, line, errors);
                    }
                    blocks.add(new Block.Figure(line, m.group(1), m.group(2), t, a));
                    continue;
                }
            }
            if ((m = TABLE_CAPTION.matcher(text)).matches()) {
                String caption = m.group(1);
                Target t = null;
                Matcher attrs = Attributes.TRAILING.matcher(caption);
                Attributes a;
                if (attrs.matches() && (a = Attributes.parse(attrs.group(2))) != null) {
                    caption = attrs.group(1);
                    if (a.label("tbl") != null) {
                        t = new Target("tbl", counters.next(counterKey, "tbl"), InlineMarkdown.plain(caption), false, pageUrl,
                                a.id());
                        labels.add(a.id(), t, line, errors);
                    }
                }
                blocks.add(new Block.TableCaption(line, caption, t));
                continue;
            }
            if ((m = CHART.matcher(text)).matches()) {
                Target t = null;
                Attributes a = m.group(2) == null ? null : Attributes.parse(m.group(2));
                if (a != null && a.label("fig") != null) {
                    t = new Target("fig", counters.next(counterKey, "fig"), "chart", false, pageUrl, a.id());
                    labels.add(a.id(), t, line, errors);
                }
                blocks.add(new Block.Chart(line, m.group(1), t));
                continue;
            }
            blocks.add(new Block.Text(line));
        }
        return new Parsed(blocks, title, headings);
    }

    /** A closing fence: at most 3 spaces, the opening's character at least as many times, nothing else. */
    private static boolean closes(String text, String fence) {
        String s = text.strip();
        char c = fence.charAt(0);
        return s.length() >= fence.length() && s.chars().allMatch(ch -> ch == c) && text.indexOf(c) <= 3;
    }

    private static String uniqueSlug(String text, Set<String> ids) {
        // ASCII only: the sanitizer keeps ids of [A-Za-z0-9_-:.].
        String base = java.text.Normalizer.normalize(text, java.text.Normalizer.Form.NFD)
                .toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-")
                .replaceAll("^-+|-+$", "");
        if (base.isEmpty()) {
            base = "section";
        }
        String slug = base;
        for (int i = 1; ids.contains(slug); i++) {
            slug = base + "-" + i;
        }
        return slug;
    }
}
