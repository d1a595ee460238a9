package org.nodeoslab.site.web;

import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletRequest;
import org.nodeoslab.site.blog.Blog;
import org.nodeoslab.site.content.BlogSnapshot;
import org.springframework.stereotype.Component;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.handler.AbstractHandlerMapping;
import org.springframework.web.util.ServletRequestPathUtils;
import org.springframework.web.util.UriUtils;

/**
 * Routes a GET to {@link PostController} when the blog has a post (or an old address of one, or a broken post) at
 * that address. Posts can live at any address a permalink pattern makes, so no fixed URL pattern could route them;
 * looking the address up in the blog's index instead leaves every other address to the usual Spring MVC chain:
 * controllers before this mapping, static files (classpath:/static/, jars' META-INF/resources/) after it.
 */
@Component
class PostHandlerMapping extends AbstractHandlerMapping {

    private final Blog blog;
    private final HandlerMethod handler;

    PostHandlerMapping(Blog blog, PostController controller) throws NoSuchMethodException {
        this.blog = blog;
        this.handler = new HandlerMethod(controller, PostController.class.getDeclaredMethod("post",
                HttpServletRequest.class));
        // After the annotated controllers (order 0), before the static resource handlers (lowest precedence - 1).
        setOrder(1);
    }

    @Override
    protected Object getHandlerInternal(HttpServletRequest request) {
        if (!"GET".equals(request.getMethod()) && !"HEAD".equals(request.getMethod())) {
            return null;
        }
        String path = sitePath(request);
        BlogSnapshot snapshot = blog.snapshot();
        boolean known = snapshot.postAt(path).isPresent() || snapshot.legacyPostAt(path).isPresent()
                || snapshot.errorAt(path).isPresent();
        return known ? handler : null;
    }

    /** The request's path inside the site, percent-decoded, as permalinks are written. */
    static String sitePath(HttpServletRequest request) {
        String raw = ServletRequestPathUtils.hasParsedRequestPath(request)
                ? ServletRequestPathUtils.getParsedRequestPath(request).pathWithinApplication().value()
                : ServletRequestPathUtils.parseAndCache(request).pathWithinApplication().value();
        return UriUtils.decode(raw, StandardCharsets.UTF_8);
    }
}
