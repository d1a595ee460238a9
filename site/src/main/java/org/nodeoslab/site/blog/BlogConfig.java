package org.nodeoslab.site.blog;

import java.time.Clock;
import java.time.ZoneId;

import org.nodeoslab.site.SiteProperties;
import org.nodeoslab.site.content.BlogSettings;
import org.nodeoslab.site.content.JekyllConfig;
import org.nodeoslab.site.content.JekyllSite;
import org.nodeoslab.site.content.Permalinks;

/**
 * The blog's settings as they apply: each from the site's own setting when it is given, else the Jekyll site's
 * {@code _config.yml}, else Jekyll's default. Read once at start-up, as {@code jekyll serve} reads its config.
 *
 * @param site        where the blog's files are
 * @param title       the blog's title (list pages, feed)
 * @param description the blog's one line (list pages, feed)
 * @param url         the site's absolute URL, no trailing slash
 * @param settings    how posts are read and addressed
 * @param paths       the blog's own pages
 * @param pageSize    posts per list page
 * @param feedSize    posts in the feed
 */
public record BlogConfig(JekyllSite site, String title, String description, String url, BlogSettings settings,
                         BlogPaths paths, int pageSize, int feedSize) {

    public static final String DEFAULT_URL = "http://localhost:8080";
    /** jekyll-feed's {@code posts_limit} default. */
    public static final int DEFAULT_FEED_SIZE = 10;
    public static final int DEFAULT_PAGE_SIZE = 5;

    /** @throws org.nodeoslab.site.content.ContentException when the _config.yml is broken (file:line) */
    public static BlogConfig resolve(SiteProperties p) {
        JekyllSite site = JekyllSite.at(p.postsPath());
        JekyllConfig c = JekyllConfig.read(site.config(), site.display(site.config()));
        String mount = p.blogPath() == null ? "" : p.blogPath().replaceAll("/+$", "");
        if (!mount.isEmpty() && (!mount.startsWith("/") || Permalinks.unsafe(mount))) {
            throw new IllegalArgumentException("site.blog-path \"" + p.blogPath() + "\" must be a path such as /blog");
        }
        String baseurl = or(c.baseurl(), "");
        String prefix = mount + baseurl;
        ZoneId zone = or(p.timezone(), or(c.timezone(), ZoneId.of("UTC")));
        BlogSettings settings = new BlogSettings(or(p.permalink(), or(c.permalink(), BlogSettings.DEFAULT_PERMALINK)),
                zone, p.preview(), p.future(), Clock.systemUTC(), prefix, baseurl);
        BlogPaths paths = new BlogPaths(prefix, or(c.paginatePath(), BlogPaths.DEFAULT_PAGINATE_PATH));
        if (paths.index().equals("/")) {
            throw new IllegalArgumentException("the blog's first page would be \"/\", the site's front door: set "
                    + "site.blog-path (default /blog) or the _config.yml's baseurl");
        }
        String url = or(p.url(), or(c.url(), DEFAULT_URL)).replaceAll("/+$", "");
        return new BlogConfig(site, or(c.title(), "Blog"), or(c.description(), p.description()), url, settings, paths,
                or(p.pageSize(), or(c.paginate(), DEFAULT_PAGE_SIZE)), or(p.feedSize(), or(c.feedLimit(), DEFAULT_FEED_SIZE)));
    }

    private static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }
}
