package org.nodeoslab.site.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.ColorScheme;
import org.junit.jupiter.api.Test;
import org.nodeoslab.site.TestChromium;
import org.nodeoslab.site.TestSites;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * A reader in Debian's Chromium on the real blog: home page, the seed post, a tag, the feed. Screenshots of the
 * pages (desktop, phone, dark) are left in target/screenshots for a person to look at.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class BrowserTest {

    private static final String SEED = "Not a toy OS anymore";

    @LocalServerPort
    int port;

    @Test
    void readerOpensTheSeedPostFollowsATagAndReadsTheFeed() throws Exception {
        String base = "http://127.0.0.1:" + port;
        Path shots = TestSites.outputDir("screenshots");
        try (Playwright playwright = TestChromium.playwright(); Browser browser = TestChromium.launch(playwright)) {
            BrowserContext desktop = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 900)
                    .setColorScheme(ColorScheme.LIGHT));
            java.util.List<String> csp = TestChromium.watchCsp(desktop);
            Page page = desktop.newPage();
            page.navigate(base + "/");
            assertEquals("NodeOS Lab", page.title());
            page.screenshot(new Page.ScreenshotOptions().setPath(shots.resolve("home.png")).setFullPage(true));
            page.locator(".cards").getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Blog").setExact(true)).click();
            page.waitForURL("**/blog/");
            page.screenshot(new Page.ScreenshotOptions().setPath(shots.resolve("blog.png")).setFullPage(true));

            // The seed is the oldest post: a reader pages back through "Older posts" until its link shows.
            Locator seedLink = page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName(SEED).setExact(true));
            for (int pages = 0; seedLink.count() == 0 && pages < 20; pages++) {
                page.locator("nav.pager a[rel=next]").click();
                page.waitForLoadState();
            }
            seedLink.click();
            page.waitForURL("**/blog/2016/03/03/not-a-toy-os-anymore.html");
            assertEquals(SEED, page.locator("h1").textContent().trim());
            assertEquals("piranna", page.locator(".post-meta .author").textContent().trim());
            Locator paragraph = page.locator(".prose p").filter(new Locator.FilterOptions()
                    .setHasText("I don\u2019t have words to explain that moment"));
            assertEquals(1, paragraph.count());
            assertEquals("https://github.com/NodeOS/NodeOS/issues/216",
                    page.locator(".post-meta a.comments").getAttribute("href"));
            assertEquals("14 comments", page.locator(".post-meta a.comments").textContent().trim());
            page.screenshot(new Page.ScreenshotOptions().setPath(shots.resolve("post.png")));

            // The seed has no tags: walk to the next posts until one has, then follow its tag back to a list.
            Locator tags = page.locator(".post-footer .tag-list a");
            for (int hops = 0; tags.count() == 0 && hops < 20; hops++) {
                page.navigate(base + page.locator(".post-nav a[rel=next]").getAttribute("href"));
            }
            String title = page.locator("h1").textContent().trim();
            Locator tag = tags.first();
            String tagName = tag.textContent().trim();
            tag.click();
            page.waitForURL("**/tags/**");
            assertTrue(page.locator("h1").textContent().contains(tagName));
            assertTrue(page.locator(".post-list a").allTextContents().contains(title), title);

            // The feed holds the newest posts (jekyll-feed's posts_limit, 10 here: the seed has left it), newest
            // first, each with its full text: the newest post's last paragraph is in its entry.
            page.navigate(base + "/blog/");
            Locator newest = page.locator("article.summary h2 a").first();
            String newestTitle = newest.textContent().trim();
            page.navigate(base + newest.getAttribute("href"));
            String lastParagraph = words(page.locator(".prose p").last().textContent());
            APIResponse feed = page.request().get(base + "/blog/feed.xml");
            assertEquals(200, feed.status());
            assertTrue(feed.headers().get("content-type").startsWith("application/atom+xml"));
            Document xml = TestSites.parseXml(feed.text());
            NodeList entries = xml.getElementsByTagNameNS("http://www.w3.org/2005/Atom", "entry");
            assertTrue(entries.getLength() > 1 && entries.getLength() <= 10, "entries: " + entries.getLength());
            Element first = (Element) entries.item(0);
            assertEquals(newestTitle, first.getElementsByTagNameNS("*", "title").item(0).getTextContent());
            String content = words(org.jsoup.Jsoup.parse(
                    first.getElementsByTagNameNS("*", "content").item(0).getTextContent()).text());
            assertTrue(content.contains(lastParagraph), "the newest post with its full text in the feed");

            // Every kind of page, under the site's Content-Security-Policy: nothing refused.
            for (String path : java.util.List.of("/", "/blog/", "/blog/page/2/", "/blog/archive/", "/blog/tags/",
                    "/labs/", "/labs/00-hello-nodeos/", "/book/", "/emulator/", "/no-such-page", "/a%2Fb")) {
                page.navigate(base + path);
                if (path.startsWith("/labs/") && !path.equals("/labs/")) {
                    // A lab page's machine keeps loading in the background, so its network is not idle within the
                    // timeout on a busy machine: wait until the page is ready for the student instead.
                    page.waitForSelector("#lab[data-session=ready]");
                } else {
                    page.waitForLoadState(com.microsoft.playwright.options.LoadState.NETWORKIDLE);
                }
            }
            assertEquals(java.util.List.of(), csp, "Content-Security-Policy violations");

            // The same pages as a phone in the dark theme.
            BrowserContext phone = browser.newContext(new Browser.NewContextOptions().setViewportSize(390, 844)
                    .setDeviceScaleFactor(2).setIsMobile(true).setColorScheme(ColorScheme.DARK));
            Page small = phone.newPage();
            small.navigate(base + "/blog/2016/03/03/not-a-toy-os-anymore.html");
            small.screenshot(new Page.ScreenshotOptions().setPath(shots.resolve("post-phone-dark.png")));
            small.navigate(base + "/");
            small.screenshot(new Page.ScreenshotOptions().setPath(shots.resolve("home-phone-dark.png")));
            // No horizontal scrolling on a phone.
            assertEquals(Boolean.TRUE, small.evaluate("document.documentElement.scrollWidth <= window.innerWidth"));
        }
        assertTrue(Files.size(shots.resolve("post.png")) > 10_000);
    }

    /** Text with its runs of white space made single spaces (a browser's textContent keeps the source's breaks). */
    private static String words(String text) {
        return text.trim().replaceAll("\\s+", " ");
    }
}
