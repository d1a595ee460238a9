package org.nodeoslab.site.export;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.nodeoslab.site.blog.Blog;
import org.nodeoslab.site.blog.BlogConfig;
import org.nodeoslab.site.blog.BlogPages;
import org.nodeoslab.site.content.BlogSnapshot;
import org.nodeoslab.site.content.ContentException;
import org.nodeoslab.site.content.SafeUrls;
import org.nodeoslab.site.feed.Sitemap;
import org.springframework.stereotype.Service;
import org.springframework.web.util.HtmlUtils;

/**
 * Writes the whole site as static files by asking the running site for every page, exactly as a browser would,
 * and following every internal link from there; so the export is what the server serves, byte for byte, but for
 * the Content-Security-Policy header, which each page carries as a meta element ({@link ExportCsp}). A post
 * that cannot be read, or a link to nothing, fails the export.
 */
@Service
public class StaticExport {

    /** Left in an export folder, so a later export may empty it and never deletes a folder it did not write. */
    static final String MARKER = ".nodeoslab-export";

    private final Blog blog;
    private final BlogConfig config;
    private final List<ExportedFiles> extraFiles;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10)).build();

    public StaticExport(Blog blog, BlogConfig config, List<ExportedFiles> extraFiles) {
        this.blog = blog;
        this.config = config;
        this.extraFiles = extraFiles;
    }

    /** What was written. */
    public record Result(Path folder, int files, long bytes, Duration time) {
    }

    /**
     * @param server the running site, e.g. http://127.0.0.1:43121
     * @param folder where to write; created, or emptied when it holds an earlier export
     */
    public Result export(URI server, Path folder) throws ExportFailed, IOException {
        long start = System.nanoTime();
        BlogSnapshot snapshot = blog.snapshot();
        if (!snapshot.errors().isEmpty()) {
            throw new ExportFailed(snapshot.errors().stream().map(ContentException::getMessage)
                    .collect(Collectors.joining("\n")));
        }
        List<String> refused = extraFiles.stream().flatMap(e -> e.problems().stream()).toList();
        if (!refused.isEmpty()) {
            throw new ExportFailed(String.join("\n", refused));
        }
        prepare(folder);
        Deque<String> queue = new ArrayDeque<>();
        Set<String> seen = new LinkedHashSet<>();
        enqueue("/", queue, seen);
        for (Sitemap.Entry page : BlogPages.all(snapshot, config)) {
            enqueue(page.path(), queue, seen);
        }
        for (String file : List.of(config.paths().feed(), "/sitemap.xml", "/robots.txt")) {
            enqueue(file, queue, seen);
        }
        for (ExportedFiles extra : extraFiles) {
            extra.paths().forEach(file -> enqueue(file, queue, seen));
        }
        List<String> problems = new ArrayList<>();
        Map<String, String> linkedFrom = new HashMap<>();
        int files = 0;
        long bytes = 0;
        while (!queue.isEmpty()) {
            String path = queue.poll();
            HttpResponse<byte[]> response = get(server, path);
            int status = response.statusCode();
            String location = response.headers().firstValue("Location").orElse(null);
            byte[] body;
            if (status == 200) {
                body = response.body();
            } else if ((status == 301 || status == 302) && location != null && location.startsWith("/")) {
                body = redirectPage(location).getBytes(StandardCharsets.UTF_8);
                enqueue(location, queue, seen);
            } else {
                problems.add(path + ": HTTP " + status + " (linked from " + linkedFrom.getOrDefault(path, "the list of pages") + ")");
                continue;
            }
            // A page by the server's Content-Type (a redirect is written as a page), anything else as its bytes.
            boolean page = status != 200
                    || response.headers().firstValue("Content-Type").orElse("").startsWith("text/html");
            String file = ExportPaths.fileFor(path, page).orElseThrow();
            if (status == 200 && page) {
                body = withPolicy(body, response);
            }
            bytes += write(folder, file, body);
            files++;
            String contentType = response.headers().firstValue("Content-Type").orElse("");
            if (status == 200 && (page || JsImports.isJavaScript(contentType))) {
                String text = new String(body, StandardCharsets.UTF_8);
                for (String link : page ? HtmlLinks.of(text) : JsImports.of(text)) {
                    String target = HtmlLinks.internalTarget(path, link);
                    if (target != null && !seen.contains(target)) {
                        linkedFrom.putIfAbsent(target, path);
                        enqueue(target, queue, seen);
                    }
                }
            }
        }
        // Old /blog/:title addresses: static hosts cannot redirect, so a page that does.
        for (var legacy : snapshot.legacyUrls().entrySet()) {
            bytes += write(folder, ExportPaths.fileFor(SafeUrls.encodePath(legacy.getKey()), true).orElseThrow(),
                    redirectPage(legacy.getValue().getHref()).getBytes(StandardCharsets.UTF_8));
            files++;
        }
        // Static hosts answer unknown addresses with /404.html.
        HttpResponse<byte[]> missing = get(server, "/404.html");
        bytes += write(folder, "404.html", withPolicy(missing.body(), missing));
        files++;
        if (!problems.isEmpty()) {
            throw new ExportFailed(String.join("\n", problems));
        }
        List<String> broken = ExportLinkCheck.brokenLinks(folder);
        if (!broken.isEmpty()) {
            throw new ExportFailed("links to nothing in the export:\n" + String.join("\n", broken));
        }
        return new Result(folder, files, bytes, Duration.ofNanos(System.nanoTime() - start));
    }

    /** A page with the Content-Security-Policy header the server sent for it, as a static host cannot send it. */
    private static byte[] withPolicy(byte[] html, HttpResponse<byte[]> response) {
        return response.headers().firstValue("Content-Security-Policy")
                .map(policy -> ExportCsp.addMeta(new String(html, StandardCharsets.UTF_8), policy)
                        .getBytes(StandardCharsets.UTF_8))
                .orElse(html);
    }

    private static void enqueue(String path, Deque<String> queue, Set<String> seen) {
        if (seen.add(path)) {
            queue.add(path);
        }
    }

    private HttpResponse<byte[]> get(URI server, String path) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(server.resolve(path)).timeout(Duration.ofSeconds(30)).GET()
                .build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while fetching " + path, e);
        }
    }

    /** A page that sends the browser on to {@code target}; it loads nothing, so its policy allows nothing. */
    private static String redirectPage(String target) {
        String t = HtmlUtils.htmlEscape(target);
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; base-uri 'none'\">"
                + "<title>Moved</title>"
                + "<link rel=\"canonical\" href=\"" + t + "\"><meta http-equiv=\"refresh\" content=\"0; url=" + t
                + "\"></head><body><p>This page moved to <a href=\"" + t + "\">" + t + "</a>.</p></body></html>\n";
    }

    private static long write(Path folder, String file, byte[] body) throws IOException {
        Path target = folder.resolve(file).normalize();
        if (!target.startsWith(folder)) {
            throw new IOException("refusing to write outside the export folder: " + file);
        }
        Files.createDirectories(target.getParent());
        Files.write(target, body);
        return body.length;
    }

    private static void prepare(Path folder) throws IOException, ExportFailed {
        if (Files.isDirectory(folder)) {
            boolean empty;
            try (Stream<Path> list = Files.list(folder)) {
                empty = list.findAny().isEmpty();
            }
            if (!empty && !Files.exists(folder.resolve(MARKER))) {
                throw new ExportFailed(folder + " is not empty and holds no earlier export: choose another folder");
            }
            try (Stream<Path> walk = Files.walk(folder)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    if (!p.equals(folder)) {
                        Files.delete(p);
                    }
                }
            }
        }
        Files.createDirectories(folder);
        Files.writeString(folder.resolve(MARKER), "written by NodeOS Lab's static export; safe to delete\n");
    }
}
