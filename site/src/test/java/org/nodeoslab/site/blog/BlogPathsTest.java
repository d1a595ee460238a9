package org.nodeoslab.site.blog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalInt;

import org.junit.jupiter.api.Test;

/** jekyll-paginate's addresses: page 1 at the index above paginate_path, page n by the pattern, under the prefix. */
class BlogPathsTest {

    @Test
    void jekyllPaginatesDefaultPathUnderTheBlogsPrefix() {
        BlogPaths paths = new BlogPaths("/blog", BlogPaths.DEFAULT_PAGINATE_PATH);
        assertEquals("/blog/", paths.index());
        assertEquals("/blog/", paths.page(1));
        assertEquals("/blog/page2/", paths.page(2));
        assertEquals(OptionalInt.of(2), paths.pageAt("/blog/page2/"));
        assertTrue(paths.pageAt("/blog/page1/").isEmpty(), "page 1 lives at the index only");
        assertTrue(paths.pageAt("/blog/page02/").isEmpty());
        assertTrue(paths.pageAt("/blog/page2").isEmpty());
        assertEquals("/blog/feed.xml", paths.feed());
        assertEquals("/blog/tags/caf%C3%A9/", paths.tag("café"));
    }

    @Test
    void aPaginatePathWithItsOwnFolderKeepsPageOneAboveIt() {
        assertEquals("/blog/", new BlogPaths("/blog", "/page/:num/").index());
        assertEquals("/blog/page/3/", new BlogPaths("/blog", "/page/:num/").page(3));
        assertEquals(OptionalInt.of(3), new BlogPaths("/blog", "/page/:num/").pageAt("/blog/page/3/"));
        // The example: a site whose blog lives at /blog/ by paginate_path alone.
        BlogPaths blog = new BlogPaths("", "/blog/page/:num/");
        assertEquals("/blog/", blog.index());
        assertEquals("/blog/page/2/", blog.page(2));
        assertEquals("/blog/archive/2016/", blog.archive(2016));
        assertEquals("/news/", new BlogPaths("", "/news/page:num/").index());
    }
}
