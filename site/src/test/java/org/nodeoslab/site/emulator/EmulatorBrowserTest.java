package org.nodeoslab.site.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
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
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A reader opens the emulator page in Debian's Chromium with no start-up state built: the terminal is there, the
 * emulator loads in its worker, fetches the image from the site and boots Debian's kernel; the page counts the
 * instructions. The image is Debian's kernel with
 * the small busybox test initramfs (the NodeOS initramfs is 40 MB). The kernel's first serial line comes after its
 * silent decompressor, about 2.3e9 instructions: minutes in a browser on a shared CI machine, too slow to assert
 * here (emulator/cli's boot tests check the console on the JVM).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class EmulatorBrowserTest {

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void image(DynamicPropertyRegistry registry) {
        try {
            Path dir = TestImages.busybox(TestSites.outputDir("emulator-test-image"));
            registry.add("site.emulator.image-dir", dir::toString);
            // A folder without startup.json: no start-up state, whatever the machine's cache holds.
            Path noState = java.nio.file.Files.createDirectories(TestSites.outputDir("emulator-test-no-state"));
            registry.add("site.emulator.state-dir", noState::toString);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void theEmulatorPageBootsTheKernelOnItsSerialConsole() {
        Path shots = TestSites.outputDir("screenshots");
        try (Playwright playwright = TestChromium.playwright(); Browser browser = TestChromium.launch(playwright)) {
            BrowserContext light = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 1000)
                    .setColorScheme(ColorScheme.LIGHT));
            Page page = light.newPage();
            long start = System.nanoTime();
            page.navigate("http://127.0.0.1:" + port + "/emulator/");
            assertEquals("Emulator · NodeOS Lab", page.title());
            assertEquals("page", page.locator(".site-nav a[href='/emulator/']").getAttribute("aria-current"));
            page.locator("#emulator-terminal .xterm-rows").waitFor();

            page.waitForFunction("document.getElementById('emulator').dataset.status === 'running'", null,
                    new Page.WaitForFunctionOptions().setTimeout(60_000));
            long running = (System.nanoTime() - start) / 1_000_000;
            // The CPU runs the kernel: the count the page shows keeps growing, and the guest's speed is shown.
            page.waitForFunction("Number(document.getElementById('emulator').dataset.instructions) > 5000000", null,
                    new Page.WaitForFunctionOptions().setTimeout(60_000));
            long counted = instructions(page);
            page.waitForFunction("n => Number(document.getElementById('emulator').dataset.instructions) > n", (double) counted,
                    new Page.WaitForFunctionOptions().setTimeout(60_000));
            page.waitForFunction("/^\\d+\\.\\d MIPS$/.test(document.getElementById('emulator-speed').textContent)");
            // No start-up state in this test's site: the page says it boots from scratch and shows the boot's stages.
            assertTrue(page.locator("#emulator-message").textContent().contains("boots from scratch"));
            assertTrue(page.locator("#boot-stages").isVisible());
            assertEquals("running", page.locator("#emulator-status").textContent());
            assertEquals(null, page.locator("#emulator-save").getAttribute("disabled"));
            assertEquals(null, page.locator("#emulator-pause").getAttribute("disabled"));
            System.out.printf("emulator page: running %d ms after navigation%n", running);
            page.screenshot(new Page.ScreenshotOptions().setPath(shots.resolve("emulator.png")).setFullPage(true));

            BrowserContext dark = browser.newContext(new Browser.NewContextOptions().setViewportSize(390, 844)
                    .setDeviceScaleFactor(2).setIsMobile(true).setColorScheme(ColorScheme.DARK));
            Page phone = dark.newPage();
            phone.navigate("http://127.0.0.1:" + port + "/emulator/");
            phone.waitForFunction("document.getElementById('emulator').dataset.status === 'running'", null,
                    new Page.WaitForFunctionOptions().setTimeout(60_000));
            phone.screenshot(new Page.ScreenshotOptions().setPath(shots.resolve("emulator-phone-dark.png")));
            assertEquals(Boolean.TRUE, phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth"));
        }
    }

    private static long instructions(Page page) {
        return Long.parseLong(page.locator("#emulator").getAttribute("data-instructions"));
    }
}
