package org.nodeoslab.site.book.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.ColorScheme;
import org.junit.jupiter.api.Test;
import org.nodeoslab.site.TestChromium;
import org.nodeoslab.site.TestSites;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A reader of the fixture book in Debian's Chromium: from the header to the cover, a chapter, the arrow keys, a
 * cross-reference, the search box. Screenshots (desktop, phone, dark) are left in target/screenshots/book-*.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "site.book-dir=src/test/resources/book-fixture")
class BookBrowserTest {

    @LocalServerPort
    int port;

    @Test
    void readerTurnsPagesFollowsAReferenceAndSearches() {
        String base = "http://127.0.0.1:" + port;
        Path shots = TestSites.outputDir("screenshots");
        try (Playwright playwright = TestChromium.playwright(); Browser browser = TestChromium.launch(playwright)) {
            BrowserContext desktop = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 900)
                    .setColorScheme(ColorScheme.LIGHT));
            Page page = desktop.newPage();
            page.navigate(base + "/blog/");
            page.locator(".site-header a[href='/book/']").click();
            page.waitForURL("**/book/");
            assertEquals("A Fixture Book", page.locator("main h1").textContent().trim());
            page.screenshot(new Page.ScreenshotOptions().setPath(shots.resolve("book-cover.png")).setFullPage(true));
            page.locator("a.button", new Page.LocatorOptions().setHasText("Start reading")).click();
            page.waitForURL("**/book/preface.html");

            page.keyboard().press("ArrowRight");
            page.waitForURL("**/book/intro.html");
            assertEquals("1 Introduction", page.locator("article h1").textContent().trim());
            assertEquals("page", page.locator(".book-contents a[href='/book/intro.html']").getAttribute("aria-current"));
            page.screenshot(new Page.ScreenshotOptions().setPath(shots.resolve("book-chapter.png")).setFullPage(true));
            page.keyboard().press("ArrowLeft");
            page.waitForURL("**/book/preface.html");

            page.locator("article a", new Page.LocatorOptions().setHasText("Chapter 1")).click();
            page.waitForURL("**/book/intro.html#sec:intro");
            page.locator("article a", new Page.LocatorOptions().setHasText("Figure 1.1")).click();
            assertTrue(page.url().endsWith("#fig:boot"), page.url());

            // Typing in the search box does not turn pages; results come from the index written at render time.
            page.locator("#book-search-input").fill("usersfs root");
            page.keyboard().press("ArrowRight");
            page.locator("#book-search-results a").first().waitFor();
            assertTrue(page.url().contains("/book/intro.html"), page.url());
            String first = page.locator("#book-search-results a").first().textContent();
            assertTrue(first.contains("Users' own roots") || first.contains("Design"), first);
            page.screenshot(new Page.ScreenshotOptions().setPath(shots.resolve("book-search.png")));
            page.locator("#book-search-results a").first().click();
            page.waitForURL("**/book/design**");

            BrowserContext phone = browser.newContext(new Browser.NewContextOptions().setViewportSize(390, 844)
                    .setDeviceScaleFactor(2).setIsMobile(true).setColorScheme(ColorScheme.DARK));
            Page small = phone.newPage();
            small.navigate(base + "/book/evaluation.html");
            assertTrue(small.locator("svg.math").first().isVisible());
            small.screenshot(new Page.ScreenshotOptions().setPath(shots.resolve("book-phone-dark.png")).setFullPage(true));
        }
    }
}
