package org.nodeoslab.site.web;

import java.util.Optional;

import org.nodeoslab.site.blog.BlogConfig;
import org.nodeoslab.site.content.BlogSnapshot;
import org.nodeoslab.site.content.ContentException;
import org.nodeoslab.site.content.Post;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.view.RedirectView;

/**
 * Posts, at whatever address the permalink setting gives them: a post, an old address of one (redirected), or, in
 * preview mode, a broken post's error page. {@link BlogHandlerMapping} asks here.
 */
@Component
class PostController {

    private final BlogConfig config;

    PostController(BlogConfig config) {
        this.config = config;
    }

    /** The page at {@code path} (decoded), or null when the blog has nothing there. */
    ModelAndView post(String path, BlogSnapshot snapshot) {
        Optional<Post> post = snapshot.postAt(path);
        if (post.isPresent()) {
            ModelAndView page = new ModelAndView("post");
            page.addObject("post", post.get());
            page.addObject("newer", snapshot.newer(post.get()));
            page.addObject("older", snapshot.older(post.get()));
            page.addObject("section", config.paths().index());
            return page;
        }
        Optional<Post> moved = snapshot.legacyPostAt(path);
        if (moved.isPresent()) {
            RedirectView redirect = new RedirectView(moved.get().getHref());
            redirect.setStatusCode(HttpStatus.MOVED_PERMANENTLY);
            return new ModelAndView(redirect);
        }
        // A reader of the published site gets the 404 page; the author (preview) sees why the post is missing.
        Optional<ContentException> broken = config.settings().preview() ? snapshot.errorAt(path) : Optional.empty();
        if (broken.isPresent()) {
            ModelAndView page = new ModelAndView("content-error", HttpStatus.INTERNAL_SERVER_ERROR);
            page.addObject("error", broken.get());
            return page;
        }
        return null;
    }
}
