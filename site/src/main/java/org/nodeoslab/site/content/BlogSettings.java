package org.nodeoslab.site.content;

import java.time.Clock;
import java.time.ZoneId;

/**
 * What decides how posts are read and which are visible, independent of Spring so the loader is testable alone.
 *
 * @param permalink Jekyll permalink pattern or style name for posts without their own {@code permalink:}
 * @param zone      zone of front matter dates written without one (Jekyll's {@code timezone})
 * @param preview   an author's preview: drafts, {@code published: false} and future posts are shown
 * @param future    Jekyll's {@code future}: publish posts dated after now
 * @param clock     what "now" is, for future posts
 * @param prefix    where the Jekyll site is mounted in this site plus its {@code baseurl}, "" or "/blog": every
 *                  address the blog makes starts with it
 * @param baseurl   the {@code _config.yml}'s {@code baseurl}, what {@code {{ site.baseurl }}} gives in a post
 */
public record BlogSettings(String permalink, ZoneId zone, boolean preview, boolean future, Clock clock,
                           String prefix, String baseurl) {

    public static final String DEFAULT_PERMALINK = "/:year/:month/:day/:title.html";

    public BlogSettings(String permalink, ZoneId zone, boolean preview, boolean future, Clock clock) {
        this(permalink, zone, preview, future, clock, "", "");
    }

    public static BlogSettings defaults() {
        return new BlogSettings(DEFAULT_PERMALINK, ZoneId.of("UTC"), false, false, Clock.systemUTC());
    }

    public BlogSettings withPermalink(String pattern) {
        return new BlogSettings(pattern, zone, preview, future, clock, prefix, baseurl);
    }

    public BlogSettings withPrefix(String mountAndBaseurl, String configBaseurl) {
        return new BlogSettings(permalink, zone, preview, future, clock, mountAndBaseurl, configBaseurl);
    }
}
