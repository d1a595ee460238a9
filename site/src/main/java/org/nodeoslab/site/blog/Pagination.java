package org.nodeoslab.site.blog;

import java.util.List;
import java.util.Optional;

import org.nodeoslab.site.content.Post;

/**
 * One page of the home page's list: page 1 is "/", page n is "/page/n/" (jekyll-paginate's idea, one folder per
 * page so the static export needs no server rules).
 */
public record Pagination(List<Post> posts, int number, int total) {

    /** Page {@code number} (1-based) of {@code all}, empty when there is no such page. Page 1 always exists. */
    public static Optional<Pagination> of(List<Post> all, int size, int number) {
        int total = Math.max(1, (all.size() + size - 1) / size);
        if (number < 1 || number > total) {
            return Optional.empty();
        }
        int from = (number - 1) * size;
        return Optional.of(new Pagination(all.subList(from, Math.min(all.size(), from + size)), number, total));
    }

    public static String url(int number) {
        return number == 1 ? "/" : "/page/" + number + "/";
    }

    /** Address of the newer page, or null on page 1. */
    public String getNewerUrl() {
        return number > 1 ? url(number - 1) : null;
    }

    /** Address of the older page, or null on the last. */
    public String getOlderUrl() {
        return number < total ? url(number + 1) : null;
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
