package org.nodeoslab.site.content;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Reads a posts folder (Jekyll's {@code _posts}, with drafts in its {@code _drafts} folder) into a
 * {@link BlogSnapshot}. A broken file becomes an error of the snapshot, never a failure of the whole blog.
 */
public final class BlogLoader {

    public static final String DRAFTS = JekyllSite.DRAFTS;

    private final BlogSettings settings;
    private final PostParser parser;
    private final MarkdownRenderer renderer;
    private volatile java.util.Set<String> staticFolders = java.util.Set.of();

    /**
     * The HTML of each post from the previous load, by source file: a live reload re-renders only the posts whose
     * Markdown, or the set of post addresses their links resolve against, changed.
     */
    private final Map<String, Rendering> renderings = new ConcurrentHashMap<>();

    /** A post's Markdown (after Liquid tags) and the HTML it rendered to. */
    private record Rendering(String body, String excerpt, int linksKey, String excerptHtml, String html) {
    }

    public BlogLoader(BlogSettings settings, MarkdownRenderer renderer) {
        this.settings = settings;
        this.parser = new PostParser(settings);
        this.renderer = renderer;
    }

    public BlogSnapshot load(Path postsDir) {
        return load(JekyllSite.at(postsDir));
    }

    public BlogSnapshot load(JekyllSite site) {
        List<ContentException> errors = new ArrayList<>();
        List<ContentException> warnings = new ArrayList<>();
        Map<String, ContentException> errorsByUrl = new HashMap<>();
        Path postsDir = site.posts();
        if (!Files.isDirectory(postsDir)) {
            errors.add(new ContentException(postsDir.toString(), 0, "the posts folder does not exist"));
            return new BlogSnapshot(List.of(), errors, warnings, errorsByUrl, settings.prefix());
        }
        List<PostParser.Parsed> parsed = new ArrayList<>();
        Map<String, String> urlsByPath = new HashMap<>();
        Map<String, String> urlsByName = new HashMap<>();
        Map<String, String> fileByUrl = new HashMap<>();
        Map<String, String> inFolders = new HashMap<>();
        staticFolders = site.staticFolders();
        for (Source source : sources(site, errors)) {
            try {
                PostParser.Parsed p = parse(source);
                String other = fileByUrl.putIfAbsent(p.url(), p.sourceFile());
                if (other != null) {
                    throw new ContentException(p.sourceFile(), p.frontMatter().lineOf("permalink"),
                            "address " + p.url() + " is already the address of " + other);
                }
                parsed.add(p);
                if (p.warning() != null) {
                    warnings.add(p.warning());
                }
                urlsByPath.put(source.inFolder(), p.url());
                inFolders.put(p.sourceFile(), source.inFolder());
                urlsByName.merge(source.name(), p.url(), (a, b) -> "");
            } catch (ContentException e) {
                errors.add(e);
                String url = source.draft() ? "" : parser.urlFromName(source.name());
                if (!url.isEmpty()) {
                    errorsByUrl.putIfAbsent(url, e);
                }
            }
        }
        urlsByName.values().removeIf(String::isEmpty);

        int linksKey = urlsByPath.hashCode() * 31 + urlsByName.hashCode();
        renderings.keySet().retainAll(parsed.stream().map(PostParser.Parsed::sourceFile).collect(Collectors.toSet()));
        // Rendering is most of the work and each post renders alone: spread it over the cores, keep file order.
        List<Rendered> rendered = parsed.parallelStream().map(p -> {
            Post.Visibility visibility = visibility(p);
            if (visibility != Post.Visibility.PUBLIC && !settings.preview()) {
                return new Rendered(p, null, null);
            }
            try {
                return new Rendered(p, render(p, visibility, urlsByPath, urlsByName, inFolders, linksKey), null);
            } catch (ContentException e) {
                return new Rendered(p, null, e);
            }
        }).toList();
        List<Post> posts = new ArrayList<>();
        for (Rendered r : rendered) {
            if (r.post() != null) {
                posts.add(r.post());
            } else if (r.error() != null) {
                errors.add(r.error());
                errorsByUrl.putIfAbsent(r.parsed().url(), r.error());
            }
        }
        // Jekyll orders posts by date, then by path; the blog shows the newest first.
        posts.sort(Comparator.comparing(Post::getDate).thenComparing(Post::getSourceFile).reversed());
        return new BlogSnapshot(posts, errors, warnings, errorsByUrl, settings.prefix());
    }

    /** One file's front matter; anything unexpected becomes that file's error, never the whole blog's. */
    private PostParser.Parsed parse(Source source) {
        try {
            return parser.parse(source.display(), source.name(), source.read(), source.draft(), source.modified());
        } catch (ContentException e) {
            throw e;
        } catch (StackOverflowError | RuntimeException e) {
            throw new ContentException(source.display(), 1, "cannot be read (" + (e instanceof StackOverflowError
                    ? "nested too deep" : e.toString()) + ")");
        }
    }

    private Post render(PostParser.Parsed p, Post.Visibility visibility, Map<String, String> urlsByPath,
                        Map<String, String> urlsByName, Map<String, String> inFolders, int linksKey) {
        FrontMatter fm = p.frontMatter();
        MarkdownLimits.check(p.sourceFile(), fm.bodyFirstLine(), fm.body());
        java.util.function.Function<String, String> postUrl = name -> jekyllPostUrl(postUrl(name, urlsByPath, urlsByName));
        String body = LiquidTags.expand(p.sourceFile(), fm.bodyFirstLine(), fm.body(), postUrl, settings.baseurl());
        String excerpt = LiquidTags.expand(p.sourceFile(), fm.bodyFirstLine(), Excerpts.markdown(fm), postUrl,
                settings.baseurl());
        Rendering cached = renderings.get(p.sourceFile());
        if (cached == null || !cached.body().equals(body) || !cached.excerpt().equals(excerpt)
                || cached.linksKey() != linksKey) {
            PostLinks links = new PostLinks(inFolders.get(p.sourceFile()), urlsByPath, urlsByName, settings.prefix(),
                    staticFolders);
            try {
                cached = new Rendering(body, excerpt, linksKey, renderer.render(excerpt, links),
                        renderer.render(body, links));
            } catch (StackOverflowError | RuntimeException e) {
                // Whatever the limits above missed: this post fails, the blog goes on.
                throw new ContentException(p.sourceFile(), fm.bodyFirstLine(), "the Markdown cannot be rendered ("
                        + (e instanceof StackOverflowError ? "nested too deep" : e.toString()) + ")");
            }
            renderings.put(p.sourceFile(), cached);
        }
        return new Post(p, cached.excerptHtml(), cached.html(), visibility);
    }

    /**
     * What Jekyll's {@code post_url} gives: the address inside the Jekyll site, without its baseurl (authors write
     * {@code {{ site.baseurl }}{% post_url x %}}); {@link PostLinks} puts the blog's prefix back on a bare one.
     */
    private String jekyllPostUrl(String encoded) {
        String prefix = SafeUrls.encodePath(settings.prefix());
        if (encoded == null || !encoded.startsWith(prefix + "/")) {
            return encoded;
        }
        // The mount (/blog) is this site's, not Jekyll's: keep it off, as the baseurl.
        return encoded.substring(prefix.length());
    }

    /** {@code post_url} takes a name without extension; {@code link} a path inside the site. */
    private static String postUrl(String name, Map<String, String> urlsByPath, Map<String, String> urlsByName) {
        String bare = name.replaceFirst("^(_?posts)/", "");
        for (String candidate : List.of(bare, bare + ".md", bare + ".markdown")) {
            String url = urlsByPath.getOrDefault(candidate, urlsByName.get(candidate));
            if (url != null) {
                return SafeUrls.encodePath(url);
            }
        }
        return null;
    }

    private Post.Visibility visibility(PostParser.Parsed p) {
        if (p.draft()) {
            return Post.Visibility.DRAFT;
        }
        if (!p.frontMatter().published()) {
            return Post.Visibility.UNPUBLISHED;
        }
        if (!settings.future() && p.date().toInstant().isAfter(settings.clock().instant())) {
            return Post.Visibility.SCHEDULED;
        }
        return Post.Visibility.PUBLIC;
    }

    /** A parsed post after rendering: the post, or why it could not be rendered, or neither when it is hidden. */
    private record Rendered(PostParser.Parsed parsed, Post post, ContentException error) {
    }

    /** One file to read: where it is, how to name it in messages, and whether it is a draft. */
    private record Source(Path path, String display, String inFolder, String name, boolean draft) {
        String read() {
            try {
                return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(path)))
                        .toString();
            } catch (CharacterCodingException e) {
                throw new ContentException(display, 1, "not UTF-8 text");
            } catch (IOException e) {
                throw new ContentException(display, 1, "cannot be read: " + e.getMessage());
            }
        }

        ZonedDateTime modified() {
            try {
                return Files.getLastModifiedTime(path).toInstant().atZone(java.time.ZoneOffset.UTC);
            } catch (IOException e) {
                return ZonedDateTime.now(java.time.ZoneOffset.UTC);
            }
        }
    }

    private static List<Source> sources(JekyllSite site, List<ContentException> errors) {
        List<Source> out = new ArrayList<>();
        // Paths inside the Jekyll site's folder: how posts name each other in links and {% link %}.
        addFolder(site, site.posts(), inRoot(site, site.posts()), false, out, errors);
        if (Files.isDirectory(site.drafts())) {
            addFolder(site, site.drafts(), inRoot(site, site.drafts()), true, out, errors);
        }
        return out;
    }

    private static String inRoot(JekyllSite site, Path folder) {
        String rel = site.root().relativize(folder).toString().replace('\\', '/');
        return rel.isEmpty() ? "" : rel + "/";
    }

    private static void addFolder(JekyllSite site, Path folder, String prefix, boolean drafts, List<Source> out,
                                  List<ContentException> errors) {
        Map<String, Path> files = new LinkedHashMap<>();
        try (Stream<Path> list = Files.list(folder)) {
            list.filter(Files::isRegularFile).sorted().forEach(f -> files.put(f.getFileName().toString(), f));
        } catch (IOException e) {
            errors.add(new ContentException(site.display(folder), 0, "cannot be listed: " + e.getMessage()));
            return;
        }
        files.forEach((name, path) -> {
            if (!isMarkdown(name) || name.startsWith(".") || name.startsWith("_") || name.startsWith("README")) {
                return;
            }
            String display = site.display(path);
            if (!drafts && !PostFileName.isPostName(name)) {
                errors.add(new ContentException(display, 1, "a post's file name is YYYY-MM-DD-title.md"));
                return;
            }
            out.add(new Source(path, display, prefix + name, name, drafts));
        });
    }

    private static boolean isMarkdown(String name) {
        return name.endsWith(".md") || name.endsWith(".markdown");
    }
}
