package org.nodeoslab.site.web;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.ServletRequestPathUtils;

/**
 * {@code /emulator} answers with a redirect to {@code /emulator/} when the slash form is a page: a section, a
 * controller's page (the labs' /labs/x/) or one of the blog's. Asked only for an address that found nothing.
 */
@Component
class SlashRedirect {

    private final List<HandlerMapping> pages;

    SlashRedirect(RequestMappingHandlerMapping controllers, BlogHandlerMapping blog) {
        this.pages = List.of(controllers, blog);
    }

    /** The address to redirect to, or null. */
    String target(HttpServletRequest request) {
        String uri = request.getRequestURI();
        if (!"GET".equals(request.getMethod()) && !"HEAD".equals(request.getMethod()) || uri.endsWith("/")
                || uri.substring(uri.lastIndexOf('/') + 1).contains(".")) {
            return null;
        }
        String slash = uri + "/";
        HttpServletRequest probe = new Probe(request, slash);
        ServletRequestPathUtils.parseAndCache(probe);
        for (HandlerMapping mapping : pages) {
            try {
                if (mapping.getHandler(probe) != null) {
                    String query = request.getQueryString();
                    return query == null ? slash : slash + "?" + query;
                }
            } catch (Exception e) {
                return null;
            }
        }
        return null;
    }

    /** The same request at another address, with attributes of its own so the real request is left as it was. */
    private static final class Probe extends HttpServletRequestWrapper {
        private final String uri;
        private final Map<String, Object> attributes = new HashMap<>();

        Probe(HttpServletRequest request, String uri) {
            super(request);
            this.uri = uri;
        }

        @Override
        public String getRequestURI() {
            return uri;
        }

        @Override
        public String getServletPath() {
            return uri.substring(getContextPath().length());
        }

        @Override
        public String getPathInfo() {
            return null;
        }

        @Override
        public Object getAttribute(String name) {
            if (name.startsWith("jakarta.servlet.") || name.startsWith("javax.servlet.")) {
                return super.getAttribute(name);
            }
            return attributes.get(name);
        }

        @Override
        public void setAttribute(String name, Object value) {
            attributes.put(name, value);
        }

        @Override
        public void removeAttribute(String name) {
            attributes.remove(name);
        }

    }
}
