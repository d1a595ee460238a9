package org.nodeoslab.site.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nodeoslab.site.TestSites.get;
import static org.nodeoslab.site.TestSites.write;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.nodeoslab.site.export.ExportLinkCheck;
import org.nodeoslab.site.export.StaticExport;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.FileSystemUtils;

/**
 * An author's preview (site.preview=true): drafts, unpublished and future posts show, marked, but never in feeds.
 * The blog here uses NodeOS's own addresses, /blog/:title (the blog under /blog, permalink /:title): no extension.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"site.preview=true", "site.permalink=/:title"})
class PreviewWebTest {

    private static final Path POSTS;

    static {
        try {
            POSTS = Files.createTempDirectory("site-preview-test");
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
        write(POSTS.resolve("2016-03-03-public.md"), "---\ntitle: Public post\n---\nx\n");
        write(POSTS.resolve("2016-03-04-unpublished.md"), "---\ntitle: Unpublished post\npublished: false\n---\nx\n");
        write(POSTS.resolve("2999-01-01-future.md"), "---\ntitle: Future post\n---\nx\n");
        write(POSTS.resolve("_drafts/idea.md"), "---\ntitle: Draft post\ndate: 2017-01-01\n---\nx\n");
    }

    @DynamicPropertySource
    static void posts(DynamicPropertyRegistry registry) {
        registry.add("site.posts-dir", POSTS::toString);
    }

    @AfterAll
    static void removeFixtures() {
        FileSystemUtils.deleteRecursively(POSTS.toFile());
    }

    @LocalServerPort
    int port;

    @Autowired
    StaticExport export;

    @Test
    void hiddenPostsShowMarkedWithWhyTheyAreHidden() {
        String home = get(port, "/blog/").body();
        for (String title : new String[] {"Public post", "Unpublished post", "Future post", "Draft post"}) {
            assertTrue(home.contains(title), title);
        }
        HttpResponse<String> draft = get(port, "/blog/idea");
        assertEquals(200, draft.statusCode());
        assertTrue(draft.body().contains("<span class=\"badge\">draft</span>"), draft.body());
        assertTrue(get(port, "/blog/unpublished").body().contains("<span class=\"badge\">unpublished</span>"));
        assertTrue(get(port, "/blog/future").body().contains("<span class=\"badge\">scheduled</span>"));
    }

    @Test
    void blogTitleAddressesAreServedAndExportedAsJekyllWritesThem() throws Exception {
        HttpResponse<String> post = get(port, "/blog/public");
        assertEquals(200, post.statusCode());
        assertTrue(post.body().contains("<h1 class=\"p-name\">Public post</h1>"), post.body());
        Path out = POSTS.resolveSibling(POSTS.getFileName() + "-export");
        export.export(URI.create("http://127.0.0.1:" + port), out);
        assertTrue(Files.readString(out.resolve("blog/public.html")).contains("Public post"));
        assertEquals(List.of(), ExportLinkCheck.brokenLinks(out));
        FileSystemUtils.deleteRecursively(out.toFile());
    }

    @Test
    void feedAndSitemapStayPublicOnly() {
        String feed = get(port, "/blog/feed.xml").body();
        assertTrue(feed.contains("Public post"));
        assertFalse(feed.contains("Draft post") || feed.contains("Unpublished post") || feed.contains("Future post"), feed);
        assertFalse(get(port, "/sitemap.xml").body().contains("/blog/idea"));
    }
}
