package org.nodeoslab.site.content;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * Rewrites the relative links of one post as an author writes them beside the file (so they also work when the
 * Markdown is read on GitHub): {@code 2016-03-03-x.md} becomes that post's address, {@code assets/a.png} (or
 * {@code ../assets/a.png} from a draft) becomes {@code /assets/a.png}. When the blog lives under a prefix
 * ({@code /blog}), a site-absolute link to one of its posts or static folders ({@code /assets/a.png}, as Jekyll
 * posts write them) gets the prefix. Anchor-only and scheme links, other absolute links and anything that leaves
 * the Jekyll site's folder are left as written.
 */
final class PostLinks implements MarkdownRenderer.LinkRewriter {

    private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:");

    private final String folder;
    private final Map<String, String> urlsByPath;
    private final Map<String, String> urlsByName;
    private final String prefix;
    private final java.util.Set<String> staticFolders;

    /**
     * @param sourcePath the post's path inside the posts folder, e.g. {@code _drafts/x.md}
     * @param urlsByPath post addresses by path inside the posts folder
     * @param urlsByName post addresses by bare file name, for names that are unique
     */
    PostLinks(String sourcePath, Map<String, String> urlsByPath, Map<String, String> urlsByName) {
        this(sourcePath, urlsByPath, urlsByName, "", java.util.Set.of());
    }

    /**
     * @param prefix        where the blog lives ("" or "/blog"), put before the paths of its own files
     * @param staticFolders the Jekyll site's folders served as files (assets, images...)
     */
    PostLinks(String sourcePath, Map<String, String> urlsByPath, Map<String, String> urlsByName, String prefix,
              java.util.Set<String> staticFolders) {
        this.prefix = prefix;
        this.staticFolders = staticFolders;
        int slash = sourcePath.lastIndexOf('/');
        this.folder = slash < 0 ? "" : sourcePath.substring(0, slash + 1);
        this.urlsByPath = urlsByPath;
        this.urlsByName = urlsByName;
    }

    @Override
    public String apply(String url) {
        if (url.startsWith("/") && !url.startsWith("//") && !prefix.isEmpty()) {
            return prefixed(url);
        }
        if (url.isEmpty() || url.startsWith("#") || url.startsWith("/") || SCHEME.matcher(url).find()) {
            return url;
        }
        int cut = firstOf(url, '#', '?');
        String path = url.substring(0, cut);
        String rest = url.substring(cut);
        String inPosts = normalize(folder + path);
        if (inPosts == null) {
            return url;
        }
        String post = urlsByPath.get(inPosts);
        if (post == null && !path.contains("/")) {
            post = urlsByName.get(path);
        }
        if (post != null) {
            return SafeUrls.encodePath(post) + rest;
        }
        int slash = inPosts.indexOf('/');
        if (slash > 0 && staticFolders.contains(inPosts.substring(0, slash))) {
            return prefix + "/" + inPosts + rest;
        }
        return url;
    }

    /** {@code /assets/a.png} in a blog under /blog: /blog/assets/a.png when that is one of the blog's files. */
    private String prefixed(String url) {
        if (url.startsWith(prefix + "/")) {
            return url;
        }
        String path = url.substring(0, firstOf(url, '#', '?'));
        int slash = path.indexOf('/', 1);
        String first = slash < 0 ? path.substring(1) : path.substring(1, slash);
        boolean ours = (slash > 0 && staticFolders.contains(first))
                || urlsByPath.values().stream().anyMatch(u -> SafeUrls.encodePath(u).equals(prefix + path));
        return ours ? prefix + url : url;
    }

    private static int firstOf(String s, char a, char b) {
        int i = s.indexOf(a);
        int j = s.indexOf(b);
        if (i < 0) {
            return j < 0 ? s.length() : j;
        }
        return j < 0 ? i : Math.min(i, j);
    }

    /** Resolves "." and ".." segments; null when the path climbs out of the posts folder. */
    private static String normalize(String path) {
        String[] parts = path.split("/", -1);
        java.util.ArrayDeque<String> out = new java.util.ArrayDeque<>();
        for (String p : parts) {
            if (p.isEmpty() || p.equals(".")) {
                continue;
            }
            if (p.equals("..")) {
                if (out.isEmpty()) {
                    return null;
                }
                out.removeLast();
            } else {
                out.addLast(p);
            }
        }
        return String.join("/", out);
    }
}
