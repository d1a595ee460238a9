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
            // The site's CSP must let the page compile the WebAssembly and start its Worker.
            java.util.List<String> csp = TestChromium.watchCsp(light);
            Page page = light.newPage();
            long start = System.nanoTime();
            page.navigate("http://127.0.0.1:" + port + "/emulator/");
            assertEquals("Emulator · NodeOS Lab", page.title());
            assertEquals("page", page.locator(".site-nav a[href='/emulator/']").getAttribute("aria-current"));
            page.locator("#emulator-terminal .xterm-rows").waitFor();

            // Polled from here: Playwright's waitForFunction evaluates a string, which the site's CSP rightly refuses.
            waitUntil(() -> "running".equals(page.locator("#emulator").getAttribute("data-status")) || !csp.isEmpty());
            assertEquals(java.util.List.of(), csp, "Content-Security-Policy violations");
            long running = (System.nanoTime() - start) / 1_000_000;
            // The CPU runs the kernel: the count the page shows keeps growing, and the guest's speed is shown.
            waitUntil(() -> instructions(page) > 5_000_000);
            long counted = instructions(page);
            waitUntil(() -> instructions(page) > counted);
            waitUntil(() -> page.locator("#emulator-speed").textContent().matches("\\d+\\.\\d MIPS(, \\d+% compiled)?"));
            // Compiled guest code is on by default: once the kernel's hot loops are compiled, the line says how much.
            waitUntil(() -> page.locator("#emulator-speed").textContent().matches("\\d+\\.\\d MIPS, \\d+% compiled"));
            // No start-up state in this test's site: the page says it boots from scratch and shows the boot's stages.
            assertTrue(page.locator("#emulator-message").textContent().contains("boots from scratch"));
            assertTrue(page.locator("#boot-stages").isVisible());
            assertEquals("running", page.locator("#emulator-status").textContent());
            assertEquals(null, page.locator("#emulator-save").getAttribute("disabled"));
            assertEquals(null, page.locator("#emulator-pause").getAttribute("disabled"));
            System.out.printf("emulator page: running %d ms after navigation%n", running);
            page.screenshot(new Page.ScreenshotOptions().setPath(shots.resolve("emulator.png")).setFullPage(true));
            assertEquals(java.util.List.of(), csp, "Content-Security-Policy violations");

            BrowserContext dark = browser.newContext(new Browser.NewContextOptions().setViewportSize(390, 844)
                    .setDeviceScaleFactor(2).setIsMobile(true).setColorScheme(ColorScheme.DARK));
            Page phone = dark.newPage();
            phone.navigate("http://127.0.0.1:" + port + "/emulator/");
            waitUntil(() -> "running".equals(phone.locator("#emulator").getAttribute("data-status")));
            phone.screenshot(new Page.ScreenshotOptions().setPath(shots.resolve("emulator-phone-dark.png")));
            assertEquals(Boolean.TRUE, phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth"));
        }
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 60 s");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private static long instructions(Page page) {
        String n = page.locator("#emulator").getAttribute("data-instructions");
        return n == null ? 0 : Long.parseLong(n);
    }
}
