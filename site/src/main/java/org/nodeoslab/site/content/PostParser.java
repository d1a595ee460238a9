package org.nodeoslab.site.content;

import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.List;

/**
 * Reads the front matter half of one Jekyll file: title, date, URL, tags... The body is rendered later, once every
 * post's URL is known, so posts can link to each other by file name.
 */
public final class PostParser {

    /** A post whose Markdown is not rendered yet. */
    public record Parsed(String sourceFile, String fileName, PostFileName name, FrontMatter frontMatter, String title,
                         ZonedDateTime date, String fileTitle, List<String> tags, List<String> categories,
                         String url, boolean draft, ContentException warning) {
    }

    /** Jekyll's {@code Utils.titleize_slug}: "hello-big-world" is "Hello Big World". */
    static String titleFromName(String nameTitle) {
        StringBuilder out = new StringBuilder();
        for (String word : nameTitle.split("-")) {
            if (word.isEmpty()) {
                continue;
            }
            if (out.length() > 0) {
                out.append(' ');
            }
            out.appendCodePoint(Character.toTitleCase(word.codePointAt(0)))
                    .append(word.substring(Character.charCount(word.codePointAt(0))).toLowerCase(java.util.Locale.ROOT));
        }
        return out.toString();
    }

    private final BlogSettings settings;

    public PostParser(BlogSettings settings) {
        this.settings = settings;
    }

    /**
     * @param sourceFile display path, e.g. posts/2016-03-03-x.md
     * @param fileName   the bare file name
     * @param draft      from the drafts folder: no date in the name
     * @param fileDate   for drafts without a date key: the file's modification time
     * @throws ContentException naming the file, the line and the problem
     */
    public Parsed parse(String sourceFile, String fileName, String text, boolean draft, ZonedDateTime fileDate) {
        PostFileName name = draft ? PostFileName.parseDraft(fileName)
                : PostFileName.parsePost(sourceFile, fileName).orElseThrow(
                        () -> new ContentException(sourceFile, 1, "a post's file name is YYYY-MM-DD-title.md"));
        FrontMatter fm = FrontMatterParser.parse(sourceFile, text);

        String title = fm.string("title");
        ContentException warning = null;
        if (title == null) {
            // Jekyll's Document#populate_title: the file name's words, each capitalized.
            title = titleFromName(name.title());
            warning = new ContentException(sourceFile, fm.lineOf("title"),
                    "no title: using \"" + title + "\" from the file name (add a line \"title: ...\")");
        }
        ZonedDateTime date = date(sourceFile, fm, name.date(), fileDate);
        String slugSource = fm.string("slug") != null ? fm.string("slug") : name.title();
        // Jekyll: :title keeps case and URL-safe punctuation, :slug is the default slugify.
        String fileTitle = Slugs.slugify(slugSource, Slugs.Mode.PRETTY, true);
        String slug = Slugs.slugify(slugSource);
        if (fileTitle.isEmpty()) {
            throw new ContentException(sourceFile, fm.lineOf("slug"), "the title part of the name gives an empty slug");
        }
        List<String> tags = fm.list("tags", "tag");
        List<String> categories = fm.list("categories", "category");

        // A post's own permalink may use the same placeholders as the site setting (Jekyll expands both).
        String own = fm.string("permalink");
        String pattern = own != null ? own : settings.permalink();
        String url;
        try {
            url = settings.prefix() + Permalinks.expand(pattern, new Permalinks.Parts(date, fileTitle, slug, categories));
        } catch (IllegalArgumentException e) {
            throw new ContentException(sourceFile, own != null ? fm.lineOf("permalink") : 1,
                    (own != null ? "permalink: " : "site permalink setting: ") + e.getMessage());
        }
        if (Permalinks.unsafe(url)) {
            throw new ContentException(sourceFile, fm.lineOf("permalink"),
                    "address \"" + url + "\" must not have a \".\" or \"..\" segment, \"\\\", \"?\", \"#\" or control characters");
        }
        return new Parsed(sourceFile, fileName, name, fm, title, date, fileTitle, tags, categories, url, draft,
                warning);
    }

    /**
     * The address a post file would have from its name alone, so a broken post's address shows its error rather
     * than a 404. Empty when even the name is unusable.
     */
    public String urlFromName(String fileName) {
        try {
            return PostFileName.parsePost(fileName, fileName)
                    .map(n -> settings.prefix() + Permalinks.expand(settings.permalink(), new Permalinks.Parts(
                            n.date().atStartOfDay(settings.zone()), Slugs.slugify(n.title(), Slugs.Mode.PRETTY, true),
                            Slugs.slugify(n.title()), List.of())))
                    .orElse("");
        } catch (RuntimeException e) {
            return "";
        }
    }

    private ZonedDateTime date(String sourceFile, FrontMatter fm, LocalDate nameDate, ZonedDateTime fileDate) {
        String text = fm.string("date");
        if (text != null) {
            try {
                // Like Jekyll (YAML timestamps become times in the site's zone): the address uses the site's day.
                return JekyllDates.parse(text, settings.zone()).withZoneSameInstant(settings.zone());
            } catch (IllegalArgumentException e) {
                throw new ContentException(sourceFile, fm.lineOf("date"), e.getMessage());
            }
        }
        if (nameDate != null) {
            return nameDate.atStartOfDay(settings.zone());
        }
        return fileDate.withZoneSameInstant(settings.zone());
    }
}
