package org.nodeoslab.site.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nodeoslab.site.TestSites.get;
import static org.nodeoslab.site.TestSites.write;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;


import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.nodeoslab.site.TestSites;
import org.nodeoslab.site.export.ExportFailed;
import org.nodeoslab.site.export.StaticExport;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.FileSystemUtils;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The site over HTTP on a fixture blog with good, broken and draft posts, in live-reload mode: what a reader and
 * an author see, and what an attacker gets.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"site.reload=true", "site.page-size=2", "site.url=https://lab.example"})
class SiteWebTest {

    private static final Path ROOT;
    private static final Path POSTS;
    private static final String SECRET = "TOP-SECRET-OUTSIDE-THE-CONTENT";

    static {
        try {
            ROOT = Files.createTempDirectory("site-web-test");
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
        POSTS = ROOT.resolve("posts");
        write(ROOT.resolve("secret.txt"), SECRET);
        write(POSTS.resolve("2016-03-03-not-a-toy-os-anymore.md"), """
                ---
                title: Not a toy OS anymore
                date: 2016-03-03T00:11:31Z
                author: piranna
                avatar-url: https://avatars.githubusercontent.com/u/532414?v=3&s=128
                comments: 14
                github-url: https://github.com/NodeOS/NodeOS/issues/216
                tags: [nodeos, init]
                ---
                First paragraph of the seed.

                Second paragraph, with a diagram: ![layers](assets/layers.svg)

                ```js
                require('fs').readdirSync('/dev');
                ```
                """);
        write(POSTS.resolve("2017-05-01-layers.md"), "---\ntitle: The layers\ntags: nodeos\n---\nBarebones first.\n");
        write(POSTS.resolve("2018-01-01-newest.md"), "---\ntitle: Newest & best\nauthor: lab\n---\nNewest text.\n");
        write(POSTS.resolve("2015-01-01-editable.md"), "---\ntitle: Before the edit\n---\nOld body.\n");
        write(POSTS.resolve("2016-03-04-broken-yaml.md"), "---\ntitle: Broken\ntags: [a, b\nauthor: x\n---\nx\n");
        write(POSTS.resolve("2016-03-05-no-title.md"), "---\nauthor: x\n---\nx\n");
        write(POSTS.resolve("2016-03-06-bad-date.md"), "---\ntitle: Bad date\ndate: 2016-02-30 10:00\n---\nx\n");
        write(POSTS.resolve("2016-03-07-secret-draft.md"), "---\ntitle: Unpublished thing\npublished: false\n---\nx\n");
        write(POSTS.resolve("_drafts/idea.md"), "---\ntitle: Draft idea\n---\nx\n");
        write(POSTS.resolve("assets/layers.svg"), "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
    }

    @AfterAll
    static void removeFixtures() {
        FileSystemUtils.deleteRecursively(ROOT.toFile());
    }

    @DynamicPropertySource
    static void posts(DynamicPropertyRegistry registry) {
        registry.add("site.posts-dir", POSTS::toString);
    }

    @LocalServerPort
    int port;

    @Autowired
    StaticExport export;

    @Test
    void theBlogShowsTheNewestPostsWithExcerptsAndLeavesBrokenFilesOut() {
        HttpResponse<String> home = get(port, "/blog/");
        assertEquals(200, home.statusCode());
        String html = home.body();
        assertTrue(html.contains("Newest &amp; best"), html);
        assertTrue(html.contains("The layers"), html);
        assertFalse(html.contains("Not a toy OS anymore"), "page 1 holds two posts");
        assertTrue(html.contains("href=\"/blog/page2/\""), html);
        // The published site shows the good posts; the author sees the broken ones in preview (PreviewWebTest).
        assertFalse(html.contains("posts/2016-03-04-broken-yaml.md"), html);
        assertFalse(html.contains("could not be read"), html);
    }

    @Test
    void theFrontDoorLeadsToEverySectionWithAFirstStepAndNoOldNews() {
        HttpResponse<String> home = get(port, "/");
        assertEquals(200, home.statusCode());
        String html = home.body();
        String main = html.substring(html.indexOf("<main"), html.indexOf("</main>"));
        // Every section's card, in order, each with its pitch; the first one is the newcomer's first step.
        int labs = main.indexOf("<h3><a href=\"/labs/\">Labs</a></h3>");
        int blog = main.indexOf("<h3><a href=\"/blog/\">Blog</a></h3>");
        int emulator = main.indexOf("<h3><a href=\"/emulator/\">Emulator</a></h3>");
        assertTrue(labs > 0 && labs < blog && blog < emulator, main);
        int book = main.indexOf("<h3><a href=\"/book/\">Book</a></h3>");
        assertTrue(labs < book && book < blog, main);
        // The book module's own section (book.web.BookSection), with its pitch.
        assertTrue(main.contains("<p>The long-form account of how NodeOS is built and why"), main);
        assertTrue(main.contains("class=\"button primary\" href=\"/labs/\""), main);
        // The hero says what the site is before any post; the posts are titles at the end, not 2016's text.
        assertTrue(main.indexOf("Linux kernel, a tiny init") < main.indexOf("Latest from the"), main);
        assertTrue(main.contains("Newest &amp; best"), main);
        assertFalse(main.contains("First paragraph of the seed"), main);
    }

    @Test
    void olderPostsAreOnTheNextPage() {
        String html = get(port, "/blog/page2/").body();
        assertTrue(html.contains("Not a toy OS anymore"), html);
        assertTrue(html.contains("<p>First paragraph of the seed.</p>"), html);
        assertFalse(html.contains("Second paragraph"), "only the excerpt is listed");
        assertEquals(404, get(port, "/blog/page9/").statusCode());
        assertEquals(404, get(port, "/blog/page1/").statusCode());
    }

    @Test
    void postPageHasAuthorAvatarCommentsTagsAndNeighbours() {
        HttpResponse<String> page = get(port, "/blog/2016/03/03/not-a-toy-os-anymore.html");
        assertEquals(200, page.statusCode());
        String html = page.body();
        assertTrue(html.contains("<h1 class=\"p-name\">Not a toy OS anymore</h1>"), html);
        assertTrue(html.contains("<span class=\"author\">piranna</span>"), html);
        assertTrue(html.contains("src=\"https://avatars.githubusercontent.com/u/532414?v=3&amp;s=128\""), html);
        assertTrue(html.contains("href=\"https://github.com/NodeOS/NodeOS/issues/216\">14 comments</a>"), html);
        assertTrue(html.contains("href=\"/blog/tags/init/\""), html);
        assertTrue(html.contains("src=\"/blog/assets/layers.svg\""), html);
        assertTrue(html.contains("class=\"language-js\""), html);
        assertTrue(html.contains("href=\"/blog/2016/03/05/no-title.html\" rel=\"next\""), html);
        assertTrue(html.contains("href=\"/blog/2015/01/01/editable.html\" rel=\"prev\""), html);
        assertTrue(html.contains("<link rel=\"canonical\" href=\"https://lab.example/blog/2016/03/03/not-a-toy-os-anymore.html\">"),
                html);
        assertTrue(html.contains("<meta name=\"description\" content=\"First paragraph of the seed.\">"), html);
    }

    @Test
    void sectionsDeclaredByOtherModulesJoinTheNavigation() {
        String html = get(port, "/blog/tags/").body();
        String header = html.substring(html.indexOf("<header class=\"site-header\">"), html.indexOf("</header>"));
        assertTrue(header.indexOf("<a href=\"/labs/\">Labs</a>") < header.indexOf("<a href=\"/blog/\" aria-current=\"page\">Blog</a>"), header);
        assertTrue(header.indexOf("aria-current=\"page\">Blog</a>") < header.indexOf("<a href=\"/emulator/\">Emulator</a>"), header);
    }

    @Test
    void archiveAndTagPagesListThePosts() {
        String archive = get(port, "/blog/archive/").body();
        assertTrue(archive.contains("href=\"/blog/archive/2016/\""), archive);
        assertTrue(archive.contains("Not a toy OS anymore"), archive);
        String year = get(port, "/blog/archive/2017/").body();
        assertTrue(year.contains("The layers") && !year.contains("Not a toy"), year);
        String tag = get(port, "/blog/tags/nodeos/").body();
        assertTrue(tag.contains("The layers") && tag.contains("Not a toy OS anymore"), tag);
        assertTrue(get(port, "/blog/tags/").body().contains("href=\"/blog/tags/init/\""));
        assertEquals(404, get(port, "/blog/tags/nothing/").statusCode());
        assertEquals(404, get(port, "/blog/archive/1999/").statusCode());
    }

    @Test
    void aBrokenPostIsNotFoundOnThePublicSite() {
        HttpResponse<String> yaml = get(port, "/blog/2016/03/04/broken-yaml.html");
        assertEquals(404, yaml.statusCode());
        assertFalse(yaml.body().contains("broken YAML"), yaml.body());
    }

    @Test
    void aPostWithoutTitleIsServedUnderItsFileNamesWords() {
        HttpResponse<String> page = get(port, "/blog/2016/03/05/no-title.html");
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("<h1 class=\"p-name\">No Title</h1>"), page.body());
    }

    @Test
    void draftsAndUnpublishedPostsAreNotServed() {
        assertFalse(get(port, "/blog/").body().contains("Draft idea"));
        assertEquals(404, get(port, "/blog/2016/03/07/secret-draft.html").statusCode());
        assertFalse(get(port, "/blog/feed.xml").body().contains("Unpublished thing"));
    }

    @Test
    void oldBlogAddressesRedirect() {
        for (String old : List.of("/blog/not-a-toy-os-anymore", "/2016/03/03/not-a-toy-os-anymore.html")) {
            HttpResponse<String> moved = get(port, old);
            assertEquals(301, moved.statusCode(), old);
            assertEquals("/blog/2016/03/03/not-a-toy-os-anymore.html", URI.create(moved.headers().firstValue("Location")
                    .orElseThrow()).getPath());
        }
        for (String[] list : new String[][] {{"/tags/nodeos/", "/blog/tags/nodeos/"}, {"/archive/", "/blog/archive/"},
                {"/page/2/", "/blog/page2/"}, {"/feed.xml", "/blog/feed.xml"}}) {
            HttpResponse<String> moved = get(port, list[0]);
            assertEquals(301, moved.statusCode(), list[0]);
            assertEquals(list[1], URI.create(moved.headers().firstValue("Location").orElseThrow()).getPath());
        }
    }

    @Test
    void staticFilesOfTheSiteAndOfJarsAreServed() {
        assertTrue(get(port, "/css/site.css").body().contains("prefers-color-scheme: dark"));
        assertTrue(get(port, "/vendor/highlight/highlight.min.js").statusCode() == 200);
        // The emulator module will be a jar with its files under META-INF/resources/emulator/.
        HttpResponse<String> probe = get(port, "/emulator/classpath-probe.txt");
        assertEquals(200, probe.statusCode());
        assertTrue(probe.body().startsWith("served from a jar's META-INF/resources"));
    }

    @Test
    void unknownAddressesGetTheNotFoundPage() {
        for (String path : List.of("/nothing", "/blog/2016/03/03/nothing.html", "/blog/assets/none.png", "/css/none.css",
                "/blog/tags/x/y/z", "/emulator/none.wasm", "/application.properties", "/org/nodeoslab/site/SiteApplication.class")) {
            HttpResponse<String> r = get(port, path);
            assertEquals(404, r.statusCode(), path);
            assertTrue(r.headers().firstValue("Content-Type").orElseThrow().startsWith("text/html"), path);
            assertTrue(r.body().contains("<h1>Page not found</h1>"), path + ": " + r.body());
        }
    }

    @Test
    void pathTraversalNeverReadsOutsideTheContent() {
        assertTrue(TestSites.rawGet(port, "/blog/assets/layers.svg").startsWith("HTTP/1.1 200"), "control request");
        List<String> attempts = List.of("/../secret.txt", "/blog/assets/../../secret.txt", "/blog/assets/%2e%2e/%2e%2e/secret.txt",
                "/blog/assets/..%2f..%2fsecret.txt", "/blog/assets/%2e%2e%2f%2e%2e%2fsecret.txt", "/blog/assets/%252e%252e/secret.txt",
                "/blog/assets/..%5c..%5csecret.txt", "/blog/assets/..;/..;/secret.txt", "/blog/assets/....//....//secret.txt",
                "/blog/assets/%c0%ae%c0%ae/%c0%ae%c0%ae/secret.txt", "/css/../../../secret.txt",
                "/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "/blog/assets/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
                "/blog/assets/" + "..%2F".repeat(12) + "etc/passwd", "/vendor/..%00/secret.txt");
        List<String> failures = new ArrayList<>();
        for (String attempt : attempts) {
            String response = TestSites.rawGet(port, attempt);
            String status = response.substring(0, response.indexOf("\r\n"));
            boolean refused = status.startsWith("HTTP/1.1 400") || status.startsWith("HTTP/1.1 404");
            if (!refused || response.contains(SECRET) || response.contains("root:x:0:0")
                    || response.contains("Exception") || response.contains("\tat ")) {
                failures.add(attempt + " -> " + status);
            }
        }
        assertEquals(List.of(), failures);
    }

    @Test
    void theFeedIsAtomWithFullContent() throws Exception {
        HttpResponse<String> r = get(port, "/blog/feed.xml");
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElseThrow().startsWith("application/atom+xml"));
        Document feed = TestSites.parseXml(r.body());
        Element root = feed.getDocumentElement();
        assertEquals("http://www.w3.org/2005/Atom", root.getNamespaceURI());
        assertEquals("feed", root.getLocalName());
        assertEquals("https://lab.example/blog/", text(root, "id"));
        NodeList entries = root.getElementsByTagNameNS("http://www.w3.org/2005/Atom", "entry");
        assertEquals(5, entries.getLength());
        for (int i = 0; i < entries.getLength(); i++) {
            Element entry = (Element) entries.item(i);
            for (String required : List.of("id", "title", "updated", "content")) {
                assertFalse(text(entry, required).isBlank(), required + " of entry " + i);
            }
        }
        Element seed = (Element) entries.item(3);
        assertEquals("Not a toy OS anymore", text(seed, "title"));
        assertEquals("https://lab.example/blog/2016/03/03/not-a-toy-os-anymore.html", text(seed, "id"));
        assertTrue(text(seed, "content").contains("Second paragraph"), "full content, not the excerpt");
        assertEquals("piranna", text((Element) seed.getElementsByTagNameNS("*", "author").item(0), "name"));
    }

    @Test
    void sitemapAndRobots() throws Exception {
        Document sitemap = TestSites.parseXml(get(port, "/sitemap.xml").body());
        NodeList locs = sitemap.getElementsByTagNameNS("http://www.sitemaps.org/schemas/sitemap/0.9", "loc");
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < locs.getLength(); i++) {
            urls.add(locs.item(i).getTextContent());
        }
        assertTrue(urls.contains("https://lab.example/"), urls.toString());
        assertTrue(urls.contains("https://lab.example/blog/"), urls.toString());
        assertTrue(urls.contains("https://lab.example/blog/2016/03/03/not-a-toy-os-anymore.html"), urls.toString());
        assertTrue(urls.contains("https://lab.example/blog/tags/nodeos/"), urls.toString());
        assertTrue(get(port, "/robots.txt").body().contains("Sitemap: https://lab.example/sitemap.xml"));
    }

    @Test
    void pagesAreRenderedOncePerSnapshotAndRevalidateWithTheirETag() throws Exception {
        HttpResponse<String> first = get(port, "/blog/2017/05/01/layers.html");
        HttpResponse<String> second = get(port, "/blog/2017/05/01/layers.html");
        String etag = first.headers().firstValue("ETag").orElse("");
        assertTrue(etag.matches("\"[0-9a-f]{32}\""), etag);
        assertEquals(first.body(), second.body());
        assertEquals(etag, second.headers().firstValue("ETag").orElse(""));
        assertTrue(second.headers().firstValue("Content-Security-Policy").isPresent(), "cached answers keep the headers");
        HttpResponse<String> notModified = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest
                .newBuilder(URI.create("http://127.0.0.1:" + port + "/blog/2017/05/01/layers.html"))
                .header("If-None-Match", etag).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(304, notModified.statusCode());
        assertEquals("", notModified.body());
    }

    @Test
    void anEditedPostShowsOnTheNextRequestWithoutRestart() throws Exception {
        String before = get(port, "/blog/2015/01/01/editable.html").body();
        assertTrue(before.contains("Before the edit"), before);
        write(POSTS.resolve("2015-01-01-editable.md"), "---\ntitle: After the edit, longer\n---\nNew body.\n");
        String after = get(port, "/blog/2015/01/01/editable.html").body();
        assertTrue(after.contains("After the edit, longer") && after.contains("New body."), after);
    }

    @Test
    void theExportFailsWithTheSameMessagesTheErrorPagesShow() {
        ExportFailed failed = assertThrows(ExportFailed.class,
                () -> export.export(URI.create("http://127.0.0.1:" + port), ROOT.resolve("export")));
        String message = failed.getMessage();
        assertTrue(message.contains("posts/2016-03-06-bad-date.md:3: impossible date \"2016-02-30 10:00\""), message);
        assertTrue(message.contains("posts/2016-03-04-broken-yaml.md:"), message);
        assertFalse(Files.exists(ROOT.resolve("export")), "nothing written");
    }


    private static String text(Element parent, String child) {
        NodeList list = parent.getElementsByTagNameNS("*", child);
        return list.getLength() == 0 ? "" : list.item(0).getTextContent();
    }
}
