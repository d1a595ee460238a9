package org.nodeoslab.site.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.nodeoslab.site.TestSites;
import org.nodeoslab.site.blog.Blog;
import org.nodeoslab.site.content.Post;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The static export of the real blog (posts/ of this repository): complete, and every internal link resolves. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class StaticExportTest {

    @LocalServerPort
    int port;

    @Autowired
    StaticExport export;

    @Autowired
    Blog blog;

    @Test
    void theRealBlogExportsWithEveryInternalLinkResolving() throws Exception {
        Path folder = TestSites.outputDir("export");
        StaticExport.Result result = export.export(URI.create("http://127.0.0.1:" + port), folder);

        assertEquals(List.of(), ExportLinkCheck.brokenLinks(folder));
        for (String file : List.of("index.html", "404.html", "sitemap.xml", "robots.txt", "blog/index.html", "blog/feed.xml",
                "blog/archive/index.html", "blog/tags/index.html", "css/site.css", "js/site.js", "vendor/highlight/highlight.min.js", "favicon.svg",
                "book/index.html", "book/print.html", "book/book.pdf", "book/searchindex.json",
                // Modules only other scripts import: the labs' pages stayed at "Loading the lab..." without them.
                "js/lab-session.js", "js/lab-progress.js", "js/lab-console.js", "js/labs-catalogue.js")) {
            assertTrue(Files.isRegularFile(folder.resolve(file)), file);
        }
        List<Post> posts = blog.snapshot().posts();
        assertTrue(posts.size() >= 4, "the seed and at least three posts of our own");
        for (Post post : posts) {
            Path file = folder.resolve(ExportPaths.fileFor(post.getHref(), true).orElseThrow());
            assertTrue(Files.readString(file).contains(">" + org.springframework.web.util.HtmlUtils.htmlEscape(post.getTitle())
                    + "</h1>"), file.toString());
        }
        String seed = Files.readString(folder.resolve("blog/2016/03/03/not-a-toy-os-anymore.html"));
        assertTrue(seed.contains("NodeOS is not a toy OS anymore"), "the seed's body");
        String moved = Files.readString(folder.resolve("blog/not-a-toy-os-anymore.html"));
        assertTrue(moved.contains("url=/blog/2016/03/03/not-a-toy-os-anymore.html"), moved);
        // The address the seed had before the blog moved under /blog/.
        assertTrue(Files.readString(folder.resolve("2016/03/03/not-a-toy-os-anymore.html"))
                .contains("url=/blog/2016/03/03/not-a-toy-os-anymore.html"));
        assertTrue(Files.readString(folder.resolve("404.html")).contains("Page not found"));

        // A static host sends no headers: each page carries the policy the server sent, less frame-ancestors.
        String home = Files.readString(folder.resolve("index.html"));
        String policy = "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self'; "
                + "script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; style-src 'self' 'unsafe-inline'; "
                + "img-src 'self' https: data:; font-src 'self'; connect-src 'self'; object-src 'none'; "
                + "base-uri 'self'; form-action 'self'\">";
        assertTrue(home.contains("<meta charset=\"utf-8\">" + policy), "first in head, after the charset: "
                + home.substring(0, Math.min(600, home.length())));
        assertTrue(!home.contains("frame-ancestors"), "a meta policy cannot carry frame-ancestors");
        assertTrue(Files.readString(folder.resolve("404.html")).contains(policy));
        assertTrue(Files.readString(folder.resolve("labs/index.html"))
                .contains("script-src 'self' 'wasm-unsafe-eval' 'unsafe-eval';"), "the labs run the emulator");
        assertTrue(moved.contains("content=\"default-src 'none'; base-uri 'none'\""), moved);
        assertTrue(result.files() > posts.size() + 8, "pages, feeds and assets: " + result.files());

        // A second export into the same folder replaces the first.
        assertEquals(result.files(), export.export(URI.create("http://127.0.0.1:" + port), folder).files());
    }
}
