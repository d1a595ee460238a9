package org.nodeoslab.site.content;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a blog's files are, for the two layouts the site reads: a Jekyll site's folder ({@code _config.yml},
 * {@code _posts/}, {@code _drafts/}, static folders such as {@code assets/}), given as the site folder or as its
 * {@code _posts} folder; or this repository's {@code posts/}, which holds the posts themselves with
 * {@code _drafts/}, {@code assets/} and an optional {@code _config.yml} inside it.
 *
 * @param root   the Jekyll site's folder: _config.yml and the static folders are here
 * @param posts  the folder of dated posts
 * @param drafts the drafts folder (may not exist)
 */
public record JekyllSite(Path root, Path posts, Path drafts) {

    public static final String POSTS = "_posts";
    public static final String DRAFTS = "_drafts";

    public static JekyllSite at(Path folder) {
        Path dir = folder.toAbsolutePath().normalize();
        if (Files.isDirectory(dir.resolve(POSTS))) {
            return new JekyllSite(dir, dir.resolve(POSTS), dir.resolve(DRAFTS));
        }
        if (dir.getFileName() != null && dir.getFileName().toString().equals(POSTS) && dir.getParent() != null) {
            return new JekyllSite(dir.getParent(), dir, dir.getParent().resolve(DRAFTS));
        }
        return new JekyllSite(dir, dir, dir.resolve(DRAFTS));
    }

    /**
     * The site's folders served as files at the blog's prefix ({@code assets}, {@code images}...): Jekyll copies
     * every folder whose name does not start with "_" or ".". The posts folder itself is never one.
     */
    public java.util.Set<String> staticFolders() {
        java.util.Set<String> out = new java.util.TreeSet<>();
        // The posts folder layout's documented folder: links into it are rewritten even before it exists.
        out.add("assets");
        try (var list = Files.list(root)) {
            list.filter(Files::isDirectory).filter(d -> !d.equals(posts) && !d.equals(drafts))
                    .map(d -> d.getFileName().toString())
                    .filter(n -> !n.startsWith("_") && !n.startsWith(".") && !n.equals("node_modules"))
                    .forEach(out::add);
        } catch (java.io.IOException e) {
            return java.util.Set.of();
        }
        return out;
    }

    public Path config() {
        return root.resolve(JekyllConfig.FILE);
    }

    /** How messages name a file of this site: relative to the root's parent, e.g. posts/_drafts/x.md. */
    public String display(Path file) {
        Path base = root.getParent() == null ? root : root.getParent();
        return base.relativize(file.toAbsolutePath().normalize()).toString().replace('\\', '/');
    }
}
