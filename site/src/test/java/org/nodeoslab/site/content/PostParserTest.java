package org.nodeoslab.site.content;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.ZonedDateTime;
import java.util.List;

import org.junit.jupiter.api.Test;

class PostParserTest {

    private final PostParser parser = new PostParser(BlogSettings.defaults());

    private PostParser.Parsed parse(String name, String text) {
        return parser.parse("posts/" + name, name, text, false, null);
    }

    @Test
    void theFileNameGivesDateAndTitleWhenTheFrontMatterDoesNot() {
        PostParser.Parsed p = parse("2016-03-03-Not-a-toy.markdown", "---\ntitle: T\n---\n");
        assertEquals(ZonedDateTime.parse("2016-03-03T00:00Z").toInstant(), p.date().toInstant());
        assertEquals("/2016/03/03/Not-a-toy.html", p.url());
    }

    @Test
    void theFrontMatterDateWinsOverTheFileName() {
        PostParser.Parsed p = parse("2016-03-03-x.md", "---\ntitle: T\ndate: 2016-03-04 23:30:00 -0300\n---\n");
        // Jekyll builds the address from the date in the site's zone (UTC here): the next day.
        assertEquals("/2016/03/05/x.html", p.url());
    }

    @Test
    void slugKeyReplacesTheTitlePartOfTheAddress() {
        PostParser.Parsed p = parse("2016-03-03-x.md", "---\ntitle: T\nslug: What's new?\n---\n");
        assertEquals("/2016/03/03/What's-new.html", p.url());
    }

    @Test
    void aPostsPermalinkOverridesAndMayUsePlaceholders() {
        assertEquals("/about/", parse("2016-03-03-x.md", "---\ntitle: T\npermalink: /about/\n---\n").url());
        assertEquals("/release/2016/x/",
                parse("2016-03-03-x.md", "---\ntitle: T\ncategories: Release\npermalink: /:categories/:year/:title/\n---\n")
                        .url());
        assertEquals("/no-slash.html", parse("2016-03-03-x.md", "---\ntitle: T\npermalink: no-slash.html\n---\n").url());
    }

    @Test
    void theSitePermalinkSettingApplies() {
        PostParser blog = new PostParser(BlogSettings.defaults().withPermalink("/blog/:title"));
        assertEquals("/blog/not-a-toy-os-anymore",
                blog.parse("posts/a.md", "2016-03-03-not-a-toy-os-anymore.md", "---\ntitle: T\n---\n", false, null).url());
    }

    @Test
    void tagsAndCategories() {
        PostParser.Parsed p = parse("2016-03-03-x.md", "---\ntitle: T\ntags: kernel boot\ncategory: News\n---\n");
        assertEquals(List.of("kernel", "boot"), p.tags());
        assertEquals(List.of("News"), p.categories());
    }

    @Test
    void aMissingTitleIsTheFileNamesWordsWithAWarning() {
        // Jekyll's Utils.titleize_slug: each word capitalized, the rest lower case.
        PostParser.Parsed p = parse("2016-03-03-hello-BIG-world.md", "---\nauthor: me\n---\nbody\n");
        assertEquals("Hello Big World", p.title());
        assertEquals("posts/2016-03-03-hello-BIG-world.md:1: no title: using \"Hello Big World\" from the file name "
                + "(add a line \"title: ...\")", p.warning().getMessage());
        assertEquals(null, parse("2016-03-03-x.md", "---\ntitle: X\n---\nbody\n").warning());
    }

    @Test
    void anImpossibleDateNamesItsLine() {
        ContentException e = assertThrows(ContentException.class,
                () -> parse("2016-03-03-x.md", "---\ntitle: T\ndate: 2016-02-30\n---\n"));
        assertEquals(3, e.line());
        assertEquals("posts/2016-03-03-x.md", e.file());
        assertEquals("impossible date \"2016-02-30\": February 2016 has 29 days", e.problem());
    }

    @Test
    void anImpossibleDateInTheFileName() {
        ContentException e = assertThrows(ContentException.class,
                () -> parse("2016-02-30-x.md", "---\ntitle: T\n---\n"));
        assertEquals("posts/2016-02-30-x.md:1: impossible date in the file name \"2016-02-30\"", e.getMessage());
    }

    @Test
    void aPermalinkCannotClimbOutOfTheSite() {
        ContentException e = assertThrows(ContentException.class,
                () -> parse("2016-03-03-x.md", "---\ntitle: T\npermalink: /../../etc/passwd\n---\n"));
        assertEquals(3, e.line());
    }
}
