package org.nodeoslab.emulator.web;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.PlaywrightException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The TeaVM build in Debian's chromium: the page imports /emulator/nodeos-emulator.js exactly as a site page will,
 * and what it sees must be what the JVM sees for the same calls.
 */
@Timeout(180)
class BrowserSmokeTest {
    private static StaticFileServer server;
    private static Chromium chromium;
    private static Page page;

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

    @Test
    void bytesAndRegistersCrossTheBorderUnchanged() {
        Object result = page.evaluate("""
                async () => {
                  const { loadEmulator } = await import("/emulator/nodeos-emulator.js");
                  const machine = (await loadEmulator()).createMachine(1);
                  machine.load(0xFFF00, new Uint8Array([0x00, 0x7F, 0x80, 0xFF, 0x42]));
                  machine.setRegister("eax", 0xDEADBEEF);
                  machine.setRegister("cs", 0x1234);
                  return [Array.from(machine.read(0xFFF00, 5)).join(","), machine.getRegister("eax"),
                          machine.getRegister("cs"), machine.getRegister("eflags")];
                }""");
        CpuMachine jvm = new CpuMachine(1);
        assertEquals(List.of("0,127,128,255,66", 0xDEADBEEFL, 0x1234, jvm.register("eflags")),
                numbersAsJava((List<?>) result));
    }

    @Test
    void javaErrorsReachThePageWithTheirMessage() {
        String unknownRegister = pageError("machine.getRegister('rax')");
        assertTrue(unknownRegister.contains("unknown register 'rax'"), unknownRegister);
        String outsideRam = pageError("machine.load(0xFFFFE, new Uint8Array(4))");
        assertTrue(outsideRam.contains("does not fit in 1 MiB of RAM: 4 bytes at 0xffffe"), outsideRam);
    }

    /** Runs a statement on a fresh 1 MiB machine and returns the message of the error it must throw. */
    private static String pageError(String statement) {
        PlaywrightException e = assertThrows(PlaywrightException.class, () -> page.evaluate("""
                async () => {
                  const { loadEmulator } = await import("/emulator/nodeos-emulator.js");
                  const machine = (await loadEmulator()).createMachine(1);
                  %s;
                }""".formatted(statement)));
        return e.getMessage();
    }

    /** Playwright hands JS numbers over as Integer or Double; compare them as the unsigned values they stand for. */
    private static List<Object> numbersAsJava(List<?> values) {
        return values.stream().map(v -> v instanceof Double d && d > Integer.MAX_VALUE ? (Object) d.longValue() : v)
                .toList();
    }
}
