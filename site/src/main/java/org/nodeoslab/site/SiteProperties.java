package org.nodeoslab.site;

import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.List;

import org.nodeoslab.site.content.BlogSettings;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Site settings ({@code site.*} in application.properties, on the command line, or as SITE_* variables).
 *
 * @param title       the site's name, shown in the header and the feed
 * @param description one line under the title and in the feed's subtitle
 * @param url         absolute base URL where links must be absolute (feed, sitemap), without trailing slash
 * @param postsDir    folder of Jekyll posts ({@code YYYY-MM-DD-slug.md}); drafts in {@code _drafts}, files in
 *                    {@code assets}
 * @param permalink   Jekyll permalink pattern or style name (date, pretty, ordinal, weekdate, none)
 * @param pageSize    posts per page on the home page
 * @param preview     show drafts, {@code published: false} and future posts (an author's preview)
 * @param future      publish posts dated in the future (Jekyll's {@code future})
 * @param reload      re-read the posts when they change, checked on each request (live preview in dev mode)
 * @param timezone    zone for front matter dates written without one (Jekyll's {@code timezone})
 * @param nav         header navigation, "Label|/path" entries; the book, labs and emulator add theirs here
 */
@ConfigurationProperties("site")
public record SiteProperties(
        @DefaultValue("NodeOS Lab") String title,
        @DefaultValue("How an operating system is put together, one layer of NodeOS at a time.") String description,
        @DefaultValue("http://localhost:8080") String url,
        @DefaultValue("../posts") String postsDir,
        @DefaultValue(BlogSettings.DEFAULT_PERMALINK) String permalink,
        @DefaultValue("5") int pageSize,
        @DefaultValue("false") boolean preview,
        @DefaultValue("false") boolean future,
        @DefaultValue("false") boolean reload,
        @DefaultValue("UTC") ZoneId timezone,
        @DefaultValue({"Blog|/", "Archive|/archive/", "Tags|/tags/"}) List<String> nav) {

    /** One header link. */
    public record NavItem(String label, String href) {
    }

    /** The base URL without a trailing slash, so {@code baseUrl() + "/path"} is always right. */
    public String baseUrl() {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** The posts folder; relative to the working directory (site/ under `./lab site` and the tests). */
    public Path postsPath() {
        return Path.of(postsDir).toAbsolutePath().normalize();
    }

    public BlogSettings blogSettings() {
        return new BlogSettings(permalink, timezone, preview, future, Clock.systemUTC());
    }

    public List<NavItem> navItems() {
        return nav.stream().map(entry -> {
            int bar = entry.indexOf('|');
            return bar < 0 ? new NavItem(entry, "/") : new NavItem(entry.substring(0, bar), entry.substring(bar + 1));
        }).toList();
    }
}
