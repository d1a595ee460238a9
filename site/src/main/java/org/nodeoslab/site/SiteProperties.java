package org.nodeoslab.site;

import java.nio.file.Path;
import java.time.ZoneId;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Site settings ({@code site.*} in application.properties, on the command line, or as SITE_* variables). The blog's
 * settings left unset here come from the posts folder's Jekyll {@code _config.yml}, then Jekyll's defaults.
 *
 * @param title       the site's name, shown in the header and on the front door
 * @param description one line under the title
 * @param url         absolute base URL where links must be absolute (feed, sitemap), without trailing slash; unset:
 *                    the _config.yml's {@code url}, else http://localhost:8080
 * @param postsDir    the blog's folder: a Jekyll site (with {@code _config.yml}, {@code _posts/}), its
 *                    {@code _posts} folder, or a folder of posts with {@code _drafts/}, {@code assets/} and an optional
 *                    {@code _config.yml} inside (this repository's {@code posts/}); relative to the working directory
 * @param blogPath    where the blog is mounted in the site ({@code /blog}); the _config.yml's baseurl goes after it
 * @param permalink   Jekyll permalink pattern or style name; unset: _config.yml's, else Jekyll's "date"
 * @param pageSize    posts per list page; unset: _config.yml's {@code paginate}, else 5
 * @param feedSize    posts in the Atom feed; unset: _config.yml's {@code feed: posts_limit}, else jekyll-feed's 10
 * @param preview     show drafts, {@code published: false} and future posts, and the posts that cannot be read
 * @param future      publish posts dated in the future (Jekyll's {@code future})
 * @param reload      re-read the posts when they change, checked on each request (live preview in dev mode)
 * @param timezone    zone for front matter dates written without one; unset: _config.yml's, else UTC
 */
@ConfigurationProperties("site")
public record SiteProperties(
        @DefaultValue("NodeOS Lab") String title,
        @DefaultValue("Learn how an operating system is put together, one layer of NodeOS at a time.") String description,
        String url,
        @DefaultValue("../posts") String postsDir,
        @DefaultValue("/blog") String blogPath,
        String permalink,
        Integer pageSize,
        Integer feedSize,
        @DefaultValue("false") boolean preview,
        @DefaultValue("false") boolean future,
        @DefaultValue("false") boolean reload,
        ZoneId timezone) {

    /** The posts folder; relative to the working directory (site/ under `./lab site` and the tests). */
    public Path postsPath() {
        return Path.of(postsDir).toAbsolutePath().normalize();
    }
}
