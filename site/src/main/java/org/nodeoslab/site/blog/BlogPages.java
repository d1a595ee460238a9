package org.nodeoslab.site.blog;

import java.util.ArrayList;
import java.util.List;

import org.nodeoslab.site.content.BlogSnapshot;
import org.nodeoslab.site.content.Post;
import org.nodeoslab.site.feed.Sitemap;

/**
 * Every HTML page the blog has, for the sitemap and the static export. Their addresses are built here and in the
 * templates from the same {@link BlogPaths}, so the two cannot drift apart.
 */
public final class BlogPages {

    private BlogPages() {
    }

    /** Percent-encoded paths, posts with their date. Hidden posts (preview mode) are left out. */
    public static List<Sitemap.Entry> all(BlogSnapshot snapshot, BlogConfig config) {
        BlogPaths paths = config.paths();
        List<Sitemap.Entry> out = new ArrayList<>();
        List<Post> visible = snapshot.posts().stream().filter(p -> !p.isHidden()).toList();
        int pages = Pagination.pages(visible.size(), config.pageSize());
        for (int n = 1; n <= pages; n++) {
            out.add(new Sitemap.Entry(paths.page(n), n == 1 && !visible.isEmpty() ? visible.get(0).getDate() : null));
        }
        out.add(new Sitemap.Entry(paths.archive(), null));
        snapshot.years().keySet().forEach(y -> out.add(new Sitemap.Entry(paths.archive(y), null)));
        out.add(new Sitemap.Entry(paths.tags(), null));
        snapshot.tags().keySet().forEach(slug -> out.add(new Sitemap.Entry(paths.tag(slug), null)));
        visible.forEach(p -> out.add(new Sitemap.Entry(p.getHref(), p.getDate())));
        return out;
    }
}
