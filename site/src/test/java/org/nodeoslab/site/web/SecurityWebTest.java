package org.nodeoslab.site.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nodeoslab.site.TestSites.get;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.nodeoslab.site.TestSites;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * What every answer carries (CSP, nosniff, referrer policy), the site's own 400/404/500 pages even for requests
 * Tomcat refuses before Spring sees them, and /section redirected to /section/.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SecurityWebTest {

    @LocalServerPort
    int port;

    @Test
    void everyAnswerCarriesTheSecurityHeaders() {
        for (String path : List.of("/", "/blog/", "/emulator/", "/css/site.css", "/blog/feed.xml", "/nothing",
                "/emulator/emulator.wasm")) {
            HttpResponse<String> r = get(port, path);
            assertTrue(r.headers().firstValue("Content-Security-Policy").orElse("").contains("'wasm-unsafe-eval'"), path);
            assertEquals("nosniff", r.headers().firstValue("X-Content-Type-Options").orElse(""), path);
            assertEquals("strict-origin-when-cross-origin", r.headers().firstValue("Referrer-Policy").orElse(""), path);
        }
    }

    @Test
    void requestsTomcatRefusesGetTheSitesOwnPageAndHeaders() {
        List<String> failures = new ArrayList<>();
        for (String path : List.of("/a%2Fb", "/blog/%00", "/%", "/blog/..%2f..%2fetc/passwd", "/a%5Cb")) {
            String response = TestSites.rawGet(port, path);
            String head = response.substring(0, response.indexOf("\r\n\r\n"));
            boolean ours = response.contains("<header class=\"site-header\">") && response.contains("front page");
            if (!head.startsWith("HTTP/1.1 400") && !head.startsWith("HTTP/1.1 404") || !ours
                    || !head.contains("Content-Security-Policy:") || !head.contains("X-Content-Type-Options: nosniff")
                    || response.contains("Apache Tomcat") || response.contains("Exception")) {
                failures.add(path + " -> " + head.replace("\r\n", " | ") + (ours ? "" : " | not the site's page"));
            }
        }
        assertEquals(List.of(), failures);
    }

    @Test
    void theNotFoundPageIsTheSitesOwn() {
        HttpResponse<String> r = get(port, "/no/such/page.html");
        assertEquals(404, r.statusCode());
        assertTrue(r.body().contains("<h1>Page not found</h1>") && r.body().contains("<header class=\"site-header\">"));
    }

    @Test
    void aSectionWithoutItsSlashRedirects() {
        for (String[] c : new String[][] {{"/emulator", "/emulator/"}, {"/blog", "/blog/"}, {"/labs", "/labs/"},
                {"/blog/archive", "/blog/archive/"}}) {
            HttpResponse<String> r = get(port, c[0]);
            assertEquals(301, r.statusCode(), c[0]);
            assertTrue(r.headers().firstValue("Location").orElse("").endsWith(c[1]), c[0]);
        }
        assertEquals(404, get(port, "/emulatorx").statusCode());
        assertFalse(get(port, "/nothing").headers().firstValue("Location").isPresent());
    }
}
