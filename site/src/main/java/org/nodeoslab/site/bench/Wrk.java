package org.nodeoslab.site.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Debian's {@code wrk} (tools/debian-packages.txt) against one address: requests per second, the 99th percentile
 * latency and the errors (socket errors and answers other than 2xx/3xx) at a given number of connections.
 */
final class Wrk {

    /** What one run measured. */
    record Result(double requestsPerSecond, double p99Millis, long requests, long errors, int connections, int seconds) {
    }

    private static final Pattern RPS = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern P99 = Pattern.compile("\\s99%\\s+([0-9.]+)(us|ms|s)");
    private static final Pattern REQUESTS = Pattern.compile("(\\d+) requests in");
    private static final Pattern SOCKET = Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");

    private Wrk() {
    }

    static boolean available() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (java.nio.file.Files.isExecutable(java.nio.file.Path.of(dir, "wrk"))) {
                return true;
            }
        }
        return false;
    }

    static Result run(URI url, int threads, int connections, int seconds) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(List.of("wrk", "-t" + threads, "-c" + connections, "-d" + seconds + "s",
                "--latency", url.toString())).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException("wrk failed:\n" + out);
        }
        Matcher rps = RPS.matcher(out);
        Matcher p99 = P99.matcher(out);
        Matcher requests = REQUESTS.matcher(out);
        if (!rps.find() || !p99.find() || !requests.find()) {
            throw new IOException("cannot read wrk's output:\n" + out);
        }
        double latency = Double.parseDouble(p99.group(1)) * switch (p99.group(2)) {
            case "us" -> 0.001;
            case "s" -> 1000;
            default -> 1;
        };
        long errors = 0;
        Matcher socket = SOCKET.matcher(out);
        if (socket.find()) {
            for (int g = 1; g <= 4; g++) {
                errors += Long.parseLong(socket.group(g));
            }
        }
        Matcher non2xx = NON_2XX.matcher(out);
        if (non2xx.find()) {
            errors += Long.parseLong(non2xx.group(1));
        }
        return new Result(Double.parseDouble(rps.group(1)), latency, Long.parseLong(requests.group(1)), errors,
                connections, seconds);
    }

    static String describe(Result r) {
        return String.format(Locale.ROOT, "%.0f requests/s, p99 %.2f ms, %d errors (%d connections, %d s, %d requests)",
                r.requestsPerSecond(), r.p99Millis(), r.errors(), r.connections(), r.seconds(), r.requests());
    }
}
