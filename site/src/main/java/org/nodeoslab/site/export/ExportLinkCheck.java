package org.nodeoslab.site.export;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Walks every HTML and JavaScript file of an export and lists each internal link (a module import, for a script)
 * that does not lead to a file of the export.
 */
public final class ExportLinkCheck {

    private ExportLinkCheck() {
    }

    private static boolean exists(Path root, java.util.Optional<String> file) {
        return file.map(root::resolve).map(Files::isRegularFile).orElse(false);
    }

    /** One line per broken link: "page.html: /missing/". Empty when every link resolves. */
    public static List<String> brokenLinks(Path root) throws IOException {
        List<String> broken = new ArrayList<>();
        List<Path> pages;
        try (Stream<Path> files = Files.walk(root)) {
            // Files only: a pretty permalink of a dotted slug is a folder named like a page ("/posts/node.js/").
            pages = files.filter(f -> f.toString().endsWith(".html") || JsImports.isJavaScript(f.toString()))
                    .filter(Files::isRegularFile).sorted().toList();
        }
        for (Path page : pages) {
            String rel = root.relativize(page).toString().replace('\\', '/');
            String pagePath = "/" + (rel.endsWith("index.html") ? rel.substring(0, rel.length() - "index.html".length())
                    : rel);
            // Lenient decoding: a page is ours and UTF-8, but a check must never fail on the bytes it reads.
            String text = new String(Files.readAllBytes(page), StandardCharsets.UTF_8);
            for (String link : rel.endsWith(".html") ? HtmlLinks.of(text) : JsImports.of(text)) {
                String target = HtmlLinks.internalTarget(pagePath, link);
                if (target == null) {
                    continue;
                }
                boolean ok = exists(root, ExportPaths.fileFor(target, true)) || exists(root, ExportPaths.fileFor(target, false));
                if (!ok) {
                    broken.add(rel + ": " + link);
                }
            }
        }
        return broken;
    }
}
