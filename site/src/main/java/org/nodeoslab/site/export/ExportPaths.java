package org.nodeoslab.site.export;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.springframework.web.util.UriUtils;

/**
 * Where a site address lives in a static export, by Jekyll's rule (which static hosts follow): {@code /a/} is
 * {@code a/index.html}, {@code /a/b.html} and {@code /feed.xml} are themselves, and an address without an extension
 * ({@code /blog/title}) is {@code blog/title.html}.
 */
public final class ExportPaths {

    private ExportPaths() {
    }

    /** The file for a site-relative path (percent-encoded, maybe with ?query or #fragment); empty if unsafe. */
    public static Optional<String> fileFor(String path) {
        int cut = path.length();
        for (char c : new char[] {'?', '#'}) {
            int i = path.indexOf(c);
            if (i >= 0) {
                cut = Math.min(cut, i);
            }
        }
        String decoded;
        try {
            decoded = UriUtils.decode(path.substring(0, cut), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (!decoded.startsWith("/") || decoded.contains("\\") || decoded.indexOf('\0') >= 0) {
            return Optional.empty();
        }
        for (String segment : decoded.split("/")) {
            if (segment.equals("..") || segment.equals(".")) {
                return Optional.empty();
            }
        }
        String file = decoded.substring(1);
        if (file.isEmpty() || file.endsWith("/")) {
            return Optional.of(file + "index.html");
        }
        String last = file.substring(file.lastIndexOf('/') + 1);
        return Optional.of(last.contains(".") ? file : file + ".html");
    }
}
