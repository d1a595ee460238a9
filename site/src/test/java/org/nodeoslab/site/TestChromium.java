package org.nodeoslab.site;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;

/**
 * Debian's Chromium under Playwright for Java, whose driver is playwright-core from npm (installed by the build)
 * run by the machine's Node.js.
 */
public final class TestChromium {

    private static final String CHROMIUM = "/usr/bin/chromium";

    private TestChromium() {
    }

    public static Playwright playwright() {
        return Playwright.create(new Playwright.CreateOptions().setEnv(driverEnv()));
    }

    public static Browser launch(Playwright playwright) {
        return playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(Path.of(CHROMIUM)).setHeadless(true)
                .setArgs(List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                        "--disable-component-update", "--no-first-run")));
    }

    /**
     * Every Content-Security-Policy violation Chromium reports in the context's pages from now on: the document's
     * securitypolicyviolation events and the console's "Refused to ..." lines (which also name a worker's).
     */
    public static List<String> watchCsp(com.microsoft.playwright.BrowserContext context) {
        List<String> violations = new java.util.concurrent.CopyOnWriteArrayList<>();
        context.exposeFunction("__reportCsp", args -> {
            violations.add(String.valueOf(args[0]));
            return null;
        });
        context.addInitScript("document.addEventListener('securitypolicyviolation', e => "
                + "window.__reportCsp(location.pathname + ': ' + e.violatedDirective + ' ' + e.blockedURI));");
        context.onPage(page -> page.onConsoleMessage(m -> {
            if (m.text().contains("Content Security Policy")) {
                violations.add(page.url() + ": " + m.text());
            }
        }));
        return violations;
    }

    private static Map<String, String> driverEnv() {
        for (String dir : System.getenv("PATH").split(File.pathSeparator)) {
            Path node = Path.of(dir, "node");
            if (Files.isExecutable(node)) {
                return Map.of("PLAYWRIGHT_NODEJS_PATH", node.toString(), "PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
            }
        }
        throw new IllegalStateException("node is not on the PATH; the build needs Node.js for npm anyway");
    }
}
