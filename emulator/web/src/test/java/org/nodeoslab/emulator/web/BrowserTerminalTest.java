package org.nodeoslab.emulator.web;

import com.microsoft.playwright.Page;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Paths;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** terminal.html as a reader uses it: xterm.js on the PC's COM1, typed into with the keyboard. */
class BrowserTerminalTest extends BrowserTestBase {
    private Page terminalPage;

    @AfterEach
    void closeTerminal() {
        if (terminalPage != null) {
            terminalPage.close();
        }
    }

    @Test
    void typingInTheTerminalReachesTheGuestAndItsAnswerIsShown() throws Exception {
        openTerminalOnProgram("serial-echo");
        waitForScreen("echo ready");
        assertEquals("running", terminalPage.textContent("#status"));

        terminalPage.keyboard().type("Hi there");
        waitForScreen("HI THERE");
        terminalPage.waitForFunction("/^\\d+\\.\\d MIPS$/.test(document.getElementById('speed').textContent)");
        terminalPage.screenshot(new Page.ScreenshotOptions()
                .setPath(Paths.get(System.getProperty("test.output.dir", "target"), "terminal.png")));
        terminalPage.keyboard().type("q");
        waitForScreen("[powered off]");
        assertEquals("powered off", terminalPage.textContent("#status"));
    }

    @Test
    void aTripleFaultIsShownWithTheCpuState() throws Exception {
        openTerminalOnProgram("triple-fault");
        waitForScreen("[triple fault: the machine shut down]");
        waitForScreen("EIP=00010007");
        assertEquals("triple fault: the machine shut down", terminalPage.textContent("#status"));
    }

    @Test
    void aMissingImageIsNamedInTheStatusLineAndTheTerminal() {
        terminalPage = chromium.open(server.baseUrl() + "/emulator/terminal.html?kernel=/images/missing-bzImage");
        waitForScreen("/images/missing-bzImage: HTTP 404");
        assertEquals("error: /images/missing-bzImage: HTTP 404 Not Found", terminalPage.textContent("#status"));
        assertFalse(chromium.pageErrors.isEmpty(), "the browser reports the failed request itself");
        assertTrue(chromium.pageErrors.stream().allMatch(error -> error.contains("404")), chromium.pageErrors::toString);
        chromium.pageErrors.clear();
    }

    @Test
    void withNothingToRunThePageSaysWhatItNeeds() {
        terminalPage = chromium.open(server.baseUrl() + "/emulator/terminal.html");
        waitForScreen("nothing to run");
        assertEquals("error: nothing to run: give a kernel (kernelUrl), a saved state (stateUrl) or a program"
                + " (programUrl)", terminalPage.textContent("#status"));
    }

    /** terminal.html on a 16 MiB PC (virtual clock) running guest/NAME.asm, served as the page's program URL. */
    private void openTerminalOnProgram(String name) throws Exception {
        server.serve("/guest/" + name + ".bin", Nasm.assemble(name + ".asm"));
        terminalPage = chromium.open(server.baseUrl() + "/emulator/terminal.html?program=/guest/" + name
                + ".bin&memory=16&clock=virtual");
    }

    /** Waits until xterm.js shows the text (its DOM renderer writes the screen rows as text). */
    private void waitForScreen(String text) {
        terminalPage.waitForFunction("text => document.querySelector('.xterm-rows')?.textContent.includes(text)",
                text, new Page.WaitForFunctionOptions().setTimeout(60_000));
    }
}
