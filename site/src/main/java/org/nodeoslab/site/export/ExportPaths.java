package org.nodeoslab.site.export;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.springframework.web.util.UriUtils;

/**
 * Where a site address lives in a static export, by Jekyll's rule (which static hosts follow): {@code /a/} is
 * {@code a/index.html}, {@code /a/b.html} and {@code /feed.xml} are themselves, and a page at an address without
 * ".html" ({@code /blog/title}, {@code /blog/node.js-notes}) is {@code blog/title.html}. Whether an address is a page
 * is the server's answer (its Content-Type), never a guess from dots in the name: a kernel image at
 * {@code /emulator/image/bzImage} stays {@code bzImage}.
 */
public final class ExportPaths {

    private ExportPaths() {
    }

    /**
     * The file for a site-relative path (percent-encoded, maybe with ?query or #fragment); empty if unsafe.
     *
     * @param page the server answered with HTML: the file gets ".html" unless it has it
     */
    public static Optional<String> fileFor(String path, boolean page) {
        return relative(path).map(file -> {
            if (file.isEmpty() || file.endsWith("/")) {
                return file + "index.html";
            }
            return !page || file.endsWith(".html") || file.endsWith(".htm") ? file : file + ".html";
        });
    }

    /** The file for a link whose answer is not known: a page when the last name has no dot. */
    public static Optional<String> fileFor(String path) {
        return relative(path).flatMap(file -> fileFor(path, !file.substring(file.lastIndexOf('/') + 1).contains(".")));
    }

    /** The decoded path without its leading "/", query and fragment; empty if it could leave the export folder. */
    private static Optional<String> relative(String path) {
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
        return Optional.of(decoded.substring(1));
    }
}
