package org.nodeoslab.site.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import org.junit.jupiter.api.Test;
import org.nodeoslab.site.TestChromium;
import org.nodeoslab.site.TestSites;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * What the student reads when the machine cannot start the usual way: a state this emulator refuses (here: not a
 * state at all) is named and the page boots the kernel instead; a state that cannot be downloaded is an error naming
 * its address; a browser without WebAssembly GC is told what it lacks.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class EmulatorStartProblemsBrowserTest {

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void foreignState(DynamicPropertyRegistry registry) {
        try {
            Path image = TestImages.busybox(TestSites.outputDir("emulator-problems-image"));
            registry.add("site.emulator.image-dir", image::toString);
            Path dir = TestSites.outputDir("emulator-problems-state");
            byte[] notAState = "this is not a machine state\n".getBytes(StandardCharsets.US_ASCII);
            Files.write(dir.resolve("nodeos-startup.state"), notAState);
            Files.writeString(dir.resolve(StartupStateFile.DESCRIPTION), """
                    {"file": "nodeos-startup.state", "sha256": "%s", "bytes": %d, "memoryMiB": 128, "screen": ""}
                    """.formatted(TestImages.sha256(dir.resolve("nodeos-startup.state")), notAState.length));
            registry.add("site.emulator.state-dir", dir::toString);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aStateTheEmulatorRefusesIsNamedAndThePageBootsInstead() {
        try (Playwright playwright = TestChromium.playwright(); Browser browser = TestChromium.launch(playwright)) {
            Page page = browser.newPage();
            page.navigate("http://127.0.0.1:" + port + "/emulator/");
            page.waitForFunction("window.nodeosPage?.readyMs > 0", null, new Page.WaitForFunctionOptions().setTimeout(90_000));
            assertEquals("boot", page.evaluate("window.nodeosPage.source"));
            String message = page.locator("#emulator-message").textContent();
            assertTrue(message.startsWith("The saved machine could not be used ("), message);
            assertTrue(message.contains(".start"), "names the state: " + message);
            assertTrue(message.endsWith("Booting Linux from scratch instead: this takes minutes."), message);
            assertTrue(page.locator("#boot-stages").isVisible());
            page.waitForFunction("Number(document.getElementById('emulator').dataset.instructions) > 1000000", null,
                    new Page.WaitForFunctionOptions().setTimeout(60_000));
        }
    }

    @Test
    void aStateThatCannotBeDownloadedIsAnErrorNamingIt() {
        try (Playwright playwright = TestChromium.playwright(); Browser browser = TestChromium.launch(playwright)) {
            var context = browser.newContext();
            // The worker's fetch goes through the context's routes too.
            context.route("**/emulator/state/**", route -> route.fulfill(new com.microsoft.playwright.Route.FulfillOptions()
                    .setStatus(503).setBody("down for maintenance")));
            Page page = context.newPage();
            page.navigate("http://127.0.0.1:" + port + "/emulator/");
            page.waitForFunction("(document.getElementById('emulator').dataset.status ?? '').startsWith('could not start')", null,
                    new Page.WaitForFunctionOptions().setTimeout(60_000));
            String message = page.locator("#emulator-message").textContent();
            assertTrue(message.matches("The machine could not start: http://127\\.0\\.0\\.1:\\d+/emulator/state/[0-9a-f]{16}"
                    + "\\.start: download failed, HTTP 503.*"), message);
        }
    }

    @Test
    void aBrowserWithoutWebAssemblyGcIsToldWhatItLacks() {
        try (Playwright playwright = TestChromium.playwright(); Browser browser = TestChromium.launch(playwright)) {
            Page page = browser.newPage();
            page.addInitScript("WebAssembly.validate = () => false;"); // as a browser without the GC proposal answers
            page.navigate("http://127.0.0.1:" + port + "/emulator/");
            page.waitForFunction("!document.getElementById('emulator-message').hidden", null,
                    new Page.WaitForFunctionOptions().setTimeout(30_000));
            assertEquals("This page needs a newer browser: this browser lacks WebAssembly GC (Chrome or Edge 119+,"
                    + " Firefox 120+, Safari 18.2+ have it).", page.locator("#emulator-message").textContent());
            assertEquals("this browser cannot run the emulator", page.locator("#emulator-status").textContent());
        }
    }
}
