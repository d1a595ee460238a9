package org.nodeoslab.emulator.web;

import com.microsoft.playwright.Page;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One chromium page per test class on the built browser files, served over loopback as the site serves them; a test
 * imports /emulator/nodeos-emulator.js in the page exactly as a site page does. Any error the page logs fails the
 * test that caused it.
 */
@Timeout(180)
abstract class BrowserTestBase {
    /** Where guest programs are loaded and entered, in flat 32-bit mode, on the JVM and in the page alike. */
    static final int LOAD_ADDRESS = 0x10000;
    static final int STACK_TOP = 0x80000;
    /** Page-side helpers every test can use: the emulator module, and guest bytes handed over as base64. */
    static final String PRELUDE = """
            const { loadEmulator, fetchBytes } = await import("/emulator/nodeos-emulator.js");
            const emulator = await loadEmulator();
            const bytesOf = base64 => Uint8Array.from(atob(base64), c => c.charCodeAt(0));
            const until = (condition, what) => new Promise((resolve, reject) => {
              const started = Date.now();
              const poll = () => condition() ? resolve()
                  : Date.now() - started > 60000 ? reject(new Error("timed out waiting for " + what))
                  : setTimeout(poll, 5);
              poll();
            });
            // One turn of the page's event loop (a MessageChannel task, as nodeos-emulator.js's start() yields: no
            // timer clamp): promises such as a module compiled in the background settle then.
            const turn = () => new Promise(resolve => {
              const channel = new MessageChannel();
              channel.port1.onmessage = () => resolve();
              channel.port2.postMessage(null);
            });
            """;

    static StaticFileServer server;
    static Chromium chromium;
    static Page page;

    @BeforeAll
    static void openPage() throws Exception {
        Path webDir = Paths.get(System.getProperty("emulator.web.dir", "target/classes/META-INF/resources/emulator"));
        assertTrue(Files.isRegularFile(webDir.resolve("emulator.wasm")), "no TeaVM output in " + webDir);
        server = new StaticFileServer(webDir);
        chromium = new Chromium();
        page = chromium.open(server.baseUrl() + "/");
    }

    @AfterAll
    static void close() {
        if (chromium != null) {
            chromium.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @AfterEach
    void noPageErrors() {
        List<String> errors = List.copyOf(chromium.pageErrors);
        chromium.pageErrors.clear();
        assertEquals(List.of(), errors);
    }

    /** Runs {@code body} (the inside of an async function, after {@link #PRELUDE}) with {@code args} bound. */
    static Object evaluate(String body, Object args) {
        return page.evaluate("async (args) => {\n" + PRELUDE + body + "\n}", args);
    }

    static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** A machine with the program at {@link #LOAD_ADDRESS}, in flat 32-bit mode, ready to run. */
    static <M extends GuestMachine> M loaded(M machine, byte[] program) {
        machine.load(LOAD_ADDRESS, program);
        machine.enterFlat32(LOAD_ADDRESS, STACK_TOP);
        return machine;
    }

    /** Playwright hands JS numbers over as Integer or Double. */
    static long number(Object value) {
        return ((Number) value).longValue();
    }
}
