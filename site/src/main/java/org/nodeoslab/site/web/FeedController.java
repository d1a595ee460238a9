package org.nodeoslab.site.web;

import java.util.List;

import org.nodeoslab.site.SiteProperties;
import org.nodeoslab.site.blog.Blog;
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

    /** jekyll-feed's default: the latest posts, not the whole history. */
    static final int FEED_POSTS = 20;
    private static final MediaType ATOM = MediaType.parseMediaType("application/atom+xml;charset=UTF-8");
    private static final MediaType XML = MediaType.parseMediaType("application/xml;charset=UTF-8");

    private final Blog blog;
    private final SiteProperties site;

    FeedController(Blog blog, SiteProperties site) {
        this.blog = blog;
        this.site = site;
    }

    @GetMapping("/feed.xml")
    ResponseEntity<String> feed() {
        List<Post> posts = blog.snapshot().posts().stream().filter(p -> !p.isHidden()).limit(FEED_POSTS).toList();
        return ResponseEntity.ok().contentType(ATOM)
                .body(AtomFeed.write(site.baseUrl(), site.title(), site.description(), posts));
    }

    @GetMapping("/sitemap.xml")
    ResponseEntity<String> sitemap() {
        return ResponseEntity.ok().contentType(XML)
                .body(Sitemap.write(site.baseUrl(), BlogPages.all(blog.snapshot(), site.pageSize())));
    }

    @GetMapping("/robots.txt")
    ResponseEntity<String> robots() {
        return ResponseEntity.ok().contentType(MediaType.parseMediaType("text/plain;charset=UTF-8"))
                .body("User-agent: *\nAllow: /\n\nSitemap: " + site.baseUrl() + "/sitemap.xml\n");
    }
}
