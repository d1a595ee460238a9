package org.nodeoslab.site.web;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nodeoslab.site.TestSites.get;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.nodeoslab.site.TestSites;
import org.nodeoslab.site.blog.Blog;
import org.nodeoslab.site.export.ExportLinkCheck;
import org.nodeoslab.site.export.StaticExport;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.w3c.dom.Document;

/**
 * A Jekyll blog of twenty posts as its author keeps it (src/test/resources/jekyll-blog: _config.yml with url,
 * baseurl /notes, pretty permalinks with categories, New York time, paginate 4; _posts with dots, spaces, quotes and
 * "..." in names and titles; a post without title; {% post_url %}; an image), served with the site's blog mount
 * off (site.blog-path empty), so every address must be the one Jekyll itself would publish.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"site.posts-dir=src/test/resources/jekyll-blog", "site.blog-path="})
class JekyllBlogWebTest {

    @LocalServerPort
    int port;

    @Autowired
    Blog blog;

    @Autowired
    StaticExport export;

    private String page(String path) {
        HttpResponse<String> r = get(port, path);
        assertEquals(200, r.statusCode(), path);
        return r.body();
    }

    @Test
    void everyPostIsReadAndNothingIsBroken() {
        assertEquals(20, blog.snapshot().posts().size());
        assertEquals(List.of(), blog.snapshot().errors());
        assertEquals(1, blog.snapshot().warnings().size(), "the post without title");
    }

    @Test
    void addressesAreJekyllsWithTheBaseurlCategoriesAndDotsInSlugs() {
        assertTrue(page("/notes/node/2014/07/04/node.js-v0.12-notes/").contains("<h1 class=\"p-name\">Node.js v0.12 notes</h1>"));
        assertTrue(page("/notes/2014/06/01/so...-it-begins/").contains("<h1 class=\"p-name\">So... it begins</h1>"));
        assertTrue(page("/notes/2014/04/12/wait-what/").contains("<h1 class=\"p-name\">Wait... what?</h1>"));
        assertTrue(page("/notes/2015/02/02/a-post-with-spaces/").contains("A post with spaces in its file name"));
        assertTrue(page("/notes/2014/09/20/bike-trip/").contains("Bike trip, part 1 (the easy part)"));
        assertTrue(page("/notes/2015/01/10/the-right-way/")
                .contains("<h1 class=\"p-name\">The &quot;right&quot; way (maybe), part 1</h1>"));
        assertTrue(page("/notes/node.js-cheatsheet").contains("A Node.js cheatsheet"));
        // Written at 02:00 in London on 1 January: 31 December in the blog's New York.
        assertTrue(page("/notes/2015/12/31/new-year/").contains("New year, new kernel"));
        // No title: Jekyll's titleize of the file name.
        assertTrue(page("/notes/2015/06/30/untitled-musings/").contains("<h1 class=\"p-name\">Untitled Musings</h1>"));
    }

    @Test
    void listPagesFollowPaginateAndThePostUrlTagResolves() {
        String first = page("/notes/");
        assertTrue(first.contains("<h1>Ana&#39;s field notes</h1>"), first);
        assertTrue(first.contains("Systems, compilers, and the odd bike ride."), first);
        assertTrue(first.contains("href=\"/notes/page2/\" rel=\"next\""), first);
        assertEquals(4, first.split("<article class=\"summary\">", -1).length - 1);
        assertTrue(page("/notes/page5/").contains("Hello, world"));
        assertEquals(404, get(port, "/notes/page6/").statusCode());
        String links = page("/notes/2015/03/03/links-between-posts/");
        assertTrue(links.contains("href=\"/notes/2015/02/02/a-post-with-spaces/\""), links);
        assertTrue(links.contains("href=\"/notes/node/2014/07/04/node.js-v0.12-notes/\""), links);
        String image = page("/notes/node/2014/07/04/node.js-v0.12-notes/");
        assertTrue(image.contains("src=\"/notes/assets/diagram.png\""), image);
        assertTrue(page("/notes/2019/03/03/excerpts/").contains("The rest is on the post"));
        assertFalse(first.contains("The rest is on the post"), "only the excerpt is listed");
    }

    @Test
    void quotesApostrophesAndEllipsesAreTypographicOutsideCode() {
        String html = page("/notes/2015/04/04/typography/");
        String body = html.substring(html.indexOf("<div class=\"prose e-content\">"));
        assertTrue(body.contains("It\u2019s \u201csmart\u201d quotes and \u2018single\u2019 ones\u2026 kramdown"), body);
        assertTrue(body.contains("straight quotes stay in code..."), body);
        assertTrue(body.contains("<code>don&#39;t</code>") || body.contains("<code>don't</code>"), body);
    }

    @Test
    void theFeedHasJekyllFeedsTenNewestPostsAtTheConfiguredUrl() throws Exception {
        Document feed = TestSites.parseXml(page("/notes/feed.xml"));
        assertEquals(10, feed.getElementsByTagNameNS("http://www.w3.org/2005/Atom", "entry").getLength());
        assertEquals("https://ana.example.org/notes/",
                feed.getElementsByTagNameNS("http://www.w3.org/2005/Atom", "id").item(0).getTextContent());
        assertTrue(page("/notes/").contains("<link rel=\"canonical\" href=\"https://ana.example.org/notes/\">"));
    }

    @Test
    void theExportIsWhatAStaticHostServesWithImagesAsFilesAndEveryPageAsHtml() throws Exception {
        Path out = TestSites.outputDir("jekyll-export");
        StaticExport.Result result = export.export(URI.create("http://127.0.0.1:" + port), out);
        assertEquals(List.of(), ExportLinkCheck.brokenLinks(out));
        assertTrue(Files.isRegularFile(out.resolve("notes/node/2014/07/04/node.js-v0.12-notes/index.html")));
        assertTrue(Files.isRegularFile(out.resolve("notes/2014/06/01/so...-it-begins/index.html")));
        // An address ending in ".js-cheatsheet" is a page: it gets .html so a static host serves it as one.
        assertTrue(Files.readString(out.resolve("notes/node.js-cheatsheet.html")).contains("A Node.js cheatsheet"));
        assertFalse(Files.exists(out.resolve("notes/node.js-cheatsheet")));
        assertArrayEquals(Files.readAllBytes(Path.of("src/test/resources/jekyll-blog/assets/diagram.png")),
                Files.readAllBytes(out.resolve("notes/assets/diagram.png")));
        assertTrue(Files.isRegularFile(out.resolve("notes/page5/index.html")));
        assertTrue(result.files() > 40, "posts, lists, tags, archive, feed: " + result.files());
    }
}
