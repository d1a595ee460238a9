package org.nodeoslab.site.blog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nodeoslab.site.TestSites;
import org.nodeoslab.site.content.BlogLoader;
import org.nodeoslab.site.content.BlogSettings;
import org.nodeoslab.site.content.BlogSnapshot;
import org.nodeoslab.site.content.MarkdownRenderer;
import org.nodeoslab.site.content.Post;

class BlogReloadTest {

    @TempDir
    Path posts;

    private Blog blog(boolean reload) {
        return new Blog(posts, new BlogLoader(BlogSettings.defaults(), new MarkdownRenderer()), reload);
    }

    private static List<String> titles(BlogSnapshot s) {
        return s.posts().stream().map(Post::getTitle).toList();
    }

    @Test
    void inReloadModeAddedChangedAndRemovedPostsShowOnTheNextRead() throws Exception {
        TestSites.write(posts.resolve("2016-03-03-a.md"), "---\ntitle: A\n---\nx\n");
        Blog blog = blog(true);
        BlogSnapshot first = blog.snapshot();
        assertEquals(List.of("A"), titles(first));
        assertSame(first, blog.snapshot(), "nothing changed: nothing re-read");

        TestSites.write(posts.resolve("2016-03-04-b.md"), "---\ntitle: B\n---\nx\n");
        assertEquals(List.of("B", "A"), titles(blog.snapshot()));
        TestSites.write(posts.resolve("2016-03-03-a.md"), "---\ntitle: A, edited\n---\nx\n");
        assertEquals(List.of("B", "A, edited"), titles(blog.snapshot()));
        TestSites.write(posts.resolve("2016-03-04-b.md"), "---\ntitle: B\ntags: [a, b\n---\nx\n");
        assertEquals(1, blog.snapshot().errors().size());
        Files.delete(posts.resolve("2016-03-04-b.md"));
        assertEquals(List.of("A, edited"), titles(blog.snapshot()));
        assertEquals(0, blog.snapshot().errors().size());
    }

    @Test
    void aReloadRendersOnlyThePostsThatChanged() {
        TestSites.write(posts.resolve("2016-03-03-a.md"), "---\ntitle: A\n---\nA's body.\n");
        TestSites.write(posts.resolve("2016-03-04-b.md"), "---\ntitle: B\n---\nB's body.\n");
        Blog blog = blog(true);
        Post a = blog.snapshot().posts().get(1);
        TestSites.write(posts.resolve("2016-03-04-b.md"), "---\ntitle: B\n---\nB's body, edited.\n");
        BlogSnapshot after = blog.snapshot();
        assertEquals("<p>B\u2019s body, edited.</p>\n", after.posts().get(0).getHtml().replace("&#39;", "'"));
        assertSame(a.getHtml(), after.posts().get(1).getHtml(), "A was not rendered again");
    }

    @Test
    void withoutReloadThePostsAreReadOnce() {
        TestSites.write(posts.resolve("2016-03-03-a.md"), "---\ntitle: A\n---\nx\n");
        Blog blog = blog(false);
        TestSites.write(posts.resolve("2016-03-04-b.md"), "---\ntitle: B\n---\nx\n");
        assertEquals(List.of("A"), titles(blog.snapshot()));
    }
}
