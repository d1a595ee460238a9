package org.nodeoslab.site.web;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.nodeoslab.site.blog.Blog;
import org.nodeoslab.site.content.BlogSnapshot;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * The blog's pages (front door, lists, posts, feed) depend on nothing but the blog's snapshot, so each is rendered
 * once per snapshot and its bytes served from memory after that, with a strong ETag (a revalidation costs a 304).
 * A live reload makes a new snapshot, which starts an empty cache. Pages are cacheable only when their handler
 * says so ({@link #markCacheable}); everything else passes through untouched.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
public class RenderedPages extends OncePerRequestFilter {

    private static final String CACHEABLE = RenderedPages.class.getName() + ".cacheable";
    /** Pages kept per snapshot; a crawler walking invented addresses cannot grow it past this. */
    private static final int MAX_PAGES = 20_000;

    /** One rendered answer. */
    private record Page(String contentType, byte[] body, String etag) {
    }

    /** The pages of one snapshot: replaced, never cleared, so a request never mixes two snapshots. */
    private record Pages(BlogSnapshot snapshot, Map<String, Page> byPath) {
    }

    private final Blog blog;
    private volatile Pages pages;

    RenderedPages(Blog blog) {
        this.blog = blog;
    }

    /** Called by a handler whose answer depends only on the blog's snapshot (and the request's path and query). */
    static void markCacheable(HttpServletRequest request) {
        request.setAttribute(CACHEABLE, Boolean.TRUE);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        boolean get = "GET".equals(request.getMethod());
        if (!get && !"HEAD".equals(request.getMethod())) {
            chain.doFilter(request, response);
            return;
        }
        Pages current = current();
        String key = request.getQueryString() == null ? request.getRequestURI()
                : request.getRequestURI() + "?" + request.getQueryString();
        Page page = current.byPath().get(key);
        if (page != null) {
            write(page, request, response, get);
            return;
        }
        ContentCachingResponseWrapper capture = new ContentCachingResponseWrapper(response);
        chain.doFilter(request, capture);
        if (capture.getStatus() == 200 && Boolean.TRUE.equals(request.getAttribute(CACHEABLE))
                && capture.getContentType() != null && current.byPath().size() < MAX_PAGES) {
            byte[] body = capture.getContentAsByteArray();
            Page rendered = new Page(capture.getContentType(), body, etag(body));
            current.byPath().putIfAbsent(key, rendered);
            capture.setHeader("ETag", rendered.etag());
            capture.setHeader("Cache-Control", "no-cache");
        }
        capture.copyBodyToResponse();
    }

    private Pages current() {
        BlogSnapshot snapshot = blog.snapshot();
        Pages p = pages;
        if (p == null || p.snapshot() != snapshot) {
            p = new Pages(snapshot, new ConcurrentHashMap<>());
            pages = p;
        }
        return p;
    }

    private static void write(Page page, HttpServletRequest request, HttpServletResponse response, boolean body)
            throws IOException {
        response.setHeader("ETag", page.etag());
        response.setHeader("Cache-Control", "no-cache");
        String ifNoneMatch = request.getHeader("If-None-Match");
        if (ifNoneMatch != null && (ifNoneMatch.equals(page.etag()) || ifNoneMatch.contains(page.etag()))) {
            response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
            return;
        }
        response.setContentType(page.contentType());
        response.setContentLength(page.body().length);
        if (body) {
            response.getOutputStream().write(page.body());
        }
    }

    private static String etag(byte[] body) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
            return "\"" + HexFormat.of().formatHex(digest, 0, 16) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
