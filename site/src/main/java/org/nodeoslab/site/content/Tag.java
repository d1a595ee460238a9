package org.nodeoslab.site.content;

import java.util.List;

/** A tag as written in posts, its URL slug and its posts, newest first. */
public record Tag(String name, String slug, List<Post> posts) {

    public String getName() {
        return name;
    }

    public String getSlug() {
        return slug;
    }

    public static String encodedSlug(String slug) {
        return SafeUrls.encodePath(slug);
    }

    public List<Post> getPosts() {
        return posts;
    }

    public int getCount() {
        return posts.size();
    }
}
