package org.nodeoslab.site.book;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Entities;
import org.nodeoslab.site.book.chart.ChartSpec;
import org.nodeoslab.site.book.chart.DataTable;
import org.nodeoslab.site.book.chart.SvgChart;
import org.nodeoslab.site.content.ContentException;
import org.nodeoslab.site.content.MarkdownRenderer;

/**
 * The second pass over a chapter: turns its {@link Block}s into Markdown in which headings, figures, tables and
 * listings carry their numbers and captions (as HTML blocks) and references are links, renders it with the site's
 * Markdown renderer (footnotes, tables, sanitizer), puts the charts in, and links the glossary's terms.
 */
final class ChapterRenderer {

    private static final Pattern MD_LINK = Pattern.compile("^([^:/?#][^:?#]*?)\\.md(#.*)?$");

    private final MarkdownRenderer markdown;
    private final Path bookDir;

    ChapterRenderer(MarkdownRenderer markdown, Path bookDir) {
        this.markdown = markdown;
        this.bookDir = bookDir;
    }

    /** The rendered page body and its headings. */
    record Rendered(String html, List<TocEntry> toc) {
    }

    Rendered render(ChapterParser.Parsed parsed, References refs, String chapterDir, Glossary glossary,
                    String glossaryUrl, List<ContentException> errors) {
        List<String> out = new ArrayList<>();
        Map<String, String> slots = new LinkedHashMap<>();
        refs.withInlineMath((tex, where) -> mathSlot(tex, false, where, slots, errors));
        StringBuilder display = null;
        for (Block block : parsed.blocks()) {
            SourceLine line = block.line();
            if (block instanceof Block.Text t && (display != null || t.line().text().strip().startsWith("$$"))) {
                // $$ ... $$ display maths, on one line or several.
                String text = t.line().text().strip();
                display = display == null ? new StringBuilder(text.substring(2)) : display.append('\n').append(text);
                if (display.length() >= 2 && display.toString().endsWith("$$")) {
                    String tex = display.substring(0, display.length() - 2);
                    out.add("");
                    out.add("<div class=\"math-display\">" + mathSlot(tex, true, line, slots, errors) + "</div>");
                    out.add("");
                    display = null;
                }
            } else if (block instanceof Block.Text t) {
                out.add(refs.resolve(t.line().text(), line));
            } else if (block instanceof Block.Verbatim v) {
                out.add(v.line().text());
            } else if (block instanceof Block.Heading h) {
                String number = h.number() == null ? "" : "<span class=\"secno\">" + h.number() + "</span> ";
                out.add("");
                out.add("<h" + h.level() + " id=\"" + h.id() + "\"" + (h.level() == 1 ? " class=\"chapter-title\"" : "")
                        + ">" + number + InlineMarkdown.html(refs.resolve(h.titleMarkdown(), line))
                        + "<a class=\"heading-anchor\" href=\"#" + h.id() + "\"></a></h" + h.level() + ">");
                out.add("");
            } else if (block instanceof Block.Figure f) {
                String caption = InlineMarkdown.html(refs.resolve(f.captionMarkdown(), line));
                String marker = refs.checkImage(f.src(), line);
                out.add("");
                out.add("<figure class=\"figure\"" + idAttr(f.target()) + "><img src=\"" + Entities.escape(f.src())
                        + "\" alt=\"" + Entities.escape(InlineMarkdown.plain(f.captionMarkdown())) + "\">"
                        + "<figcaption>" + label(f.target()) + caption + "</figcaption></figure>"
                        + (marker.isEmpty() ? "" : InlineMarkdown.html(marker)));
                out.add("");
            } else if (block instanceof Block.TableCaption c) {
                tableCaption(c, refs, out, errors);
            } else if (block instanceof Block.ListingStart l) {
                out.add("");
                out.add("<div class=\"listing\"" + idAttr(l.target()) + ">");
                out.add("");
                out.add("<p class=\"caption\">" + label(l.target())
                        + InlineMarkdown.html(refs.resolve(l.captionMarkdown(), line)) + "</p>");
                out.add("");
                out.add(l.fence() + l.language());
            } else if (block instanceof Block.ListingEnd e) {
                out.add(e.line().text());
                out.add("");
                out.add("</div>");
                out.add("");
            } else if (block instanceof Block.Chart c) {
                String slot = "chart-slot-" + slots.size();
                slots.put(slot, chart(c, chapterDir, slot, errors));
                out.add("");
                out.add("<div class=\"chart-slot\" id=\"" + slot + "\"></div>");
                out.add("");
            }
        }
        String html = markdown.render(String.join("\n", out) + "\n", ChapterRenderer::mdToHtml);
        for (Map.Entry<String, String> slot : slots.entrySet()) {
            html = html.replaceFirst("<(div|span)[^>]*id=\"" + slot.getKey() + "\"[^>]*>\\s*</(div|span)>",
                    Matcher.quoteReplacement(slot.getValue()));
        }
        Document doc = Jsoup.parseBodyFragment(html);
        doc.outputSettings().prettyPrint(false);
        GlossaryLinks.link(doc.body(), glossary, glossaryUrl);
        List<TocEntry> toc = new ArrayList<>();
        for (Block.Heading h : parsed.headings()) {
            toc.add(new TocEntry(h.level(), h.number(), h.plainTitle(), h.id()));
        }
        return new Rendered(doc.body().html(), toc);
    }

    /** Markdown outside a chapter (glossary definitions) rendered and sanitized like a chapter's. */
    interface Inline {
        String html(String markdown);
    }

    Inline inline() {
        return md -> markdown.render(md, ChapterRenderer::mdToHtml);
    }

    /** A placeholder the sanitizer keeps, replaced by the formula's SVG after sanitizing; a marker on bad TeX. */
    private static String mathSlot(String tex, boolean display, SourceLine where, Map<String, String> slots,
                                   List<ContentException> errors) {
        String slot = "math-slot-" + slots.size();
        try {
            slots.put(slot, MathSvg.render(tex.strip(), display));
        } catch (IllegalArgumentException e) {
            String problem = "maths $" + tex.strip() + "$: " + e.getMessage();
            errors.add(new ContentException(where.file(), where.line(), problem));
            return BookErrors.markerMarkdown(problem);
        }
        return "<span class=\"math-slot\" id=\"" + slot + "\"></span>";
    }

    /** Links between chapters are written to the .md files (as in mdBook); the pages are .html. */
    static String mdToHtml(String url) {
        Matcher m = MD_LINK.matcher(url);
        return m.matches() ? m.group(1) + ".html" + (m.group(2) == null ? "" : m.group(2)) : url;
    }

    private static String idAttr(Target t) {
        return t == null ? "" : " id=\"" + t.anchor() + "\"";
    }

    private static String label(Target t) {
        return t == null ? "" : "<span class=\"caption-label\">" + t.text() + ":</span> ";
    }

    /** Moves the caption above its table and wraps both, so that the label's anchor is where the table starts. */
    private static void tableCaption(Block.TableCaption c, References refs, List<String> out,
                                     List<ContentException> errors) {
        int end = out.size();
        while (end > 0 && out.get(end - 1).isBlank()) {
            end--;
        }
        int start = end;
        while (start > 0 && !out.get(start - 1).isBlank()) {
            start--;
        }
        if (start == end || !out.get(start).strip().startsWith("|")) {
            String problem = "\"Table: ...\" must follow a table (a blank line at most between them)";
            errors.add(new ContentException(c.line().file(), c.line().line(), problem));
            out.add(BookErrors.markerMarkdown(problem));
            return;
        }
        List<String> table = new ArrayList<>(out.subList(start, end));
        out.subList(start, out.size()).clear();
        out.add("<div class=\"table-figure\"" + idAttr(c.target()) + ">");
        out.add("");
        out.add("<p class=\"caption\">" + label(c.target())
                + InlineMarkdown.html(refs.resolve(c.captionMarkdown(), c.line())) + "</p>");
        out.add("");
        out.addAll(table);
        out.add("");
        out.add("</div>");
        out.add("");
    }

    private String chart(Block.Chart c, String chapterDir, String slot, List<ContentException> errors) {
        try {
            ChartSpec spec = ChartSpec.parse(c.arguments());
            Path file = bookDir.resolve(chapterDir + spec.file()).normalize();
            if (!file.startsWith(bookDir) || !Files.isRegularFile(file)) {
                throw new IllegalArgumentException("data file " + spec.file() + " does not exist");
            }
            DataTable data;
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                data = DataTable.read(reader);
            }
            String svg = SvgChart.render(spec, data, c.target() != null ? "chart-" + c.target().anchor().replace(':', '-')
                    : slot);
            // The chart draws its title; a caption only when it is a numbered figure.
            String caption = c.target() == null ? ""
                    : "<figcaption>" + label(c.target()) + Entities.escape(spec.title()) + "</figcaption>";
            return "<figure class=\"figure chart-figure\"" + idAttr(c.target()) + ">" + svg + caption + "</figure>";
        } catch (IllegalArgumentException | IOException e) {
            String problem = "{{#chart}}: " + e.getMessage();
            errors.add(new ContentException(c.line().file(), c.line().line(), problem));
            return "<p>" + BookErrors.markerMarkdown(problem) + "</p>";
        }
    }
}
