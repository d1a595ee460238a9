package org.nodeoslab.site.blog;

import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.nodeoslab.site.content.Tag;

/**
 * The addresses of the blog's own pages, all under its prefix (where it is mounted plus the _config.yml's
 * baseurl): the list pages by jekyll-paginate's {@code paginate_path}, the archive, the tags and the feed. The
 * templates, the sitemap and the export all ask here, so they cannot drift apart.
 *
 * @param prefix       "" or "/blog" (no trailing slash)
 * @param paginatePath jekyll-paginate's pattern for page 2 onwards, e.g. /page:num/ (its default) or /page/:num/
 */
public record BlogPaths(String prefix, String paginatePath) {

    public static final String DEFAULT_PAGINATE_PATH = "/page:num/";

    /**
     * Page 1: jekyll-paginate puts it at the index.html nearest above paginate_path's folder, which for the usual
     * /page:num/, /page/:num/ and /blog/page:num/ is the folder above the "page" part.
     */
    public String index() {
        String path = paginatePath.startsWith("/") ? paginatePath : "/" + paginatePath;
        String[] segments = path.split("/");
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < segments.length; i++) {
            String s = segments[i];
            if (s.contains(":num")) {
                break;
            }
            boolean lastBeforeNum = i + 1 < segments.length && segments[i + 1].contains(":num");
            if (!s.isEmpty() && !(lastBeforeNum && s.matches("(?i)pages?"))) {
                out.append('/').append(s);
            }
        }
        return prefix + out + "/";
    }

    /** Page {@code n} of the list, 1-based. */
    public String page(int n) {
        if (n <= 1) {
            return index();
        }
        String path = paginatePath.replace(":num", Integer.toString(n));
        return prefix + (path.startsWith("/") ? path : "/" + path);
    }

    /** The page number at {@code path}, if it is a list page (page 2 or later; page 1 is {@link #index()}). */
    public OptionalInt pageAt(String path) {
        String pattern = Pattern.quote(prefix + (paginatePath.startsWith("/") ? paginatePath : "/" + paginatePath))
                .replace(":num", "\\E([1-9][0-9]{0,5})\\Q");
        Matcher m = Pattern.compile(pattern).matcher(path);
        if (!m.matches()) {
            return OptionalInt.empty();
        }
        int n = Integer.parseInt(m.group(1));
        return n >= 2 ? OptionalInt.of(n) : OptionalInt.empty();
    }

    public String archive() {
        return index() + "archive/";
    }

    public String archive(int year) {
        return archive() + year + "/";
    }

    public String tags() {
        return index() + "tags/";
    }

    /** A tag's page; {@code slug} is percent-encoded here. */
    public String tag(String slug) {
        return tags() + Tag.encodedSlug(slug) + "/";
    }

    public String feed() {
        return prefix + "/feed.xml";
    }
}
