package org.nodeoslab.site.book.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.nodeoslab.site.TestSites;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The fixture book served at /book/: cover, chapters, print view, PDF, search index, images; nothing else. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "site.book-dir=src/test/resources/book-fixture")
class BookWebTest {

    @LocalServerPort
    int port;

    @Test
    void theBookIsServed() {
        HttpResponse<String> cover = TestSites.get(port, "/book/");
        assertEquals(200, cover.statusCode());
        assertTrue(cover.body().contains("<h1>A Fixture Book</h1>"), cover.body());
        assertTrue(cover.body().contains("href=\"/book/intro.html\""), "the contents link the chapters");
        assertTrue(cover.body().contains("aria-current=\"page\" href=\"/book/\"")
                || cover.body().contains("href=\"/book/\" aria-current=\"page\""), "the header marks the Book section");

        HttpResponse<String> intro = TestSites.get(port, "/book/intro.html");
        assertEquals(200, intro.statusCode());
        assertTrue(intro.body().contains("<title>1 Introduction · NodeOS Lab</title>"), intro.body());
        assertTrue(intro.body().contains("rel=\"prev\""), "previous link");
        assertTrue(intro.body().contains("href=\"/book/design.html\" rel=\"next\""), "next link");
        assertTrue(intro.body().contains("<a href=\"#fig:boot\">Figure 1.1</a>"));

        assertEquals(200, TestSites.get(port, "/book/design/usersfs.html").statusCode());
        HttpResponse<String> svg = TestSites.get(port, "/book/figures/boot.svg");
        assertEquals(200, svg.statusCode());
        assertTrue(svg.headers().firstValue("Content-Type").orElse("").startsWith("image/svg+xml"));
        HttpResponse<String> print = TestSites.get(port, "/book/print.html");
        assertEquals(200, print.statusCode());
        assertTrue(print.body().contains("class=\"print-contents\""));
        HttpResponse<String> index = TestSites.get(port, "/book/searchindex.json");
        assertTrue(index.body().startsWith("[{\"page\":\"Preface\""), index.body());
        HttpResponse<String> pdf = TestSites.get(port, "/book/book.pdf");
        assertEquals(200, pdf.statusCode());
        assertTrue(pdf.body().startsWith("%PDF-"));

        assertEquals(302, TestSites.get(port, "/book").statusCode());
        assertEquals(404, TestSites.get(port, "/book/missing.html").statusCode());
        assertEquals(404, TestSites.get(port, "/book/../pom.xml").statusCode());
        assertTrue(TestSites.get(port, "/book/%2e%2e/%2e%2e/pom.xml").statusCode() >= 400, "encoded climbs are refused");
    }
}
