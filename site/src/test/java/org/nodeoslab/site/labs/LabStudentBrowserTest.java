package org.nodeoslab.site.labs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.nodeoslab.site.TestChromium;
import org.nodeoslab.site.TestSites;
import org.nodeoslab.site.emulator.TestStartupState;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A student plays the first lab in Debian's Chromium: opens /labs/, starts "Boot and the layers", and the machine
 * comes up from the start-up state in the page; they do steps 1-3 by typing in the terminal (each step passes by
 * itself after the command), give a wrong answer in step 4 (the check fails with its message), then the right one
 * (the step passes), reload (progress kept), and see their progress on /labs/. Needs a start-up state
 * (-Dnodeos.startup-state-dir=DIR, as EmulatorStartupBrowserTest); skipped without one. Screenshots at desktop and
 * phone size go to target/screenshots/.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "site.labs.dir=../labs")
class LabStudentBrowserTest {

    /** A loaded 2-core box: the restore, an agent round trip per check, and nsh on an emulated PC. */
    private static final double STEP_MS = 180_000;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void startupState(DynamicPropertyRegistry registry) {
        registry.add("site.emulator.state-dir", () -> TestStartupState.folder().toString());
    }

    @Test
    void aStudentPlaysTheFirstLab() {
        Assumptions.assumeTrue(Files.isRegularFile(TestStartupState.folder().resolve("startup.json")),
                "no start-up state built: " + TestStartupState.folder());
        Path shots = TestSites.outputDir("screenshots");
        String base = "http://127.0.0.1:" + port;
        try (Playwright playwright = TestChromium.playwright(); Browser browser = TestChromium.launch(playwright)) {
            BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 900));
            context.setDefaultTimeout(120_000); // page loads on a loaded 2-core box
            // Every text the line above the terminal shows, in order: what the student reads there, however briefly.
            context.addInitScript("window.labStatusLog = []; new MutationObserver(() => {"
                    + " const s = document.querySelector('.lab-machine-status'); const log = window.labStatusLog;"
                    + " if (s && log[log.length - 1] !== s.textContent) log.push(s.textContent); })"
                    + ".observe(document, {subtree: true, childList: true, characterData: true});");
            Page page = context.newPage();
            page.navigate(base + "/labs/");
            page.locator(".lab-card[data-lab-id='01-boot-and-layers'] h2 a").click();
            page.waitForURL("**/labs/01-boot-and-layers/");
            page.waitForSelector("#lab[data-session=ready]");
            assertEquals("0 of 5 steps passed · 0 min spent", page.locator(".lab-progress").textContent());

            page.locator(".lab-start").click();
            page.waitForSelector("#lab[data-machine=ready]", new Page.WaitForSelectorOptions().setTimeout(STEP_MS));
            assertTrue(terminalText(page).contains("nodeos:/$"), terminalText(page));

            type(page, "uname -a");
            passed(page, 1);
            page.waitForSelector(".lab-step[data-step='2'][data-state=current]"); // the next step is the current one
            type(page, "grep \"Run /init\" kernel.log"); // the step's setup copied the kernel log for the student
            passed(page, 2);
            type(page, "grep exec first-init.sh");
            passed(page, 3);

            type(page, "echo /lib/nodeos/agent > login-program.txt");
            page.waitForFunction("n => document.querySelector(`.lab-step[data-step='${n}'] .lab-result`).dataset.result === 'fail'",
                    4, new Page.WaitForFunctionOptions().setTimeout(STEP_MS));
            String failure = result(page, 4).textContent();
            assertTrue(failure.contains("login-program.txt says '/lib/nodeos/agent'"), failure);
            // ... and the line above the terminal, where the student is looking, says it too.
            String status = page.locator(".lab-machine-status").textContent();
            assertTrue(status.startsWith("Step 4, not yet: login-program.txt says '/lib/nodeos/agent'"), status);
            page.screenshot(new Page.ScreenshotOptions().setPath(shots.resolve("lab-step-failed.png")));

            type(page, "echo /lib/nodeos/logon > login-program.txt");
            passed(page, 4);
            // The line above the terminal says the step passed and names the next, and keeps saying it while the
            // machine is saved in the background (a save's "Starting the machine: download..." replaced it 57 ms
            // after it appeared). The save after step 4 is under way from that moment until data-machine-save says
            // how it ended.
            String step4Passed = "Step 4 passed. Step 5: Node.js is the userspace.";
            page.waitForFunction("t => window.labStatusLog.some(s => s.startsWith(t))", step4Passed);
            page.waitForFunction("() => ['saved', 'failed'].includes(document.getElementById('lab').dataset.machineSave)");
            assertEquals("saved", page.locator("#lab").getAttribute("data-machine-save"));
            assertTrue(page.locator(".lab-progress").textContent().endsWith("your machine is saved in this browser"),
                    page.locator(".lab-progress").textContent());
            @SuppressWarnings("unchecked")
            List<String> shown = (List<String>) page.evaluate("t => { const log = window.labStatusLog;"
                    + " return log.slice(log.findIndex(s => s.startsWith(t))); }", step4Passed);
            assertEquals(1, shown.size(), "the status line after step 4 passed showed: " + shown);
            assertTrue(page.locator(".lab-machine-status").textContent().startsWith(step4Passed),
                    page.locator(".lab-machine-status").textContent());
            // The next step scrolled beside the terminal.
            page.waitForFunction("() => { const r = document.querySelector(\".lab-step[data-step='5']\")"
                    + ".getBoundingClientRect(); return r.top >= 0 && r.top < innerHeight * 0.6; }");
            page.screenshot(new Page.ScreenshotOptions().setPath(shots.resolve("lab-step-passed.png")));

            // The kernel said nothing since the start-up state was saved: on the host's clock it marked the TSC
            // unstable seconds after every restore (a timer interrupt late for its PIT tick), and a paused machine
            // made it report a soft lockup with a call trace.
            String log = (String) page.evaluate("async () => (await window.labMachine.runInGuest('dmesg', "
                    + "{timeoutMs: 120000})).output");
            String afterBoot = log.substring(log.indexOf("Run /init as init process"));
            for (String bad : new String[] {"unstable", "soft lockup", "Call Trace", "WARNING", "hrtimer", "stall"}) {
                assertTrue(!afterBoot.contains(bad), "the kernel log says " + bad + ":\n" + afterBoot);
            }

            // On a phone the terminal is narrow; the page tells the guest its size, and ls fits its columns in it.
            page.setViewportSize(390, 844);
            phoneLs(page);
            page.setViewportSize(1280, 900);

            page.reload();
            page.waitForSelector("#lab[data-session=ready]");
            assertTrue(page.locator(".lab-progress").textContent().startsWith("4 of 5 steps passed"),
                    page.locator(".lab-progress").textContent());
            assertEquals("passed", page.locator(".lab-step[data-step='4']").getAttribute("data-state"));
            assertEquals("current", page.locator(".lab-step[data-step='5']").getAttribute("data-state"));
            // Step 5 offers its solution once its one hint has been shown; the course goes on with lab 02.
            Locator solution = page.locator(".lab-step[data-step='5'] .lab-solution");
            assertTrue(!solution.isVisible(), "the solution waits for the hint");
            page.locator(".lab-step[data-step='5'] .lab-hint-next").click();
            assertTrue(page.locator(".lab-step[data-step='5'] .lab-hint").isVisible() && solution.isVisible());
            assertEquals("Why /dev matters", page.locator(".lab-next a").textContent());
            assertTrue(!page.locator(".lab-done").isVisible(), "4 of 5 steps: not done yet");

            // The machine saved after step 4 is a delta of the start-up state (version 4, under 1 MB: the pages the
            // guest changed), and it continues where the student was: their file is there.
            assertEquals(4, ((Number) page.evaluate(SAVED_MACHINE + ".then(b => new DataView(b.buffer).getInt32(8))"))
                    .intValue());
            long savedBytes = ((Number) page.evaluate(SAVED_MACHINE + ".then(b => b.length)")).longValue();
            assertTrue(savedBytes < 4_000_000, "the saved machine has " + savedBytes + " bytes (the whole: 58 MB)");
            startMachine(page);
            assertTrue(status(page).startsWith("Step 5: Node.js is the userspace."), status(page));
            assertEquals("/lib/nodeos/logon", guest(page, "cat /home/nodeos/login-program.txt").trim());

            // A saved machine that cannot continue (here damaged: a byte of its last chunk flipped) is refused by
            // name; the lab starts again on a fresh machine, saying so, with the passed steps kept.
            page.evaluate(SAVED_MACHINE + ".then(b => { b[b.length - 1] ^= 0x55; return new Promise((ok, no) => {"
                    + " const open = indexedDB.open('nodeos-lab-machines', 1); open.onsuccess = () => {"
                    + " const t = open.result.transaction('machines', 'readwrite');"
                    + " t.objectStore('machines').put(b, '01-boot-and-layers'); t.oncomplete = ok; t.onerror = no; }; }); })");
            page.reload();
            page.waitForSelector("#lab[data-session=ready]");
            startMachine(page);
            String refused = status(page);
            assertTrue(refused.startsWith("Your saved machine could not be used (your saved machine: RAM chunk ")
                    && refused.contains(" is damaged (CRC-32 ") && refused.contains("so the machine starts from the"
                    + " lab's beginning: files you made are not in it. Step 5: Node.js is the userspace."), refused);
            page.screenshot(new Page.ScreenshotOptions().setPath(shots.resolve("lab-saved-refused.png")));
            assertEquals("absent", guest(page, "test -e /home/nodeos/login-program.txt || echo absent").trim());
            assertTrue(page.locator(".lab-progress").textContent().startsWith("4 of 5 steps passed"),
                    page.locator(".lab-progress").textContent());

            page.setViewportSize(390, 844);
            page.screenshot(new Page.ScreenshotOptions().setPath(shots.resolve("lab-phone.png")));
            assertEquals(Boolean.TRUE, page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"));

            page.setViewportSize(1280, 900);
            page.navigate(base + "/labs/");
            Locator progress = page.locator(".lab-card[data-lab-id='01-boot-and-layers'] .lab-card-progress");
            progress.waitFor();
            assertTrue(progress.textContent().startsWith("4 of 5 steps passed"), progress.textContent());
            page.screenshot(new Page.ScreenshotOptions().setPath(shots.resolve("labs-progress.png")));

            // "Reset lab": the same machine (its worker, emulator and RAM) goes back to the start-up state, and the
            // lab starts again at step 1 with its files and a prompt that answers.
            page.navigate(base + "/labs/01-boot-and-layers/");
            page.waitForSelector("#lab[data-session=ready]");
            startMachine(page);
            page.evaluate("() => { window.machineBeforeReset = window.labMachine; }");
            page.onceDialog(dialog -> dialog.accept());
            page.locator(".lab-reset-lab").click();
            page.waitForFunction("() => document.getElementById('lab').dataset.machine === 'ready' && document"
                    + ".querySelector('.lab-machine-status').textContent.startsWith('Step 1: Meet the kernel.')", null,
                    new Page.WaitForFunctionOptions().setTimeout(STEP_MS));
            assertEquals(Boolean.TRUE, page.evaluate("() => window.labMachine === window.machineBeforeReset"));
            assertTrue(page.locator(".lab-progress").textContent().startsWith("0 of 5 steps passed"),
                    page.locator(".lab-progress").textContent());
            assertTrue(terminalText(page).contains("Welcome to NodeOS"), terminalText(page));
            type(page, "uname -a");
            passed(page, 1);
        }
    }

    /**
     * At phone size: the guest's terminal gets xterm.js's size (the page runs stty through the agent), and nsh's ls
     * and busybox's /bin/ls print rows that fit the screen, every name whole (they wrapped mid-word when ls wrote
     * one line whatever the width).
     */
    private static void phoneLs(Page page) {
        // xterm.js refits after the viewport changes, on its own schedule: wait for it (a fixed timeout, not a sleep).
        try {
            page.waitForFunction("() => window.labTerminal.cols < 50", null,
                    new Page.WaitForFunctionOptions().setTimeout(10_000));
        } catch (com.microsoft.playwright.TimeoutError e) {
            // the assertion below reports the width it kept
        }
        int cols = ((Number) page.evaluate("() => window.labTerminal.cols")).intValue();
        assertTrue(cols < 50, "a phone's terminal is narrow: " + cols);
        guestSizeIsTerminals(page);
        String names = ((String) page.evaluate("async () => (await window.labMachine.runInGuest('ls /lib/nodeos/nsh', "
                + "{timeoutMs: 60000})).output")).trim();
        List<String> sorted = Arrays.stream(names.split("\\s+")).sorted().toList();
        for (String ls : new String[] {"ls", "/bin/ls"}) {
            // Checked again right before typing. Known bug, cause not found: in two runs of six with this check
            // alone (without the one above), nsh's first ls after the resize laid its names out for 80 columns while
            // the guest's tty and xterm.js were both 19x39 before and after it; no COLUMNS was set, and an ls
            // three seconds later fitted 39 columns. The wait above gives the guest that time.
            guestSizeIsTerminals(page);
            page.evaluate("() => window.labTerminal.clear()"); // the screen keeps only the prompt's row
            type(page, ls + " /lib/nodeos/nsh; echo ls-done");
            page.waitForFunction("() => { const b = window.labTerminal.buffer.active; for (let i = 0; i < b.length; i++)"
                    + " if (b.getLine(i).translateToString(true) === 'ls-done') return true; return false; }",
                    null, new Page.WaitForFunctionOptions().setTimeout(STEP_MS));
            // The rows xterm.js shows from the first name to ls-done, and whether each continues the one above.
            String shown = (String) page.evaluate("first => { const b = window.labTerminal.buffer.active; const rows = [];"
                    + " for (let i = 0; i < b.length; i++) { const l = b.getLine(i); const t = l.translateToString(true);"
                    + " if (t === 'ls-done') break; rows.push((l.isWrapped ? '+' : '|') + t); }"
                    + " const from = rows.findIndex(r => r.startsWith('|' + first)); return rows.slice(from).join('\\n'); }",
                    sorted.get(0));
            assertTrue(!shown.isEmpty() && !shown.contains("\n+"), () -> ls + " wraps a row on the phone (" + sizes(page)
                    + "):\n" + shown);
            List<String> words = Arrays.stream(shown.split("\n"))
                    .flatMap(r -> Arrays.stream(r.substring(1).trim().split(" +"))).sorted().toList();
            assertEquals(sorted, words, ls + ": every name, whole, once:\n" + shown);
            assertTrue(shown.split("\n").length < words.size(), ls + " shows columns:\n" + shown);
        }
        page.locator(".lab-terminal").screenshot(new Locator.ScreenshotOptions()
                .setPath(TestSites.outputDir("screenshots").resolve("lab-phone-ls.png")));
    }

    /** Waits until the guest's tty has xterm.js's rows and columns (the page runs stty through the agent). */
    private static void guestSizeIsTerminals(Page page) {
        page.waitForFunction("async () => (await window.labMachine.runInGuest('stty -F /dev/ttyS0 size', {timeoutMs: 60000}))"
                + ".output.trim() === `${window.labTerminal.rows} ${window.labTerminal.cols}`", null,
                new Page.WaitForFunctionOptions().setTimeout(STEP_MS).setPollingInterval(1000));
    }

    /** The guest tty's size and xterm.js's, for a failure's message. */
    private static String sizes(Page page) {
        return (String) page.evaluate("async () => 'guest rows cols ' + (await window.labMachine.runInGuest("
                + "'stty -F /dev/ttyS0 size', {timeoutMs: 60000})).output.trim() + ', xterm.js '"
                + " + window.labTerminal.rows + ' ' + window.labTerminal.cols");
    }

    /** The machine saved in this browser for lab 01 (lab-progress.js's IndexedDB store), as a Uint8Array. */
    private static final String SAVED_MACHINE = "new Promise((ok, no) => { const open = indexedDB.open('nodeos-lab-machines', 1);"
            + " open.onsuccess = () => { const get = open.result.transaction('machines').objectStore('machines')"
            + ".get('01-boot-and-layers'); get.onsuccess = () => ok(new Uint8Array(get.result)); get.onerror = no; }; })";

    private static void startMachine(Page page) {
        page.locator(".lab-start").click();
        page.waitForSelector("#lab[data-machine=ready]", new Page.WaitForSelectorOptions().setTimeout(STEP_MS));
    }

    private static String status(Page page) {
        return page.locator(".lab-machine-status").textContent();
    }

    private static String guest(Page page, String command) {
        return (String) page.evaluate("c => window.labMachine.runInGuest(c, {timeoutMs: 120000}).then(r => r.output)",
                command);
    }

    /** Types a command line into the terminal, as the student does. */
    private static void type(Page page, String line) {
        page.locator(".lab-terminal").click();
        page.keyboard().type(line + "\r");
    }

    private static void passed(Page page, int step) {
        page.waitForFunction("n => document.querySelector(`.lab-step[data-step='${n}'] .lab-result`).dataset.result === 'pass'",
                step, new Page.WaitForFunctionOptions().setTimeout(STEP_MS));
    }

    private static Locator result(Page page, int step) {
        return page.locator(".lab-step[data-step='" + step + "'] .lab-result");
    }

    private static String terminalText(Page page) {
        return (String) page.evaluate("() => { const b = window.labTerminal.buffer.active; let t = '';"
                + " for (let i = 0; i < b.length; i++) t += b.getLine(i).translateToString(true) + '\\n'; return t; }");
    }
}
