package org.nodeoslab.site.content;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Everything loaded from the posts folder at one moment: the posts (newest first), their indexes, and the files
 * that could not be loaded. Immutable, so a request reads one consistent state while a reload builds the next.
 */
public final class BlogSnapshot {

    private final List<Post> posts;
    private final List<ContentException> errors;
    private final List<ContentException> warnings;
    private final Map<String, Post> byUrl = new LinkedHashMap<>();
    private final Map<String, Post> legacyUrls = new LinkedHashMap<>();
    private final Map<String, ContentException> errorsByUrl;
    private final Map<String, Tag> tags;
    private final Map<Integer, List<Post>> years;

    BlogSnapshot(List<Post> newestFirst, List<ContentException> errors, List<ContentException> warnings,
                 Map<String, ContentException> errorsByUrl, String prefix) {
        this.posts = List.copyOf(newestFirst);
        this.errors = List.copyOf(errors);
        this.warnings = List.copyOf(warnings);
        this.errorsByUrl = Map.copyOf(errorsByUrl);
        for (Post p : posts) {
            byUrl.put(p.getUrl(), p);
        }
        for (Post p : posts) {
            // /blog/:title is what NodeOS's own blog used: keep those links working whatever the permalink setting.
            String legacy = "/blog/" + p.getFileTitle();
            if (!byUrl.containsKey(legacy)) {
                legacyUrls.putIfAbsent(legacy, p);
            }
            // Under a prefix (/blog), the address the post had before the blog moved there.
            if (!prefix.isEmpty() && p.getUrl().startsWith(prefix + "/")) {
                String before = p.getUrl().substring(prefix.length());
                if (!byUrl.containsKey(before)) {
                    legacyUrls.putIfAbsent(before, p);
                }
            }
        }
        Map<String, String> tagNames = new TreeMap<>();
        Map<String, List<Post>> tagPosts = new TreeMap<>();
        Map<Integer, List<Post>> byYear = new TreeMap<>(Collections.reverseOrder());
        for (Post p : posts) {
            for (String t : p.getTags()) {
                String slug = Slugs.slugify(t);
                if (slug.isEmpty()) {
                    continue;
                }
                tagNames.putIfAbsent(slug, t);
                List<Post> list = tagPosts.computeIfAbsent(slug, k -> new ArrayList<>());
                if (!list.contains(p)) {
                    list.add(p);
                }
            }
            byYear.computeIfAbsent(p.getYear(), y -> new ArrayList<>()).add(p);
        }
        Map<String, Tag> t = new LinkedHashMap<>();
        tagPosts.forEach((slug, list) -> t.put(slug, new Tag(tagNames.get(slug), slug, List.copyOf(list))));
        this.tags = Collections.unmodifiableMap(t);
        Map<Integer, List<Post>> y = new LinkedHashMap<>();
        byYear.forEach((year, list) -> y.put(year, List.copyOf(list)));
        this.years = Collections.unmodifiableMap(y);
    }

    /** Visible posts, newest first. */
    public List<Post> posts() {
        return posts;
    }

    /** What Jekyll would only warn about (a post without a title), each naming file and line. */
    public List<ContentException> warnings() {
        return warnings;
    }

    /** Files that could not be loaded, each naming file, line and problem. */
    public List<ContentException> errors() {
        return errors;
    }

    public Optional<Post> postAt(String url) {
        return Optional.ofNullable(byUrl.get(url));
    }

    /** A post reached by its old {@code /blog/:title} address. */
    public Optional<Post> legacyPostAt(String url) {
        return Optional.ofNullable(legacyUrls.get(url));
    }

    public Map<String, Post> legacyUrls() {
        return Collections.unmodifiableMap(legacyUrls);
    }

    /** The error of a broken post file, at the address the post would have had. */
    public Optional<ContentException> errorAt(String url) {
        return Optional.ofNullable(errorsByUrl.get(url));
    }

    /** Tags by slug, alphabetical. */
    public Map<String, Tag> tags() {
        return tags;
    }

    /** Posts by year, newest year first. */
    public Map<Integer, List<Post>> years() {
        return years;
    }

    /** The post after this one in time, or null. */
    public Post newer(Post p) {
        int i = posts.indexOf(p);
        return i > 0 ? posts.get(i - 1) : null;
    }

    /** The post before this one in time, or null. */
    public Post older(Post p) {
        int i = posts.indexOf(p);
        return i >= 0 && i < posts.size() - 1 ? posts.get(i + 1) : null;
    }
}
