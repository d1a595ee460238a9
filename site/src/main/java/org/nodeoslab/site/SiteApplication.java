package org.nodeoslab.site;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

import org.nodeoslab.site.bench.Bench;
import org.nodeoslab.site.export.ExportFailed;
import org.nodeoslab.site.export.StaticExport;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The NodeOS Lab web site. {@code java -jar site.jar} serves it; with {@code --export=DIR} it writes the site as
 * static files to DIR and exits; with {@code --bench[=N]} it measures export and serving with N synthetic posts
 * ({@code --bench-data-out=DIR} also writes the figures to DIR/site-bench.csv and .md, the book's data);
 * {@code --labs lint|test} is {@code ./lab labs}.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class SiteApplication {

    private static final String EXPORT = "--export=";
    private static final String BENCH_DATA_OUT = "--bench-data-out=";

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--labs")) {
            System.exit(org.nodeoslab.site.labs.LabsCommand.run(java.util.Arrays.copyOfRange(args, 1, args.length)));
        }
        for (String arg : args) {
            if (arg.equals("--bench") || arg.startsWith("--bench=")) {
                Bench.run(arg.equals("--bench") ? Bench.DEFAULT_POSTS : Integer.parseInt(arg.substring(8)),
                        benchDataOut(args));
                return;
            }
            if (arg.startsWith(EXPORT)) {
                System.exit(export(Path.of(arg.substring(EXPORT.length())).toAbsolutePath().normalize(), args));
            }
        }
        SpringApplication.run(SiteApplication.class, args);
    }

    /** The folder named by {@code --bench-data-out=DIR}, where the bench writes the book's table; else null. */
    private static Path benchDataOut(String[] args) {
        for (String arg : args) {
            if (arg.startsWith(BENCH_DATA_OUT)) {
                return Path.of(arg.substring(BENCH_DATA_OUT.length()));
            }
        }
        return null;
    }

    /** Serves the site on a free loopback port only for as long as the export reads it. */
    static int export(Path folder, String[] args) throws Exception {
        SpringApplication app = new SpringApplication(SiteApplication.class);
        // No progress API: the exported pages keep progress in the browser only (a static host has no server store).
        app.setDefaultProperties(Map.of("server.port", "0", "server.address", "127.0.0.1", "site.reload", "false",
                "site.labs.progress.enabled", "false"));
        try (ConfigurableApplicationContext context = app.run(args)) {
            StaticExport.Result result = context.getBean(StaticExport.class).export(localServer(context), folder);
            System.out.printf("exported %d files (%d KiB) to %s in %d ms%n", result.files(), result.bytes() / 1024,
                    result.folder(), result.time().toMillis());
            return 0;
        } catch (ExportFailed e) {
            System.err.println("export failed:\n" + e.getMessage());
            return 1;
        }
    }

    public static URI localServer(ConfigurableApplicationContext context) {
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        return URI.create("http://127.0.0.1:" + port);
    }
}
