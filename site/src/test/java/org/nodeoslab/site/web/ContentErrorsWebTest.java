package org.nodeoslab.site.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nodeoslab.site.TestSites.get;
import static org.nodeoslab.site.TestSites.write;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.FileSystemUtils;

/**
 * An author's preview of a blog with broken posts: the list names each broken file with its line, and the post's
 * address shows file, line and problem (the public site serves 404 there: SiteWebTest).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "site.preview=true")
class ContentErrorsWebTest {

    private static final Path POSTS;

    static {
        try {
            POSTS = Files.createTempDirectory("site-errors-test").resolve("posts");
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
        write(POSTS.resolve("2016-03-03-good.md"), "---\ntitle: Good post\n---\nx\n");
        write(POSTS.resolve("2016-03-04-broken-yaml.md"), "---\ntitle: Broken\ntags: [a, b\nauthor: x\n---\nx\n");
        write(POSTS.resolve("2016-03-05-no-title.md"), "---\nauthor: x\n---\nx\n");
        write(POSTS.resolve("2016-03-06-bad-date.md"), "---\ntitle: Bad date\ndate: 2016-02-30 10:00\n---\nx\n");
    }

    @DynamicPropertySource
    static void posts(DynamicPropertyRegistry registry) {
        registry.add("site.posts-dir", POSTS::toString);
    }

    @AfterAll
    static void removeFixtures() {
        FileSystemUtils.deleteRecursively(POSTS.getParent().toFile());
    }

    @LocalServerPort
    int port;

    @Test
    void thePreviewListsEveryBrokenFileAndWarning() {
        String html = get(port, "/blog/").body();
        assertTrue(html.contains("Good post"), html);
        assertTrue(html.contains("posts/2016-03-04-broken-yaml.md:4: broken YAML front matter"), html);
        assertTrue(html.contains("posts/2016-03-06-bad-date.md:3: impossible date"), html);
        assertTrue(html.contains("posts/2016-03-05-no-title.md:1: no title: using &quot;No Title&quot;"), html);
    }

    @Test
    void aBrokenPostsAddressShowsFileLineAndProblem() {
        HttpResponse<String> yaml = get(port, "/blog/2016/03/04/broken-yaml.html");
        assertEquals(500, yaml.statusCode());
        assertTrue(yaml.body().contains("<code class=\"file\">posts/2016-03-04-broken-yaml.md</code>"), yaml.body());
        assertTrue(yaml.body().contains("broken YAML front matter"), yaml.body());
        HttpResponse<String> date = get(port, "/blog/2016/03/06/bad-date.html");
        assertTrue(date.body().contains("<dd class=\"line\">3</dd>"), date.body());
        assertTrue(date.body().contains("impossible date &quot;2016-02-30 10:00&quot;"), date.body());
    }
}
