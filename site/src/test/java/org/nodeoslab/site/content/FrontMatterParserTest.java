package org.nodeoslab.site.content;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class FrontMatterParserTest {

    private static final String SEED_HEAD = """
            ---
            layout: post
            title:  Not a toy OS anymore
            date:   2016-03-03T00:11:31Z
            author: piranna
            avatar-url: https://avatars.githubusercontent.com/u/532414?v=3&s=128
            comments: 14
            github-url: https://github.com/NodeOS/NodeOS/issues/216
            ---
            With the release.
            """;

    @Test
    void readsTheSeedPostsKeysAndKeepsUnknownOnesInOrder() {
        FrontMatter fm = FrontMatterParser.parse("posts/seed.md", SEED_HEAD);
        assertEquals(List.of("layout", "title", "date", "author", "avatar-url", "comments", "github-url"),
                List.copyOf(fm.data().keySet()));
        assertEquals("Not a toy OS anymore", fm.string("title"));
        assertEquals(14, fm.data().get("comments"));
        assertEquals("https://github.com/NodeOS/NodeOS/issues/216", fm.string("github-url"));
        assertEquals("With the release.\n", fm.body());
        assertEquals(10, fm.bodyFirstLine());
        assertEquals(4, fm.lineOf("date"));
    }

    @Test
    void datesStayTextSoTheyAreCheckedAsJekyllDates() {
        FrontMatter fm = FrontMatterParser.parse("posts/seed.md", SEED_HEAD);
        assertEquals("2016-03-03T00:11:31Z", fm.data().get("date"));
    }

    @Test
    void tagsAreAListOrSpaceSeparatedAndSingularKeysCount() {
        FrontMatter list = FrontMatterParser.parse("p.md", "---\ntitle: t\ntags: [kernel, boot, kernel]\n---\n");
        assertEquals(List.of("kernel", "boot"), list.list("tags", "tag"));
        FrontMatter spaced = FrontMatterParser.parse("p.md", "---\ntitle: t\ntags: kernel  boot\ntag: npm\n---\n");
        assertEquals(List.of("kernel", "boot", "npm"), spaced.list("tags", "tag"));
        FrontMatter block = FrontMatterParser.parse("p.md", "---\ncategories:\n  - Release\n  - Kernel\n---\n");
        assertEquals(List.of("Release", "Kernel"), block.list("categories", "category"));
    }

    @Test
    void publishedFalseHidesAPostAndAnythingElsePublishes() {
        assertFalse(FrontMatterParser.parse("p.md", "---\npublished: false\n---\n").published());
        assertTrue(FrontMatterParser.parse("p.md", "---\npublished: true\n---\n").published());
        assertTrue(FrontMatterParser.parse("p.md", "---\ntitle: x\n---\n").published());
    }

    @Test
    void brokenYamlNamesTheFileLineOfTheProblemAndWhereTheConstructStarted() {
        String text = "---\ntitle: Fine\ntags: [kernel, boot\nauthor: me\n---\nbody\n";
        ContentException e = assertThrows(ContentException.class, () -> FrontMatterParser.parse("posts/x.md", text));
        assertEquals("posts/x.md:4: broken YAML front matter: expected ',' or ']', but got : "
                + "(the flow sequence started on line 3)", e.getMessage());
        ContentException quote = assertThrows(ContentException.class,
                () -> FrontMatterParser.parse("posts/x.md", "---\ntitle: \"Unclosed\nauthor: me\n---\n"));
        assertEquals("posts/x.md", quote.file());
        assertTrue(quote.problem().contains("(the quoted scalar started on line 2)"), quote.problem());
    }

    @Test
    void aKeyTwiceIsAnError() {
        ContentException e = assertThrows(ContentException.class,
                () -> FrontMatterParser.parse("posts/x.md", "---\ntitle: a\ntitle: b\n---\n"));
        assertTrue(e.getMessage().startsWith("posts/x.md:3: broken YAML"), e.getMessage());
    }

    @Test
    void frontMatterMustBeOpenedAndClosed() {
        assertEquals("posts/x.md:1: no front matter: a post starts with a line \"---\"",
                assertThrows(ContentException.class, () -> FrontMatterParser.parse("posts/x.md", "title: x\n"))
                        .getMessage());
        assertEquals("posts/x.md:1: front matter is not closed by a line \"---\"",
                assertThrows(ContentException.class, () -> FrontMatterParser.parse("posts/x.md", "---\ntitle: x\n"))
                        .getMessage());
    }

    @Test
    void aListInsteadOfKeysIsAnError() {
        ContentException e = assertThrows(ContentException.class,
                () -> FrontMatterParser.parse("posts/x.md", "---\n- a\n- b\n---\n"));
        assertEquals("front matter must be \"key: value\" lines", e.problem());
    }

    @Test
    void windowsLineEndsAndAByteOrderMarkAreRead() {
        FrontMatter fm = FrontMatterParser.parse("p.md", "\uFEFF---\r\ntitle: t\r\n---\r\nbody\r\n");
        assertEquals(Map.of("title", "t"), fm.data());
        assertEquals("body\n", fm.body());
    }
}
