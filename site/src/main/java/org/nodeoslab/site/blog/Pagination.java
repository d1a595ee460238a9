package org.nodeoslab.site.blog;

import java.util.List;
import java.util.Optional;

import org.nodeoslab.site.content.Post;

/** One page of the blog's list: page 1 at the blog's index, page n at paginate_path (jekyll-paginate's rule). */
public record Pagination(List<Post> posts, int number, int total, BlogPaths paths) {

    /** Page {@code number} (1-based) of {@code all}, empty when there is no such page. Page 1 always exists. */
    public static Optional<Pagination> of(List<Post> all, int size, int number, BlogPaths paths) {
        int total = pages(all.size(), size);
        if (number < 1 || number > total) {
            return Optional.empty();
        }
        int from = (number - 1) * size;
        return Optional.of(new Pagination(all.subList(from, Math.min(all.size(), from + size)), number, total, paths));
    }

    public static int pages(int posts, int size) {
        return Math.max(1, (posts + size - 1) / size);
    }

    /** Address of this page. */
    public String getUrl() {
        return paths.page(number);
    }

    /** Address of the newer page, or null on page 1. */
    public String getNewerUrl() {
        return number > 1 ? paths.page(number - 1) : null;
    }

    /** Address of the older page, or null on the last. */
    public String getOlderUrl() {
        return number < total ? paths.page(number + 1) : null;
    }

    public List<Post> getPosts() {
        return posts;
    }

    public int getNumber() {
        return number;
    }

    public int getTotal() {
        return total;
    }
}
