package org.nodeoslab.site.web;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import org.nodeoslab.site.blog.Blog;
import org.nodeoslab.site.content.BlogSnapshot;
import org.nodeoslab.site.content.ContentException;
import org.nodeoslab.site.content.Post;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.view.RedirectView;
import org.springframework.web.util.ServletRequestPathUtils;
import org.springframework.web.util.UriUtils;

/**
 * Posts, at whatever address the permalink setting gives them. Every address no other controller or static file
 * claims comes here and is looked up in the blog's index (never on disk): a post, an old {@code /blog/:title}
 * address (redirected), a broken post's error page, or the 404 page.
 */
@Controller
class PostController {

    private final Blog blog;

    PostController(Blog blog) {
        this.blog = blog;
    }

    @GetMapping("/**")
    ModelAndView post(HttpServletRequest request) {
        String path = UriUtils.decode(ServletRequestPathUtils.getParsedRequestPath(request)
                .pathWithinApplication().value(), StandardCharsets.UTF_8);
        BlogSnapshot snapshot = blog.snapshot();
        Optional<Post> post = snapshot.postAt(path);
        if (post.isPresent()) {
            ModelAndView page = new ModelAndView("post");
            page.addObject("post", post.get());
            page.addObject("newer", snapshot.newer(post.get()));
            page.addObject("older", snapshot.older(post.get()));
            return page;
        }
        Optional<Post> moved = snapshot.legacyPostAt(path);
        if (moved.isPresent()) {
            RedirectView redirect = new RedirectView(moved.get().getHref());
            redirect.setStatusCode(HttpStatus.MOVED_PERMANENTLY);
            return new ModelAndView(redirect);
        }
        Optional<ContentException> broken = snapshot.errorAt(path);
        if (broken.isPresent()) {
            ModelAndView page = new ModelAndView("content-error", HttpStatus.INTERNAL_SERVER_ERROR);
            page.addObject("error", broken.get());
            return page;
        }
        throw new PageNotFound(path);
    }
}
