package org.nodeoslab.site.blog;

import java.nio.file.Path;

import org.nodeoslab.site.content.BlogLoader;
import org.nodeoslab.site.content.BlogSnapshot;
import org.nodeoslab.site.content.JekyllSite;
import org.nodeoslab.site.content.MarkdownRenderer;
import org.nodeoslab.site.content.ReloadingSnapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Service;

/**
 * The blog as it is now. Loads the posts folder once; in reload mode (the live preview) it re-reads it whenever a
 * post file was added, removed or changed since the last request, so an edit shows on the next page load.
 */
@Service
public class Blog {

    private static final Logger LOG = LoggerFactory.getLogger(Blog.class);

    private final JekyllSite site;
    private final BlogLoader loader;
    private final ReloadingSnapshot<BlogSnapshot> current;

    @Autowired
    public Blog(BlogConfig config, org.nodeoslab.site.SiteProperties properties) {
        this(config.site(), new BlogLoader(config.settings(), new MarkdownRenderer()), properties.reload());
    }

    public Blog(Path postsDir, BlogLoader loader, boolean reload) {
        this(JekyllSite.at(postsDir), loader, reload);
    }

    public Blog(JekyllSite site, BlogLoader loader, boolean reload) {
        this.site = site;
        this.loader = loader;
        // The loader reads the posts and drafts folders' own files, not their subfolders.
        this.current = new ReloadingSnapshot<>(reload, () -> ReloadingSnapshot.files(1, site.posts(), site.drafts()),
                fingerprint -> load());
    }

    /** Where the blog's files are. */
    public JekyllSite site() {
        return site;
    }

    public BlogSnapshot snapshot() {
        return current.get();
    }

    private BlogSnapshot load() {
        long start = System.nanoTime();
        BlogSnapshot snapshot = loader.load(site);
        LOG.info("read {} posts from {} in {} ms", snapshot.posts().size(), site.posts(),
                (System.nanoTime() - start) / 1_000_000);
        snapshot.warnings().forEach(e -> LOG.warn("{}", e.getMessage()));
        snapshot.errors().forEach(e -> LOG.error("not served: {}", e.getMessage()));
        return snapshot;
    }
}
