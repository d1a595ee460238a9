package org.nodeoslab.site.web;

import java.util.List;

import org.nodeoslab.site.SiteProperties;
import org.nodeoslab.site.blog.Blog;
import org.nodeoslab.site.blog.Pagination;
import org.nodeoslab.site.content.BlogSnapshot;
import org.nodeoslab.site.content.Post;
import org.nodeoslab.site.content.Tag;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/** The blog's list pages: home (paginated), archive by year, tags. */
@Controller
class BlogController {

    private final Blog blog;
    private final SiteProperties site;

    BlogController(Blog blog, SiteProperties site) {
        this.blog = blog;
        this.site = site;
    }

    @GetMapping("/")
    String home(Model model) {
        return page(1, model);
    }

    @GetMapping("/page/{number}/")
    String page(@PathVariable String number, Model model) {
        if (!number.matches("[2-9]|[1-9][0-9]{1,5}")) {
            throw new PageNotFound("/page/" + number + "/");
        }
        return page(Integer.parseInt(number), model);
    }

    private String page(int number, Model model) {
        BlogSnapshot snapshot = blog.snapshot();
        Pagination page = Pagination.of(snapshot.posts(), site.pageSize(), number)
                .orElseThrow(() -> new PageNotFound(Pagination.url(number)));
        model.addAttribute("page", page);
        model.addAttribute("errors", snapshot.errors());
        model.addAttribute("section", "/");
        return "home";
    }

    @GetMapping("/archive/")
    String archive(Model model) {
        model.addAttribute("years", blog.snapshot().years());
        model.addAttribute("section", "/archive/");
        return "archive";
    }

    @GetMapping("/archive/{year}/")
    String archiveYear(@PathVariable String year, Model model) {
        List<Post> posts = year.matches("\\d{1,4}") ? blog.snapshot().years().get(Integer.parseInt(year)) : null;
        if (posts == null) {
            throw new PageNotFound("/archive/" + year + "/");
        }
        model.addAttribute("years", java.util.Map.of(Integer.parseInt(year), posts));
        model.addAttribute("year", Integer.parseInt(year));
        model.addAttribute("section", "/archive/");
        return "archive";
    }

    @GetMapping("/tags/")
    String tags(Model model) {
        model.addAttribute("tags", blog.snapshot().tags().values());
        model.addAttribute("section", "/tags/");
        return "tags";
    }

    @GetMapping("/tags/{slug}/")
    String tag(@PathVariable String slug, Model model) {
        Tag tag = blog.snapshot().tags().get(slug);
        if (tag == null) {
            throw new PageNotFound("/tags/" + slug + "/");
        }
        model.addAttribute("tag", tag);
        model.addAttribute("section", "/tags/");
        return "tag";
    }
}
