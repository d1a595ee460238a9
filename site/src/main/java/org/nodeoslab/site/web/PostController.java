package org.nodeoslab.site.web;

import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import org.nodeoslab.site.blog.Blog;
import org.nodeoslab.site.content.BlogSnapshot;
import org.nodeoslab.site.content.ContentException;
import org.nodeoslab.site.content.Post;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.view.RedirectView;

/**
 * Posts, at whatever address the permalink setting gives them: a post, an old {@code /blog/:title} address
 * (redirected), or a broken post's error page. {@link PostHandlerMapping} sends a request here only when the blog
 * has something at its address, so every other address stays free for static files and other sections.
 */
@Controller
class PostController {

    private final Blog blog;

    PostController(Blog blog) {
        this.blog = blog;
    }

    ModelAndView post(HttpServletRequest request) {
        String path = PostHandlerMapping.sitePath(request);
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
        // The snapshot changed between the mapping's look-up and this one (a live reload).
        throw new PageNotFound(path);
    }
}
