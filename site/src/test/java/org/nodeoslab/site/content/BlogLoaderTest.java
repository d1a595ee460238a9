package org.nodeoslab.site.content;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlogLoaderTest {

    @TempDir
    Path posts;

    private static final Clock NOW = Clock.fixed(Instant.parse("2020-01-01T00:00:00Z"), ZoneOffset.UTC);

    private BlogSnapshot load(boolean preview) {
        BlogSettings settings = new BlogSettings(BlogSettings.DEFAULT_PERMALINK, ZoneId.of("UTC"), preview, false, NOW);
        return new BlogLoader(settings, new MarkdownRenderer()).load(posts);
    }

    private void write(String name, String text) throws IOException {
        Path file = posts.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    private static List<String> titles(BlogSnapshot s) {
        return s.posts().stream().map(Post::getTitle).toList();
    }

    @Test
    void postsAreNewestFirstWithExcerptsTagsAndYears() throws IOException {
        write("2016-03-03-first.md", "---\ntitle: First\ntags: [kernel]\n---\nFirst paragraph.\n\nSecond one.\n");
        write("2017-01-02-second.md", "---\ntitle: Second\ntags: kernel npm\n---\nOnly paragraph.\n");
        BlogSnapshot s = load(false);
        assertEquals(List.of("Second", "First"), titles(s));
        Post first = s.posts().get(1);
        assertEquals("<p>First paragraph.</p>\n", first.getExcerptHtml());
        assertTrue(first.getHtml().contains("Second one."));
        assertEquals(List.of("kernel", "npm"), List.copyOf(s.tags().keySet()));
        assertEquals(2, s.tags().get("kernel").getCount());
        assertEquals(List.of(2017, 2016), List.copyOf(s.years().keySet()));
        assertEquals(first, s.older(s.posts().get(0)));
        assertEquals(s.posts().get(0), s.newer(first));
        assertNull(s.newer(s.posts().get(0)));
        assertNull(s.older(first));
    }

    @Test
    void anExcerptKeyOrSeparatorChoosesTheExcerpt() throws IOException {
        write("2016-03-03-a.md", "---\ntitle: A\nexcerpt: Told *here*.\n---\nBody.\n");
        write("2016-03-04-b.md", "---\ntitle: B\nexcerpt_separator: <!--more-->\n---\nOne.\n\nTwo.\n<!--more-->\nThree.\n");
        BlogSnapshot s = load(false);
        assertEquals("<p>Told <em>here</em>.</p>\n", s.posts().get(1).getExcerptHtml());
        assertEquals("<p>One.</p>\n<p>Two.</p>\n", s.posts().get(0).getExcerptHtml());
    }

    @Test
    void draftsUnpublishedAndFuturePostsShowOnlyInPreview() throws IOException {
        write("2016-03-03-public.md", "---\ntitle: Public\n---\nx\n");
        write("2016-03-04-hidden.md", "---\ntitle: Hidden\npublished: false\n---\nx\n");
        write("2030-01-01-future.md", "---\ntitle: Future\n---\nx\n");
        write("_drafts/idea.md", "---\ntitle: Idea\ndate: 2019-05-05\n---\nx\n");
        assertEquals(List.of("Public"), titles(load(false)));
        BlogSnapshot preview = load(true);
        assertEquals(List.of("Future", "Idea", "Hidden", "Public"), titles(preview));
        assertEquals(Post.Visibility.DRAFT, preview.posts().get(1).getVisibility());
        assertEquals("/2019/05/05/idea.html", preview.posts().get(1).getUrl());
    }

    @Test
    void brokenPostsAreReportedWhileTheOthersAreServed() throws IOException {
        write("2016-03-03-good.md", "---\ntitle: Good\n---\nx\n");
        write("2016-03-04-yaml.md", "---\ntitle: Bad\ntags: [a, b\n---\nx\n");
        write("2016-03-05-untitled.md", "---\nauthor: me\n---\nx\n");
        write("2016-03-06-date.md", "---\ntitle: Bad date\ndate: 2016-02-30\n---\nx\n");
        write("2016-3-7-name.md", "---\ntitle: Bad name\n---\nx\n");
        BlogSnapshot s = load(false);
        assertEquals(List.of("Untitled", "Good"), titles(s));
        List<String> messages = s.errors().stream().map(ContentException::getMessage).toList();
        assertEquals(3, messages.size(), messages.toString());
        assertEquals(List.of(posts.getFileName() + "/2016-03-05-untitled.md:1: no title: using \"Untitled\" from the "
                + "file name (add a line \"title: ...\")"), s.warnings().stream().map(ContentException::getMessage).toList());
        assertTrue(messages.stream().anyMatch(m -> m.contains("2016-03-06-date.md:3: impossible date")), messages.toString());
        assertTrue(messages.stream().anyMatch(m -> m.contains("2016-03-04-yaml.md:") && m.contains("broken YAML")),
                messages.toString());
        assertTrue(messages.stream().anyMatch(m -> m.contains("2016-3-7-name.md:1: a post's file name")), messages.toString());
        // The broken post's address shows its error, not a 404.
        assertTrue(s.errorAt("/2016/03/06/date.html").isPresent());
    }

    @Test
    void twoPostsAtOneAddressIsAnErrorForTheSecond() throws IOException {
        write("2016-03-03-a.md", "---\ntitle: A\npermalink: /same/\n---\nx\n");
        write("2016-03-04-b.md", "---\ntitle: B\npermalink: /same/\n---\nx\n");
        BlogSnapshot s = load(false);
        assertEquals(List.of("A"), titles(s));
        assertTrue(s.errors().get(0).getMessage().endsWith(":3: address /same/ is already the address of "
                + posts.getFileName() + "/2016-03-03-a.md"), s.errors().get(0).getMessage());
    }

    @Test
    void relativeLinksToPostsAndAssetsAndPostUrlTagsResolve() throws IOException {
        write("2016-03-03-target.md", "---\ntitle: Target\n---\nx\n");
        write("2016-03-04-links.md", """
                ---
                title: Links
                ---
                See [the target](2016-03-03-target.md#part), ![a diagram](assets/layers.svg),
                [again]({% post_url 2016-03-03-target %}) and [outside](../README.md).
                """);
        write("_drafts/draft.md", "---\ntitle: Draft\n---\n![d](../assets/layers.svg) [t](../2016-03-03-target.md)\n");
        BlogSnapshot s = load(true);
        String html = s.postAt("/2016/03/04/links.html").orElseThrow().getHtml();
        assertTrue(html.contains("href=\"/2016/03/03/target.html#part\""), html);
        assertTrue(html.contains("src=\"/assets/layers.svg\""), html);
        assertTrue(html.contains("href=\"/2016/03/03/target.html\">again"), html);
        assertTrue(html.contains("href=\"../README.md\""), html);
        String draft = s.posts().stream().filter(p -> p.getTitle().equals("Draft")).findFirst().orElseThrow().getHtml();
        assertTrue(draft.contains("src=\"/assets/layers.svg\""), draft);
        assertTrue(draft.contains("href=\"/2016/03/03/target.html\""), draft);
    }

    @Test
    void aPostUrlTagNamingNoPostIsAnErrorWithItsLine() throws IOException {
        write("2016-03-04-links.md", "---\ntitle: Links\n---\nfine\n\n[x]({% post_url 2016-01-01-nothing %})\n");
        BlogSnapshot s = load(false);
        assertEquals(List.of(), s.posts());
        assertTrue(s.errors().get(0).getMessage().endsWith(
                "2016-03-04-links.md:6: {% post_url 2016-01-01-nothing %} names no post in the posts folder"),
                s.errors().get(0).getMessage());
    }

    @Test
    void oldBlogAddressesPointToTheCurrentOnes() throws IOException {
        write("2016-03-03-not-a-toy-os-anymore.md", "---\ntitle: Not a toy\n---\nx\n");
        BlogSnapshot s = load(false);
        assertEquals("Not a toy", s.legacyPostAt("/blog/not-a-toy-os-anymore").orElseThrow().getTitle());
    }

    @Test
    void aMissingFolderIsOneErrorNotACrash() {
        BlogSnapshot s = new BlogLoader(BlogSettings.defaults(), new MarkdownRenderer()).load(posts.resolve("nope"));
        assertEquals(List.of(), s.posts());
        assertTrue(s.errors().get(0).getMessage().endsWith("the posts folder does not exist"));
    }

    @Test
    void pathologicalPostsAreErrorsWithTheirLineAndTheOthersAreServed() throws IOException {
        write("2016-03-03-good.md", "---\ntitle: Good\n---\nx\n\n" + "*".repeat(300) + "\n");
        write("2016-03-04-quotes.md", "---\ntitle: Quotes\n---\nfine\n\n" + ">".repeat(5000) + " deep\n");
        write("2016-03-05-stars.md", "---\ntitle: Stars\n---\n" + "*".repeat(20000) + "a" + "*".repeat(20000) + "\n");
        StringBuilder lists = new StringBuilder("---\ntitle: Lists\n---\n");
        for (int i = 0; i < 300; i++) {
            lists.append("  ".repeat(i)).append("- x\n");
        }
        write("2016-03-06-lists.md", lists.toString());
        write("2016-03-07-yaml.md", "---\ntitle: YAML\ntags: " + "[".repeat(5000) + "\n---\nx\n");
        long start = System.nanoTime();
        BlogSnapshot s = load(false);
        assertTrue(System.nanoTime() - start < 20_000_000_000L, "bounded work");
        assertEquals(List.of("Good"), titles(s));
        List<String> messages = s.errors().stream().map(ContentException::getMessage).toList();
        String folder = posts.getFileName() + "/";
        assertTrue(messages.contains(folder + "2016-03-04-quotes.md:6: 5000 nested block quotes; the limit is 32"),
                messages.toString());
        assertTrue(messages.contains(folder + "2016-03-05-stars.md:4: more than 64 \"*\" in a row (emphasis or links "
                + "nested too deep)"), messages.toString());
        assertTrue(messages.stream().anyMatch(m -> m.startsWith(folder + "2016-03-06-lists.md:69: indented 130 columns")),
                messages.toString());
        assertTrue(messages.stream().anyMatch(m -> m.startsWith(folder + "2016-03-07-yaml.md:2: broken YAML")),
                messages.toString());
    }
}
