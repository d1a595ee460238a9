package org.nodeoslab.emulator.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Serves the built browser files under /emulator/ on a loopback port, as the site will, with the MIME types the
 * browser insists on for modules (a script type for .js), and a blank page at /
 * (no favicon request) so a test has an origin to import the module from.
 */
final class StaticFileServer implements AutoCloseable {
    private static final Map<String, String> TYPES = Map.of(
            "js", "text/javascript; charset=utf-8",
            "html", "text/html; charset=utf-8",
            "css", "text/css; charset=utf-8");

    private final HttpServer server;
    private final Path root;
    /** Files a test serves besides the build output (guest programs, images), by path. */
    private final Map<String, byte[]> extra = new ConcurrentHashMap<>();

    StaticFileServer(Path emulatorDir) throws IOException {
        this.root = emulatorDir.toAbsolutePath().normalize();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    void serve(String path, byte[] content) {
        extra.put(path, content);
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (path.equals("/")) {
                send(exchange, 200, "text/html; charset=utf-8",
                        "<!doctype html><link rel=icon href=\"data:,\"><title>emulator test page</title>".getBytes(StandardCharsets.UTF_8));
                return;
            }
            if (extra.containsKey(path)) {
                send(exchange, 200, "application/octet-stream", extra.get(path));
                return;
            }
            Path file = path.startsWith("/emulator/") ? root.resolve(path.substring("/emulator/".length())).normalize()
                    : null;
            if (file == null || !file.startsWith(root) || !Files.isRegularFile(file)) {
                send(exchange, 404, "text/plain", ("not found: " + path).getBytes(StandardCharsets.UTF_8));
                return;
            }
            String name = file.getFileName().toString();
            String type = TYPES.getOrDefault(name.substring(name.lastIndexOf('.') + 1), "application/octet-stream");
            send(exchange, 200, type, Files.readAllBytes(file));
        }
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
