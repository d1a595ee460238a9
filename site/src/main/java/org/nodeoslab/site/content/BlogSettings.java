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
 */
public record BlogSettings(String permalink, ZoneId zone, boolean preview, boolean future, Clock clock) {

    public static final String DEFAULT_PERMALINK = "/:year/:month/:day/:title.html";

    public static BlogSettings defaults() {
        return new BlogSettings(DEFAULT_PERMALINK, ZoneId.of("UTC"), false, false, Clock.systemUTC());
    }

    public BlogSettings withPermalink(String pattern) {
        return new BlogSettings(pattern, zone, preview, future, clock);
    }
}
