package org.nodeoslab.site.web;

import java.util.List;

import org.nodeoslab.site.blog.Blog;
import org.nodeoslab.site.content.Post;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The front door: what NodeOS Lab offers, one card per {@link SiteSection} (labs, book, blog, emulator...), the
 * newcomer's first step, and the blog's latest titles last.
 */
@Controller
class HomeController {

    static final int LATEST_POSTS = 3;

    private final Blog blog;

    HomeController(Blog blog) {
        this.blog = blog;
    }

    @GetMapping("/")
    String home(Model model, jakarta.servlet.http.HttpServletRequest request) {
        RenderedPages.markCacheable(request);
        List<Post> latest = blog.snapshot().posts().stream().filter(p -> !p.isHidden()).limit(LATEST_POSTS).toList();
        model.addAttribute("latest", latest);
        model.addAttribute("section", "/");
        return "home";
    }
}
