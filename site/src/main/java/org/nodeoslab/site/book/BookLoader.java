package org.nodeoslab.site.book;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.nodeoslab.site.content.ContentException;
import org.nodeoslab.site.content.MarkdownRenderer;

/**
 * Reads a book folder (mdBook or GitBook layout: {@code book.toml} or {@code book.json}, {@code SUMMARY.md}, chapter
 * files, images beside them, {@code references.bib}, {@code glossary.yml}) into a {@link BookSnapshot}. Two passes:
 * the first numbers everything and collects labels across the book, the second renders each chapter. A broken
 * file, reference or image is an error of the snapshot (file:line) and a marker on its page, never a failure of
 * the whole book.
 */
public final class BookLoader {

    public static final String BOOK_URL = "/book/";

    private final MarkdownRenderer markdown;

    public BookLoader(MarkdownRenderer markdown) {
        this.markdown = markdown;
    }

    /** A chapter between the two passes. */
    private record Chapter(Summary.Entry entry, String url, String dir, ChapterParser.Parsed parsed) {
    }

    public BookSnapshot load(Path folder) {
        Path bookDir = folder.toAbsolutePath().normalize();
        String label = bookDir.getFileName() == null ? bookDir.toString() : bookDir.getFileName().toString();
        List<ContentException> errors = Collections.synchronizedList(new ArrayList<>());
        BookMetadata metadata = BookMetadata.read(bookDir, label, errors);
        Summary summary = readSummary(bookDir, label, errors);
        Bibliography bibliography = readOptional(bookDir.resolve("references.bib"), label + "/references.bib", errors,
                Bibliography::parse, Bibliography.EMPTY);
        Glossary glossary = readOptional(bookDir.resolve("glossary.yml"), label + "/glossary.yml", errors,
                Glossary::parse, Glossary.EMPTY);

        Includes includes = new Includes(bookDir, label);
        Labels labels = new Labels();
        ChapterParser.Counters counters = new ChapterParser.Counters();
        List<Chapter> chapters = new ArrayList<>();
        List<BookSnapshot.ContentsItem> contents = new ArrayList<>();
        String lastPart = null;
        for (Summary.Entry entry : summary.entries()) {
            String url = entry.draft() ? null : pageUrl(entry.path());
            String part = entry.part() != null && !entry.part().equals(lastPart) ? entry.part() : null;
            lastPart = entry.part() != null ? entry.part() : lastPart;
            contents.add(new BookSnapshot.ContentsItem(InlineMarkdown.plain(entry.title()), entry.number(), url,
                    entry.depth(), part, entry.kind()));
            if (entry.draft()) {
                continue;
            }
            String display = label + "/" + entry.path();
            Path file = bookDir.resolve(entry.path()).normalize();
            List<SourceLine> lines;
            if (!file.startsWith(bookDir) || !Files.isRegularFile(file)) {
                String problem = entry.path() + " does not exist";
                errors.add(new ContentException(label + "/SUMMARY.md", entry.line(), problem));
                lines = List.of(new SourceLine("# " + entry.title(), label + "/SUMMARY.md", entry.line()),
                        new SourceLine("", label + "/SUMMARY.md", entry.line()),
                        new SourceLine(BookErrors.markerMarkdown(label + "/SUMMARY.md:" + entry.line() + ": " + problem),
                                label + "/SUMMARY.md", entry.line()));
            } else {
                try {
                    lines = includes.read(entry.path(), errors);
                } catch (IOException e) {
                    errors.add(new ContentException(display, 1, "cannot be read: " + e.getMessage()));
                    continue;
                }
            }
            String counterKey = entry.chapterNumber() != null ? entry.chapterNumber() : "~" + entry.path();
            String dir = entry.path().contains("/") ? entry.path().substring(0, entry.path().lastIndexOf('/') + 1) : "";
            chapters.add(new Chapter(entry, url, dir,
                    ChapterParser.parse(lines, url, entry.number(), counterKey, labels, counters, errors)));
        }

        // mdBook has no generated pages: a SUMMARY entry bibliography.md (or references.md) and glossary.md, when
        // present, is where the engine puts the lists, after the author's text; otherwise they get pages of their own.
        String referencesPage = listPage(summary, "bibliography.md", "references.md");
        String glossaryPage = listPage(summary, "glossary.md");
        String referencesUrl = referencesPage != null ? referencesPage : References.REFERENCES_URL;
        String glossaryUrl = glossaryPage != null ? glossaryPage : GlossaryLinks.GLOSSARY_URL;
        ChapterRenderer renderer = new ChapterRenderer(markdown, bookDir);
        Set<String> cited = Collections.synchronizedSet(new LinkedHashSet<>());
        // Rendering is most of the work and chapters render alone: spread it over the cores, keep the order.
        List<BookPage> pages = new ArrayList<>(chapters.parallelStream().map(c -> {
            References refs = new References(labels, bibliography, bookDir, c.url(), c.dir(), errors, cited,
                    referencesUrl);
            ChapterRenderer.Rendered r = renderer.render(c.parsed(), refs, c.dir(), glossary, glossaryUrl, errors);
            String title = c.parsed().title() != null ? c.parsed().title() : InlineMarkdown.plain(c.entry().title());
            return new BookPage(c.url(), title, c.entry().number(), c.entry().kind(), r.html(), r.toc(),
                    label + "/" + c.entry().path());
        }).toList());
        if (referencesPage != null) {
            replace(pages, referencesPage, p -> BackMatter.withList(p, BackMatter.referenceList(bibliography, cited)));
        } else if (bibliography.size() > 0) {
            pages.add(BackMatter.references(referencesUrl, bibliography, cited));
            contents.add(new BookSnapshot.ContentsItem(BackMatter.REFERENCES_TITLE, null, referencesUrl, 0,
                    null, Summary.Kind.SUFFIX));
        }
        if (glossaryPage != null) {
            replace(pages, glossaryPage, p -> BackMatter.withList(p, BackMatter.glossaryList(glossary, renderer.inline())));
        } else if (!glossary.terms().isEmpty()) {
            pages.add(BackMatter.glossary(glossaryUrl, glossary, renderer.inline()));
            contents.add(new BookSnapshot.ContentsItem(BackMatter.GLOSSARY_TITLE, null, glossaryUrl, 0,
                    null, Summary.Kind.SUFFIX));
        }
        List<ContentException> sorted = new ArrayList<>(errors);
        sorted.sort(java.util.Comparator.comparing(ContentException::file).thenComparingInt(ContentException::line));
        return new BookSnapshot(metadata, contents, pages, sorted);
    }

    /** The address of the first SUMMARY page whose file has one of these names (in any folder), or null. */
    private static String listPage(Summary summary, String... names) {
        for (Summary.Entry e : summary.entries()) {
            if (e.path() != null) {
                String name = e.path().substring(e.path().lastIndexOf('/') + 1).toLowerCase(java.util.Locale.ROOT);
                if (java.util.Arrays.asList(names).contains(name)) {
                    return pageUrl(e.path());
                }
            }
        }
        return null;
    }

    private static void replace(List<BookPage> pages, String url, java.util.function.UnaryOperator<BookPage> change) {
        pages.replaceAll(p -> p.url().equals(url) ? change.apply(p) : p);
    }

    /** thesis/design.md is /book/design.html, as mdBook writes it. */
    static String pageUrl(String path) {
        String html = path.endsWith(".md") ? path.substring(0, path.length() - 3) + ".html" : path + ".html";
        return BOOK_URL + html;
    }

    private static Summary readSummary(Path bookDir, String label, List<ContentException> errors) {
        Path file = bookDir.resolve("SUMMARY.md");
        if (!Files.isRegularFile(file)) {
            return new Summary(List.of()); // a book not begun: the cover says so
        }
        try {
            return Summary.parse(Files.readString(file, StandardCharsets.UTF_8), label + "/SUMMARY.md", errors);
        } catch (IOException e) {
            errors.add(new ContentException(label + "/SUMMARY.md", 0, "cannot be read: " + e.getMessage()));
            return new Summary(List.of());
        }
    }

    private interface Parser<T> {
        T parse(String text, String file, List<ContentException> errors);
    }

    private static <T> T readOptional(Path file, String display, List<ContentException> errors, Parser<T> parser,
                                      T empty) {
        if (!Files.isRegularFile(file)) {
            return empty;
        }
        try {
            return parser.parse(Files.readString(file, StandardCharsets.UTF_8), display, errors);
        } catch (IOException e) {
            errors.add(new ContentException(display, 0, "cannot be read: " + e.getMessage()));
            return empty;
        }
    }
}
