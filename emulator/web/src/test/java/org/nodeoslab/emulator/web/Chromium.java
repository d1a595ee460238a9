package org.nodeoslab.emulator.web;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Debian's chromium driven by Playwright for Java, with the driver from npm (playwright-core, installed by the build
 * into target/npm) run by the machine's node: no browser or driver download. Collects the page's errors so a
 * failing test shows what the browser said.
 */
final class Chromium implements AutoCloseable {
    static final List<String> LAUNCH_ARGS = List.of("--headless", "--no-sandbox", "--disable-gpu",
            "--disable-background-networking", "--disable-component-update", "--no-first-run");

    private final Playwright playwright;
    private final Browser browser;
    final List<String> pageErrors = new ArrayList<>();

    Chromium() {
        String chromium = System.getProperty("chromium.path", "/usr/bin/chromium");
        if (!Files.isExecutable(Paths.get(chromium))) {
            throw new IllegalStateException(chromium + " is missing: install Debian's chromium (./lab test does)");
        }
        playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of(
                "PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1",
                "PLAYWRIGHT_NODEJS_PATH", onPath("node").toString())));
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(Paths.get(chromium))
                .setHeadless(true)
                .setArgs(LAUNCH_ARGS));
    }

    Page open(String url) {
        Page page = browser.newPage();
        page.onPageError(error -> pageErrors.add("page error: " + error));
        page.onConsoleMessage(message -> {
            if (message.type().equals("error")) {
                pageErrors.add("console error: " + message.text());
            }
        });
        page.navigate(url);
        return page;
    }

    private static Path onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Paths.get(dir, program);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException(program + " is not on PATH; Playwright's driver needs Node.js");
    }

    @Override
    public void close() {
        browser.close();
        playwright.close();
    }
}
