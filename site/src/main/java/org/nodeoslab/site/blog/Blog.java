package org.nodeoslab.site.blog;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.nodeoslab.site.content.BlogLoader;
import org.nodeoslab.site.content.BlogSnapshot;
import org.nodeoslab.site.content.JekyllSite;
import org.nodeoslab.site.content.MarkdownRenderer;
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
    private final boolean reload;
    private volatile Loaded current;

    /** A snapshot and the state of the files it was read from. */
    private record Loaded(BlogSnapshot snapshot, List<String> fingerprint) {
    }

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
        this.reload = reload;
        this.current = load(fingerprint());
    }

    /** Where the blog's files are. */
    public JekyllSite site() {
        return site;
    }

    public BlogSnapshot snapshot() {
        Loaded loaded = current;
        if (reload) {
            List<String> now = fingerprint();
            if (!now.equals(loaded.fingerprint())) {
                synchronized (this) {
                    loaded = current;
                    if (!now.equals(loaded.fingerprint())) {
                        loaded = load(now);
                        current = loaded;
                    }
                }
            }
        }
        return loaded.snapshot();
    }

    private Loaded load(List<String> fingerprint) {
        long start = System.nanoTime();
        BlogSnapshot snapshot = loader.load(site);
        LOG.info("read {} posts from {} in {} ms", snapshot.posts().size(), site.posts(),
                (System.nanoTime() - start) / 1_000_000);
        snapshot.warnings().forEach(e -> LOG.warn("{}", e.getMessage()));
        snapshot.errors().forEach(e -> LOG.error("not served: {}", e.getMessage()));
        return new Loaded(snapshot, fingerprint);
    }

    /** Name, size and modification time of every file the loader reads: cheap enough to check on each request. */
    private List<String> fingerprint() {
        List<String> out = new ArrayList<>();
        addFolder(site.posts(), out);
        addFolder(site.drafts(), out);
        return out;
    }

    private static void addFolder(Path folder, List<String> out) {
        if (!Files.isDirectory(folder)) {
            return;
        }
        try (Stream<Path> files = Files.list(folder)) {
            files.sorted().forEach(f -> {
                try {
                    out.add(f.getFileName() + "|" + Files.size(f) + "|" + Files.getLastModifiedTime(f).toMillis());
                } catch (IOException e) {
                    out.add(f.getFileName() + "|gone");
                }
            });
        } catch (IOException e) {
            out.add(folder + "|unreadable");
        }
    }
}
