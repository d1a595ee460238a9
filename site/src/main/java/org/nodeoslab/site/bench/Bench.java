package org.nodeoslab.site.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import org.nodeoslab.image.data.DataTable;
import org.nodeoslab.site.SiteApplication;
import org.nodeoslab.site.blog.Blog;
import org.nodeoslab.site.content.BlogLoader;
import org.nodeoslab.site.content.BlogSettings;
import org.nodeoslab.site.content.MarkdownRenderer;
import org.nodeoslab.site.content.Post;
import org.nodeoslab.site.export.StaticExport;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code java -jar site.jar --bench[=N]}: N synthetic posts (1000 by default) in a temporary folder, then the static
 * export's time per page and the post page's requests per second over loopback. Bounded: a fixed number of
 * requests, only to 127.0.0.1, and the folder is deleted at the end.
 */
public final class Bench {

    public static final int DEFAULT_POSTS = 1000;
    private static final int WARMUP_REQUESTS = 1000;
    private static final int MEASURED_REQUESTS = 5000;
    private static final int CLIENTS = 4;
    private static final String[] TAGS = {"kernel", "npm", "boot", "x86", "init", "javascript", "emulator", "initramfs"};

    private Bench() {
    }

    /** Runs the bench and prints its figures; with a {@code dataOut} folder, also writes them as the book's table. */
    public static void run(int posts, Path dataOut) throws Exception {
        Path work = Files.createTempDirectory("nodeoslab-bench");
        try {
            Path folder = work.resolve("posts");
            generate(folder, posts);
            // Reading and rendering alone, before Spring: what a live reload of this blog costs.
            long readStart = System.nanoTime();
            int read = new BlogLoader(BlogSettings.defaults(), new MarkdownRenderer()).load(folder).posts().size();
            long readNanos = System.nanoTime() - readStart;
            SpringApplication app = new SpringApplication(SiteApplication.class);
            app.setBannerMode(Banner.Mode.OFF);
            // The bench measures the blog: the emulator's image (tens of MB, linked from /emulator/) is left out by
            // pointing the site at an empty image folder, else the export would copy it page by page.
            // Arguments, not default properties: application.properties names the checkout's posts folder, and only
            // a command-line setting outranks it.
            String[] settings = {"--server.port=0", "--server.address=127.0.0.1", "--site.reload=false",
                    "--site.posts-dir=" + folder, "--logging.level.root=WARN",
                    "--site.emulator.image-dir=" + Files.createDirectories(work.resolve("no-image"))};
            long start = System.nanoTime();
            try (ConfigurableApplicationContext context = app.run(settings)) {
                long started = System.nanoTime();
                URI server = SiteApplication.localServer(context);
                StaticExport export = context.getBean(StaticExport.class);
                // The first export also warms the JIT up; the second is the one reported.
                StaticExport.Result cold = export.export(server, work.resolve("export-1"));
                StaticExport.Result warm = export.export(server, work.resolve("export-2"));
                List<Post> all = context.getBean(Blog.class).snapshot().posts();
                URI page = server.resolve(all.get(all.size() / 2).getHref());
                double rps = requestsPerSecond(page);
                // A real load tool when the machine has it: 200 connections, p99 latency, errors.
                Wrk.Result wrk = null;
                if (Wrk.available()) {
                    Wrk.run(page, 2, 200, 3);
                    wrk = Wrk.run(page, 2, 200, 10);
                }
                System.out.printf("posts: %d%n", posts);
                System.out.printf("reading and rendering %d posts (no server): %d ms%n", read, readNanos / 1_000_000);
                System.out.printf("site start-up, reading and rendering included: %d ms%n",
                        (started - start) / 1_000_000);
                System.out.printf("export, first run: %d files in %d ms (%.2f ms per file)%n", cold.files(),
                        cold.time().toMillis(), cold.time().toNanos() / 1e6 / cold.files());
                System.out.printf("export, second run: %d files in %d ms (%.2f ms per file), %d KiB%n", warm.files(),
                        warm.time().toMillis(), warm.time().toNanos() / 1e6 / warm.files(), warm.bytes() / 1024);
                System.out.printf("post page %s: %.0f requests/second (%d requests, %d clients, after %d warm-up)%n",
                        page.getPath(), rps, MEASURED_REQUESTS, CLIENTS, WARMUP_REQUESTS);
                System.out.println(wrk == null ? "wrk: not installed (Debian's wrk; tools/debian-packages.txt)"
                        : "post page under wrk: " + Wrk.describe(wrk));
                System.out.printf("load average: %.2f%n", java.lang.management.ManagementFactory
                        .getOperatingSystemMXBean().getSystemLoadAverage());
                if (dataOut != null) {
                    DataTable table = new DataTable("site-bench", "./lab bench " + posts + " --data-out thesis/data",
                            List.of("measure", "value", "unit", "detail"))
                            .row("reading and rendering the posts, no server", readNanos / 1_000_000, "ms",
                                    read + " posts")
                            .row("site start-up, reading and rendering included", (started - start) / 1_000_000,
                                    "ms", "")
                            .row("static export, first run", fixed(cold.time().toNanos() / 1e6 / cold.files()),
                                    "ms per file", cold.files() + " files")
                            .row("static export, second run", fixed(warm.time().toNanos() / 1e6 / warm.files()),
                                    "ms per file", warm.files() + " files, " + warm.bytes() / 1024 + " KiB")
                            .row("post page over loopback", Math.round(rps), "requests per second",
                                    MEASURED_REQUESTS + " requests, " + CLIENTS + " clients");
                    if (wrk != null) {
                        table.row("post page under wrk", Math.round(wrk.requestsPerSecond()), "requests per second",
                                        wrk.connections() + " connections, " + wrk.seconds() + " s, " + wrk.errors()
                                                + " errors")
                                .row("post page under wrk, 99th percentile", fixed(wrk.p99Millis()), "ms latency",
                                        wrk.connections() + " connections");
                    }
                    table.row("load average during the bench", fixed(java.lang.management.ManagementFactory
                            .getOperatingSystemMXBean().getSystemLoadAverage()), "", "1-minute, shared machine");
                    System.out.println("bench: wrote " + table.writeTo(dataOut));
                }
            }
        } finally {
            try (Stream<Path> walk = Files.walk(work)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private static String fixed(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }

    private static double requestsPerSecond(URI page) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(page).GET().build();
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        try {
            fire(http, request, pool, WARMUP_REQUESTS);
            long start = System.nanoTime();
            fire(http, request, pool, MEASURED_REQUESTS);
            return MEASURED_REQUESTS / ((System.nanoTime() - start) / 1e9);
        } finally {
            pool.shutdownNow();
        }
    }

    private static void fire(HttpClient http, HttpRequest request, ExecutorService pool, int total) throws Exception {
        List<Future<?>> clients = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            clients.add(pool.submit(() -> {
                for (int i = 0; i < total / CLIENTS; i++) {
                    HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                    if (r.statusCode() != 200) {
                        throw new IOException("HTTP " + r.statusCode() + " for " + request.uri());
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : clients) {
            f.get();
        }
    }

    /** Posts shaped like real ones: paragraphs, a heading, code, a table, a list, a footnote, two tags. */
    static void generate(Path folder, int count) throws IOException {
        Files.createDirectories(folder);
        LocalDateTime first = LocalDateTime.of(2012, 1, 1, 9, 0);
        for (int i = 0; i < count; i++) {
            LocalDateTime date = first.plusHours(7L * i);
            String name = String.format("%s-synthetic-post-%04d.md", date.toLocalDate(), i);
            String text = "---\n"
                    + "title: Synthetic post " + i + "\n"
                    + "date: " + date.toLocalDate() + " " + date.toLocalTime() + ":00 +0000\n"
                    + "author: bench\n"
                    + "tags: [" + TAGS[i % TAGS.length] + ", " + TAGS[(i / 3 + 1) % TAGS.length] + "]\n"
                    + "---\n"
                    + "This is post number " + i + " of a synthetic blog, written to measure the site. It has a "
                    + "paragraph long enough to wrap over several lines, with *emphasis*, `code` and a "
                    + "[link](https://example.org/" + i + ").\n\n"
                    + "## A heading\n\n"
                    + "A second paragraph follows the heading and carries a footnote.[^note]\n\n"
                    + "```js\nconst fs = require('fs');\nfs.readdirSync('/dev').forEach(name => console.log(name));\n"
                    + "```\n\n"
                    + "| layer | what it holds |\n| --- | --- |\n| barebones | kernel and Node.js |\n"
                    + "| initramfs | the first user space |\n\n"
                    + "- one\n- two\n- three\n\n"
                    + "[^note]: The footnote of post " + i + ".\n";
            Files.writeString(folder.resolve(name), text);
        }
    }
}
