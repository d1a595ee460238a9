package org.nodeoslab.site.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The headers every answer carries, error pages included. The Content-Security-Policy allows what the pages use and
 * nothing else: scripts and styles from the site only (highlight.js and xterm.js are served by the site), the
 * emulator's WebAssembly ('wasm-unsafe-eval' compiles it; no JavaScript eval) and its module Worker, images from the
 * site, https (authors' avatars) and data: URLs; no plugins, no framing, forms and base URL only to the site.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class SecurityHeaders extends OncePerRequestFilter {

    static final String CSP = policy("'self' 'wasm-unsafe-eval'");

    /**
     * The pages that run the emulator (/emulator/, the labs): TeaVM's WebAssembly runtime builds its JavaScript glue
     * with {@code new Function} (emulator.wasm-runtime.js), which needs 'unsafe-eval' there and nowhere else.
     */
    static final String CSP_EMULATOR = policy("'self' 'wasm-unsafe-eval' 'unsafe-eval'");

    private static final java.util.List<String> EMULATOR_PATHS = java.util.List.of("/emulator/", "/labs/");

    private static String policy(String scripts) {
        return String.join("; ",
            "default-src 'self'",
            "script-src " + scripts,
            "worker-src 'self'",
            // xterm.js sets styles on its elements and adds a <style> for its cursor.
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' https: data:",
            "font-src 'self'",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getRequestURI();
        boolean emulator = EMULATOR_PATHS.stream().anyMatch(path::startsWith);
        response.setHeader("Content-Security-Policy", emulator ? CSP_EMULATOR : CSP);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "strict-origin-when-cross-origin");
        response.setHeader("X-Frame-Options", "DENY");
        chain.doFilter(request, response);
    }

    @Override
    protected boolean shouldNotFilterErrorDispatch() {
        return false;
    }
}
