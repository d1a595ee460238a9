package org.nodeoslab.site.content;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * Rewrites the relative links of one post as an author writes them beside the file (so they also work when the
 * Markdown is read on GitHub): {@code 2016-03-03-x.md} becomes that post's address, {@code assets/a.png} (or
 * {@code ../assets/a.png} from a draft) becomes {@code /assets/a.png}. Absolute, anchor-only and scheme links, and
 * anything that leaves the posts folder, are left as written.
 */
final class PostLinks implements MarkdownRenderer.LinkRewriter {

    private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:");

    private final String folder;
    private final Map<String, String> urlsByPath;
    private final Map<String, String> urlsByName;

    /**
     * @param sourcePath the post's path inside the posts folder, e.g. {@code _drafts/x.md}
     * @param urlsByPath post addresses by path inside the posts folder
     * @param urlsByName post addresses by bare file name, for names that are unique
     */
    PostLinks(String sourcePath, Map<String, String> urlsByPath, Map<String, String> urlsByName) {
        int slash = sourcePath.lastIndexOf('/');
        this.folder = slash < 0 ? "" : sourcePath.substring(0, slash + 1);
        this.urlsByPath = urlsByPath;
        this.urlsByName = urlsByName;
    }

    @Override
    public String apply(String url) {
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
        if (inPosts.startsWith("assets/")) {
            return "/" + inPosts + rest;
        }
        return url;
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
