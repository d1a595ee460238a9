package org.nodeoslab.site.labs.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.FileSystemUtils;

/**
 * GET/PUT /labs/api/progress/{token} on the running site, with the requests a hostile client would send: tokens
 * that try to leave the folder, documents too large or of the wrong shape, the wrong content type. Each answer is a
 * problem detail naming the problem, and nothing is written outside the folder.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "site.labs.progress.max-bytes=2048")
class ProgressWebTest {

    private static final Path ROOT = Path.of("target/progress-web-test").toAbsolutePath();
    private static final Path STORE = ROOT.resolve("store");
    private static final String TOKEN = "00112233445566778899aabbccddeeff";
    private static final String DOC = "{\"format\": \"nodeos-lab-progress\", \"version\": 1, "
            + "\"labs\": {\"01-boot-and-layers\": {\"passed\": [2, 1], \"timeMs\": 60000, \"updated\": null}}}";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void store(DynamicPropertyRegistry registry) throws IOException {
        FileSystemUtils.deleteRecursively(ROOT);
        Files.createDirectories(ROOT);
        registry.add("site.labs.progress.dir", STORE::toString);
    }

    private HttpResponse<String> send(String method, String path, String contentType, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(method + " " + path + ": " + e, e);
        }
    }

    private String rawPut(String rawPath, String body) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            OutputStream out = socket.getOutputStream();
            out.write(("PUT " + rawPath + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: "
                    + bytes.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(bytes);
            out.flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private HttpResponse<String> put(String token, String body) {
        return send("PUT", "/labs/api/progress/" + token, "application/json", body);
    }

    private static void problem(HttpResponse<String> response, int status, String detail) {
        assertEquals(status, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"),
                response.headers().toString());
        assertTrue(response.body().contains(detail), response.body());
    }

    @Test
    void aStudentsProgressIsKeptUnderTheirToken() {
        HttpResponse<String> saved = put(TOKEN, DOC);
        assertEquals(200, saved.statusCode(), saved.body());
        String stored = "{\"format\":\"nodeos-lab-progress\",\"version\":1,\"labs\":{\"01-boot-and-layers\":"
                + "{\"passed\":[1,2],\"timeMs\":60000,\"updated\":null}}}";
        assertEquals(stored, saved.body());
        HttpResponse<String> loaded = send("GET", "/labs/api/progress/" + TOKEN, null, null);
        assertEquals(200, loaded.statusCode());
        assertEquals(stored, loaded.body());
        assertEquals("no-store", loaded.headers().firstValue("Cache-Control").orElse(""));
        assertTrue(Files.isRegularFile(STORE.resolve(TOKEN + ".json")));
    }

    @Test
    void anUnknownTokenIsNotFound() {
        problem(send("GET", "/labs/api/progress/ffffffffffffffffffffffffffffffff", null, null), 404,
                "no progress is saved under this token yet");
    }

    @Test
    void hostileTokensAreRefusedAndWriteNothingOutsideTheFolder() throws IOException {
        for (String token : new String[] {"ABCDEF", "00112233445566778899AABBCCDDEEFF", "..", "%2e%2e",
            "..%2F..%2Fescaped", "00112233445566778899aabbccddeeff.json", "00112233445566778899aabbccddeef%00",
            "00112233445566778899aabbccddeeff%0A"}) {
            HttpResponse<String> response = put(token, DOC);
            assertTrue(response.statusCode() == 400 || response.statusCode() == 404, token + " -> " + response.statusCode());
            HttpResponse<String> read = send("GET", "/labs/api/progress/" + token, null, null);
            assertTrue(read.statusCode() == 400 || read.statusCode() == 404, token + " -> " + read.statusCode());
        }
        // Sent byte for byte (no client normalizes the dots away): the server resolves them to another address.
        for (String raw : new String[] {"/labs/api/progress/../../../../tmp/escaped", "/labs/api/progress/%2e%2e/x"}) {
            String answer = rawPut(raw, DOC);
            assertTrue(answer.startsWith("HTTP/1.1 400") || answer.startsWith("HTTP/1.1 404")
                    || answer.startsWith("HTTP/1.1 405"), raw + " -> " + answer.lines().findFirst().orElse(""));
        }
        problem(put("..", DOC), 400, "is not 32 lowercase hexadecimal digits");
        problem(put("0011223344556677%2e%2e8899aabbccdd", DOC), 400, "is not 32 lowercase hexadecimal digits");
        try (Stream<Path> files = Files.walk(ROOT)) {
            assertTrue(files.filter(Files::isRegularFile).allMatch(f -> f.getParent().equals(STORE)
                    && f.getFileName().toString().matches("[0-9a-f]{32}\\.json")), "only token files, in the store");
        }
    }

    @Test
    void wrongDocumentsAreRefusedNamingTheProblem() {
        problem(put(TOKEN, "{\"format\": \"nodeos-lab-progress\", \"version\": 1, \"labs\": {}, \"x\": \""
                + "a".repeat(3000) + "\"}"), 413, "larger than 2048 bytes");
        problem(put(TOKEN, "{not json"), 400, "the progress document is not JSON");
        problem(put(TOKEN, "{\"format\": \"nodeos-lab-progress\", \"version\": 1, \"labs\": {\"a\": {\"passed\": [-1]}}}"),
                400, "labs.a.passed[0] must be a whole number from 1 to 1000");
        problem(put(TOKEN, "{\"format\": \"nodeos-lab-progress\", \"version\": 1, \"labs\": {\"a/../../b\": {\"passed\": []}}}"),
                400, "'a/../../b' is not a lab id");
        problem(put(TOKEN, "[" + "[".repeat(1000) + "]".repeat(1000) + "]"), 400, "the progress document is not JSON");
        HttpResponse<String> text = send("PUT", "/labs/api/progress/" + TOKEN, "text/plain", DOC);
        assertEquals(415, text.statusCode(), text.body());
        assertEquals(405, send("DELETE", "/labs/api/progress/" + TOKEN, null, null).statusCode());
    }

    @Test
    void thePagesNameTheApiTheySyncTo() {
        assertTrue(send("GET", "/labs/", null, null).body().contains("data-progress-api=\"/labs/api/progress/\""));
    }
}
