package org.nodeoslab.site.web;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import org.nodeoslab.site.blog.Blog;
import org.nodeoslab.site.blog.BlogConfig;
import org.nodeoslab.site.blog.BlogPaths;
import org.nodeoslab.site.blog.Pagination;
import org.nodeoslab.site.content.BlogSnapshot;
import org.nodeoslab.site.content.Post;
import org.nodeoslab.site.content.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.view.RedirectView;

/**
 * The blog's list pages, at the addresses {@link BlogPaths} gives (so they move with the blog's prefix and
 * paginate_path): the paginated list, the archive by year, the tags. {@link BlogHandlerMapping} asks here.
 */
@Component
class BlogController {

    private final Blog blog;
    private final BlogConfig config;
    private final BlogPaths paths;

    BlogController(Blog blog, BlogConfig config) {
        this.blog = blog;
        this.config = config;
        this.paths = config.paths();
    }

    /** The page at {@code path} (decoded), or null when it is none of the blog's list pages. */
    ModelAndView page(String path, BlogSnapshot snapshot) {
        if (path.equals(paths.index())) {
            return list(1, snapshot);
        }
        OptionalInt n = paths.pageAt(path);
        if (n.isPresent()) {
            return list(n.getAsInt(), snapshot);
        }
        if (path.equals(paths.archive())) {
            return view("archive", paths.archive()).addObject("years", snapshot.years());
        }
        if (path.startsWith(paths.archive())) {
            String year = path.substring(paths.archive().length());
            List<Post> posts = year.matches("\\d{1,4}/") ? snapshot.years().get(Integer.parseInt(year.substring(0, year.length() - 1))) : null;
            if (posts != null) {
                int y = Integer.parseInt(year.substring(0, year.length() - 1));
                return view("archive", paths.archive()).addObject("years", Map.of(y, posts)).addObject("year", y);
            }
            return null;
        }
        if (path.equals(paths.tags())) {
            return view("tags", paths.tags()).addObject("tags", snapshot.tags().values());
        }
        if (path.startsWith(paths.tags()) && path.endsWith("/")) {
            Tag tag = snapshot.tags().get(path.substring(paths.tags().length(), path.length() - 1));
            return tag == null ? null : view("tag", paths.tags()).addObject("tag", tag);
        }
        return moved(path, snapshot);
    }

    private ModelAndView list(int number, BlogSnapshot snapshot) {
        return Pagination.of(snapshot.posts(), config.pageSize(), number, paths)
                .map(page -> view("blog", paths.index()).addObject("page", page)
                        .addObject("errors", snapshot.errors()).addObject("warnings", snapshot.warnings()))
                .orElse(null);
    }

    /** The blog's list pages before it moved under its prefix (/archive/, /tags/x/, /page/2/): a permanent redirect. */
    private ModelAndView moved(String path, BlogSnapshot snapshot) {
        String index = paths.index();
        boolean old = path.startsWith("/archive/") || path.startsWith("/tags/") || path.matches("/page/[0-9]+/");
        if (!old || index.equals("/") || path.startsWith(index)) {
            return null;
        }
        String now = path.matches("/page/[0-9]+/") ? paths.page(Integer.parseInt(path.replaceAll("\\D", "")))
                : index + path.substring(1);
        if (now.equals(path) || page(now, snapshot) == null) {
            return null;
        }
        RedirectView redirect = new RedirectView(org.nodeoslab.site.content.SafeUrls.encodePath(now));
        redirect.setStatusCode(HttpStatus.MOVED_PERMANENTLY);
        return new ModelAndView(redirect);
    }

    private ModelAndView view(String template, String section) {
        ModelAndView page = new ModelAndView(template);
        page.addObject("section", paths.index());
        page.addObject("blogPage", section);
        return page;
    }
}
