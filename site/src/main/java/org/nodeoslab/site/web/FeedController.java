package org.nodeoslab.site.web;

import java.util.List;

import org.nodeoslab.site.blog.Blog;
import org.nodeoslab.site.blog.BlogConfig;
import org.nodeoslab.site.blog.BlogPages;
import org.nodeoslab.site.content.Post;
import org.nodeoslab.site.feed.AtomFeed;
import org.nodeoslab.site.feed.Sitemap;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The machine-read files: Atom feed, sitemap, robots.txt. */
@RestController
class FeedController {

    private static final MediaType ATOM = MediaType.parseMediaType("application/atom+xml;charset=UTF-8");
    private static final MediaType XML = MediaType.parseMediaType("application/xml;charset=UTF-8");

    private final Blog blog;
    private final BlogConfig config;
    private final SiteInfo site;

    FeedController(Blog blog, BlogConfig config, SiteInfo site) {
        this.blog = blog;
        this.config = config;
        this.site = site;
    }

    /** The feed's first address: its own when the blog has no prefix, else a permanent redirect to it. */
    @GetMapping("/feed.xml")
    ResponseEntity<String> rootFeed() {
        if (config.paths().feed().equals("/feed.xml")) {
            return feed();
        }
        return ResponseEntity.status(301).location(java.net.URI.create(config.paths().feed())).build();
    }

    /**
     * jekyll-feed's feed at its address under the blog ({@link BlogHandlerMapping} routes it): the latest
     * {@code feedSize} posts (10 unless set).
     */
    ResponseEntity<String> feed() {
        List<Post> posts = blog.snapshot().posts().stream().filter(p -> !p.isHidden()).limit(config.feedSize())
                .toList();
        return ResponseEntity.ok().contentType(ATOM).body(AtomFeed.write(site.baseUrl(), config.paths().feed(),
                config.paths().index(), config.title(), config.description(), posts));
    }

    @GetMapping("/sitemap.xml")
    ResponseEntity<String> sitemap() {
        List<Sitemap.Entry> pages = new java.util.ArrayList<>();
        pages.add(new Sitemap.Entry("/", null));
        pages.addAll(BlogPages.all(blog.snapshot(), config));
        return ResponseEntity.ok().contentType(XML).body(Sitemap.write(site.baseUrl(), pages));
    }

    @GetMapping("/robots.txt")
    ResponseEntity<String> robots() {
        return ResponseEntity.ok().contentType(MediaType.parseMediaType("text/plain;charset=UTF-8"))
                .body("User-agent: *\nAllow: /\n\nSitemap: " + site.baseUrl() + "/sitemap.xml\n");
    }
}
