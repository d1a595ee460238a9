package org.nodeoslab.site.web;

import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletRequest;
import org.nodeoslab.site.blog.Blog;
import org.nodeoslab.site.blog.BlogConfig;
import org.nodeoslab.site.content.BlogSnapshot;
import org.springframework.stereotype.Component;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.handler.AbstractHandlerMapping;
import org.springframework.web.util.ServletRequestPathUtils;
import org.springframework.web.util.UriUtils;

/**
 * Routes a GET to the blog when it has a page at that address: a list page, a post, an old address of one. Posts
 * can live at any address a permalink pattern makes, so no fixed URL pattern could route them; asking the blog
 * instead leaves every other address to the usual Spring MVC chain: controllers before this mapping, static files
 * (classpath:/static/, jars' META-INF/resources/) after it. The page is resolved once, here, against one snapshot.
 */
@Component
class BlogHandlerMapping extends AbstractHandlerMapping {

    private static final String RESOLVED = BlogHandlerMapping.class.getName() + ".page";

    private final Blog blog;
    private final BlogController lists;
    private final PostController posts;
    private final HandlerMethod handler;
    private final HandlerMethod feed;
    private final String feedPath;

    BlogHandlerMapping(Blog blog, BlogController lists, PostController posts, FeedController feeds,
                       BlogConfig config) throws NoSuchMethodException {
        this.blog = blog;
        this.lists = lists;
        this.posts = posts;
        this.handler = new HandlerMethod(this, BlogHandlerMapping.class.getDeclaredMethod("resolved",
                HttpServletRequest.class));
        this.feed = new HandlerMethod(feeds, FeedController.class.getDeclaredMethod("feed"));
        this.feedPath = config.paths().feed();
        // After the annotated controllers (order 0), before the static resource handlers (lowest precedence - 1).
        setOrder(1);
    }

    @Override
    protected Object getHandlerInternal(HttpServletRequest request) {
        if (!"GET".equals(request.getMethod()) && !"HEAD".equals(request.getMethod())) {
            return null;
        }
        String path = sitePath(request);
        if (path.equals(feedPath)) {
            RenderedPages.markCacheable(request);
            return feed;
        }
        BlogSnapshot snapshot = blog.snapshot();
        ModelAndView page = posts.post(path, snapshot);
        if (page == null) {
            page = lists.page(path, snapshot);
        }
        if (page == null) {
            return null;
        }
        request.setAttribute(RESOLVED, page);
        RenderedPages.markCacheable(request);
        return handler;
    }

    /** The handler: the page the mapping resolved. */
    ModelAndView resolved(HttpServletRequest request) {
        return (ModelAndView) request.getAttribute(RESOLVED);
    }

    /** The request's path inside the site, percent-decoded, as permalinks are written. */
    static String sitePath(HttpServletRequest request) {
        String raw = ServletRequestPathUtils.hasParsedRequestPath(request)
                ? ServletRequestPathUtils.getParsedRequestPath(request).pathWithinApplication().value()
                : ServletRequestPathUtils.parseAndCache(request).pathWithinApplication().value();
        return UriUtils.decode(raw, StandardCharsets.UTF_8);
    }
}
