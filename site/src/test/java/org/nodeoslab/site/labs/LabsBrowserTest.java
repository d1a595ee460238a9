package org.nodeoslab.site.labs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nodeoslab.site.TestSites.write;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.nodeoslab.site.TestChromium;
import org.nodeoslab.site.TestSites;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.FileSystemUtils;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.FilePayload;

/**
 * The labs in Chromium without a machine: the catalogue (progress imported from and exported to a file) and a lab
 * page (screenshots in target/screenshots), hints revealed one at a time (mouse and keyboard) and the solution
 * offered only after the last, the panel once every step passed, and the live preview: saving lab.md redraws the
 * open page without a reload.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "site.reload=true")
class LabsBrowserTest {

    private static final Path ROOT;
    private static final Path LAB;

    static {
        try {
            ROOT = Files.createTempDirectory("site-labs-browser");
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
        LAB = ROOT.resolve("labs/01-hello/lab.md");
        try {
            write(LAB, Files.readString(Path.of("../labs/00-hello-nodeos/lab.md")));
            Files.copy(Path.of("../labs/00-hello-nodeos/greet.js"), LAB.resolveSibling("greet.js"));
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
        write(ROOT.resolve("labs/02-broken/lab.md"), "---\ntitle: Half-written lab\nsummary: x\n---\n## A step\n");
    }

    @DynamicPropertySource
    static void labs(DynamicPropertyRegistry registry) {
        registry.add("site.labs.dir", () -> ROOT.resolve("labs").toString());
    }

    @AfterAll
    static void removeFixtures() {
        FileSystemUtils.deleteRecursively(ROOT.toFile());
    }

    @LocalServerPort
    int port;

    /**
     * Served by the site, progress is also kept on the server under the browser's anonymous code: what one browser
     * imported shows in another (a phone) that opens the "continue on another device" link.
     */
    @Test
    void progressContinuesOnAnotherDevice() {
        Path shots = TestSites.outputDir("screenshots");
        String base = "http://127.0.0.1:" + port;
        try (Playwright playwright = TestChromium.playwright(); Browser browser = TestChromium.launch(playwright)) {
            Page laptop = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 900)).newPage();
            laptop.navigate(base + "/labs/");
            laptop.waitForSelector("body[data-progress-shown=true]");
            String code = laptop.locator(".lab-device-code").textContent();
            assertTrue(code.matches("[0-9a-f]{32}"), code);
            String link = laptop.locator(".lab-device-link").getAttribute("href");
            assertEquals(base + "/labs/?progress=" + code, link);
            laptop.locator(".lab-import input").setInputFiles(new FilePayload("progress.json", "application/json",
                    ("{\"format\": \"nodeos-lab-progress\", \"version\": 1, \"labs\": {\"01-hello\": "
                            + "{\"passed\": [1, 2], \"timeMs\": 600000}}}").getBytes(StandardCharsets.UTF_8)));
            laptop.waitForCondition(() -> laptop.locator(".lab-progress-message").textContent().startsWith("Imported"));
            // The import's save reached the server under the code.
            laptop.waitForCondition(() -> TestSites.get(port, "/labs/api/progress/" + code).body().contains("\"passed\":[1,2]"));
            laptop.locator(".lab-progress-tools").screenshot(new Locator.ScreenshotOptions()
                    .setPath(shots.resolve("labs-continue-on-another-device.png")));

            Page phone = browser.newContext(new Browser.NewContextOptions().setViewportSize(390, 844)
                    .setIsMobile(true).setHasTouch(true)).newPage();
            phone.navigate(base + "/labs/");
            phone.waitForSelector("body[data-progress-shown=true]");
            assertTrue(!phone.locator(".lab-card[data-lab-id='01-hello'] .lab-card-progress").isVisible(),
                    "a new device starts with no progress of its own");
            phone.locator(".lab-device-form input").fill("not a code");
            phone.locator(".lab-device-form button").click();
            phone.waitForCondition(() -> phone.locator(".lab-progress-message").textContent().startsWith("That is not"));
            phone.navigate(link);
            phone.waitForSelector("body[data-progress-shown=true]");
            assertEquals("This browser now continues the progress of your other device.",
                    phone.locator(".lab-progress-message").textContent());
            assertEquals("2 of 3 steps passed · 10 min spent",
                    phone.locator(".lab-card[data-lab-id='01-hello'] .lab-card-progress").textContent());
            assertEquals(code, phone.locator(".lab-device-code").textContent());
            assertEquals(base + "/labs/", phone.url(), "the code leaves the address bar");
            phone.screenshot(new Page.ScreenshotOptions().setPath(shots.resolve("labs-continued-phone.png")).setFullPage(true));
        }
    }

    @Test
    void hintsOneAtATimeAndSavingTheLabRedrawsTheOpenPage() throws Exception {
        Path shots = TestSites.outputDir("screenshots");
        try (Playwright playwright = TestChromium.playwright(); Browser browser = TestChromium.launch(playwright)) {
            BrowserContext desktop = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 900));
            Page page = desktop.newPage();
            page.navigate("http://127.0.0.1:" + port + "/labs/");
            assertEquals("Hello, NodeOS", page.locator(".lab-card h2 a").first().textContent());
            assertTrue(page.locator(".lab-card-broken .lab-problems").textContent()
                    .contains("labs/02-broken/lab.md:5:1: step \"A step\" has no ```solution block"));
            page.screenshot(new Page.ScreenshotOptions().setPath(shots.resolve("labs.png")).setFullPage(true));

            // Progress from another browser: a file that is not one is refused by name; a good one shows on its card
            // and comes back out in the export.
            var file = page.locator(".lab-import input");
            var message = page.locator(".lab-progress-message");
            file.setInputFiles(new FilePayload("notes.txt", "text/plain", "hello".getBytes(StandardCharsets.UTF_8)));
            page.waitForCondition(() -> !message.textContent().isEmpty());
            assertTrue(message.textContent().startsWith("notes.txt is not a progress file: it is not JSON"),
                    message.textContent());
            file.setInputFiles(new FilePayload("progress.json", "application/json", ("{\"format\": \"nodeos-lab-progress\","
                    + " \"version\": 1, \"labs\": {\"01-hello\": {\"passed\": [1], \"timeMs\": 600000}}}")
                    .getBytes(StandardCharsets.UTF_8)));
            page.waitForCondition(() -> message.textContent().startsWith("Imported"));
            assertEquals("Imported the progress of 1 lab from progress.json.", message.textContent());
            assertEquals("1 of 3 steps passed · 10 min spent",
                    page.locator(".lab-card[data-lab-id='01-hello'] .lab-card-progress").textContent());
            Download download = page.waitForDownload(() -> page.click(".lab-export"));
            assertEquals("nodeos-lab-progress.json", download.suggestedFilename());
            String exported = Files.readString(download.path());
            assertTrue(exported.contains("\"01-hello\"") && exported.contains("\"passed\": [\n        1\n      ]"), exported);
            page.evaluate("localStorage.clear()");

            page.navigate("http://127.0.0.1:" + port + "/labs/01-hello/");
            var hints = page.locator("#step-1 .lab-hint");
            var next = page.locator("#step-1 .lab-hint-next");
            var solution = page.locator("#step-1 .lab-solution");
            var later = page.locator("#step-1 .lab-solution-later");
            assertEquals(2, hints.count());
            assertTrue(!hints.nth(0).isVisible() && !hints.nth(1).isVisible());
            assertEquals("Show a hint (2 left)", next.textContent());
            assertTrue(!solution.isVisible(), "no solution before the hints");
            assertEquals("The solution is offered after the last hint.", later.textContent());
            next.click();
            assertTrue(hints.nth(0).isVisible() && !hints.nth(1).isVisible());
            assertEquals(Boolean.TRUE, page.evaluate("document.activeElement === document.querySelectorAll('#step-1 .lab-hint')[0]"),
                    "the focus moves to the hint shown, so a screen reader reads it");
            assertEquals("Show another hint (1 left)", next.textContent());
            assertTrue(!solution.isVisible(), "one hint shown, one left: still no solution");
            // The last hint by keyboard: Enter on the focused button.
            next.focus();
            page.keyboard().press("Enter");
            assertTrue(hints.nth(1).isVisible());
            assertTrue(!next.isVisible(), "no hints left: the button goes");
            assertEquals("That was the last hint. The solution is below, if you want it.", later.textContent());
            assertTrue(solution.isVisible() && !page.locator("#step-1 .lab-solution pre").isVisible(),
                    "now the solution is offered, folded");
            page.keyboard().press("Tab");
            assertEquals("Show the solution", (String) page.evaluate("document.activeElement.textContent"),
                    "Tab from the last hint reaches the solution");
            page.keyboard().press("Enter");
            assertTrue(page.locator("#step-1 .lab-solution pre").isVisible());
            assertTrue(!page.locator("#step-2 .lab-solution").isVisible(), "step 2's solution waits for its own hint");
            page.screenshot(new Page.ScreenshotOptions().setPath(shots.resolve("lab.png")).setFullPage(true));

            // Every step passed (as kept in this browser): the machine's panel says so and where to go next.
            var done = page.locator(".lab-done");
            assertTrue(!done.isVisible());
            // (Set from the catalogue: leaving a lab's page saves that page's own progress.)
            page.navigate("http://127.0.0.1:" + port + "/labs/");
            page.evaluate("localStorage.setItem('nodeos-lab-progress', JSON.stringify({'01-hello': {passed: [1, 2, 3], timeMs: 0}}))");
            page.navigate("http://127.0.0.1:" + port + "/labs/01-hello/");
            page.waitForSelector("#lab[data-session=ready]");
            assertTrue(done.isVisible());
            assertEquals("All steps passed. That was the last lab: all the labs.",
                    done.textContent().replaceAll("\\s+", " ").trim());
            assertEquals(0, page.locator(".lab-next").count(), "the other lab is broken: no next lab");
            page.navigate("http://127.0.0.1:" + port + "/labs/");
            page.evaluate("localStorage.clear()");
            page.navigate("http://127.0.0.1:" + port + "/labs/01-hello/");

            // Live preview: a marker on window survives only if the page is redrawn in place, not reloaded.
            page.evaluate("window.notReloaded = true");
            String text = Files.readString(LAB);
            write(LAB, text.replace("## Make a file", "## Make your first file"));
            Files.setLastModifiedTime(LAB, FileTime.from(Instant.now().plusSeconds(5)));
            page.waitForCondition(() -> page.locator("#step-1 .lab-step-title").textContent()
                    .equals("Make your first file"), new Page.WaitForConditionOptions().setTimeout(10_000));
            assertEquals(Boolean.TRUE, page.evaluate("window.notReloaded"));

            BrowserContext phone = browser.newContext(new Browser.NewContextOptions().setViewportSize(390, 844)
                    .setDeviceScaleFactor(2).setIsMobile(true).setHasTouch(true));
            Page small = phone.newPage();
            small.navigate("http://127.0.0.1:" + port + "/labs/01-hello/");
            small.screenshot(new Page.ScreenshotOptions().setPath(shots.resolve("lab-phone.png")));
        }
    }
}
