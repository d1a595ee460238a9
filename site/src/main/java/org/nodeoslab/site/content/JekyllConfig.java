package org.nodeoslab.site.content;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Map;

/**
 * The keys of a Jekyll site's {@code _config.yml} that decide addresses and what the blog says about itself. Every
 * field is null when the file does not set it (the site's own settings, then Jekyll's defaults, apply).
 *
 * @param title        {@code title}
 * @param description  {@code description}
 * @param url          {@code url}, the host the site is published at, e.g. https://example.github.io
 * @param baseurl      {@code baseurl}, the path the Jekyll site lives under, "" or "/path" (no trailing slash)
 * @param permalink    {@code permalink}, a style name or a pattern
 * @param paginate     {@code paginate}, posts per list page
 * @param paginatePath {@code paginate_path}, e.g. /page:num/ or /blog/page/:num/
 * @param timezone     {@code timezone}, an IANA zone for dates written without one
 * @param feedLimit    jekyll-feed's {@code feed: posts_limit}
 */
public record JekyllConfig(String title, String description, String url, String baseurl, String permalink,
                           Integer paginate, String paginatePath, ZoneId timezone, Integer feedLimit) {

    public static final String FILE = "_config.yml";

    /** A site without _config.yml. */
    public static final JekyllConfig NONE = new JekyllConfig(null, null, null, null, null, null, null, null, null);

    /**
     * @param file         the _config.yml, which may not exist
     * @param displayPath  how messages name it
     * @throws ContentException naming the file and line of a value Jekyll would refuse or misread
     */
    public static JekyllConfig read(Path file, String displayPath) {
        if (!Files.isRegularFile(file)) {
            return NONE;
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ContentException(displayPath, 1, "cannot be read: " + e.getMessage());
        }
        FrontMatter yaml = FrontMatterParser.parseYamlFile(displayPath, text);
        String baseurl = yaml.string("baseurl");
        if (baseurl != null) {
            baseurl = baseurl.replaceAll("/+$", "");
            if (!baseurl.isEmpty() && !baseurl.startsWith("/")) {
                baseurl = "/" + baseurl;
            }
            if (Permalinks.unsafe(baseurl)) {
                throw new ContentException(displayPath, yaml.lineOf("baseurl"),
                        "baseurl \"" + baseurl + "\" must be a plain path such as /blog");
            }
        }
        String paginatePath = yaml.string("paginate_path");
        if (paginatePath != null && !paginatePath.contains(":num")) {
            // jekyll-paginate refuses it too ("Invalid pagination path ... It must include ':num'").
            throw new ContentException(displayPath, yaml.lineOf("paginate_path"),
                    "paginate_path \"" + paginatePath + "\" must contain :num");
        }
        return new JekyllConfig(yaml.string("title"), yaml.string("description"), yaml.string("url"), baseurl,
                yaml.string("permalink"), positive(yaml, "paginate", displayPath), paginatePath,
                zone(yaml, displayPath), feedLimit(yaml, displayPath));
    }

    private static Integer positive(FrontMatter yaml, String key, String displayPath) {
        Object v = yaml.data().get(key);
        if (v == null || Boolean.FALSE.equals(v)) {
            return null;
        }
        return positive(v, key, yaml.lineOf(key), displayPath);
    }

    private static Integer positive(Object v, String key, int line, String displayPath) {
        if (v instanceof Integer n && n > 0) {
            return n;
        }
        throw new ContentException(displayPath, line, key + " must be a whole number above 0, not \"" + v + "\"");
    }

    private static ZoneId zone(FrontMatter yaml, String displayPath) {
        String tz = yaml.string("timezone");
        if (tz == null) {
            return null;
        }
        try {
            return ZoneId.of(tz);
        } catch (DateTimeException e) {
            throw new ContentException(displayPath, yaml.lineOf("timezone"),
                    "timezone \"" + tz + "\" is not an IANA zone such as Europe/Madrid");
        }
    }

    private static Integer feedLimit(FrontMatter yaml, String displayPath) {
        if (yaml.data().get("feed") instanceof Map<?, ?> feed && feed.get("posts_limit") != null) {
            return positive(feed.get("posts_limit"), "feed.posts_limit", yaml.lineOf("feed"), displayPath);
        }
        return null;
    }
}
