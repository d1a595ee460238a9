package org.nodeoslab.emulator.web;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.PlaywrightException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The TeaVM build in Debian's chromium: the page imports /emulator/nodeos-emulator.js exactly as a site page will,
 * and what it sees must be what the JVM sees for the same calls.
 */
@Timeout(180)
class BrowserSmokeTest {
    /** The smoke program retires well under a million instructions; past this it is looping where it should not. */
    private static final long SMOKE_LIMIT = 10_000_000;
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

    @Test
    void guestProgramComputesTheSameInTheBrowserAsOnTheJvm() throws Exception {
        byte[] program = Nasm.assemble("smoke.asm");

        CpuMachine jvm = new CpuMachine(1);
        jvm.load(SmokeProgram.LOAD_ADDRESS, program);
        jvm.enterFlat32(SmokeProgram.LOAD_ADDRESS, SmokeProgram.STACK_TOP);
        long jvmInstructions = 0;
        while (!jvm.isHalted() && !jvm.isShutdown() && jvmInstructions < SMOKE_LIMIT) {
            jvmInstructions += jvm.run(100_000);
        }
        String jvmOutput = new String(jvm.takeConsoleOutput(), StandardCharsets.ISO_8859_1);
        assertEquals(SmokeProgram.expectedOutput(), jvmOutput, "JVM console output");
        assertEquals(SmokeProgram.expectedEax(), jvm.register("eax"), "JVM EAX");

        // In the page the machine runs as a site runs it: start() in time slices, output through the callback.
        @SuppressWarnings("unchecked")
        Map<String, Object> browser = (Map<String, Object>) page.evaluate("""
                async ([programBase64, loadAddress, stackTop]) => {
                  const { loadEmulator } = await import("/emulator/nodeos-emulator.js");
                  const machine = (await loadEmulator()).createMachine(1);
                  machine.load(loadAddress, Uint8Array.from(atob(programBase64), c => c.charCodeAt(0)));
                  machine.enterFlat32(loadAddress, stackTop);
                  let output = "";
                  const reason = await new Promise(resolve => machine.start({
                    onSerialOutput: bytes => output += String.fromCharCode(...bytes),
                    onStop: (reason, error) => resolve(error ? reason + ": " + error.message : reason),
                  }));
                  return { reason, output, eax: machine.getRegister("eax"), instructions: machine.instructions };
                }""", List.of(Base64.getEncoder().encodeToString(program), SmokeProgram.LOAD_ADDRESS,
                SmokeProgram.STACK_TOP));

        assertEquals("halted", browser.get("reason"));
        assertEquals(jvmOutput, browser.get("output"), "browser console output");
        assertEquals(Integer.toUnsignedLong(jvm.register("eax")), ((Number) browser.get("eax")).longValue(),
                "browser EAX");
        assertEquals(jvmInstructions, ((Number) browser.get("instructions")).longValue(), "instructions retired");
    }

    /**
     * Not a pass/fail speed check: prints guest MIPS on the same loop in the browser and on the JVM. It does check
     * that both end in the same state after the same number of instructions.
     */
    @Test
    void benchLoopRunsAlikeAndReportsMips() throws Exception {
        byte[] program = Nasm.assemble("bench.asm");
        int instructions = Integer.getInteger("bench.instructions", 20_000_000);

        benchOnJvm(program, instructions / 4);
        long started = System.nanoTime();
        int[] jvm = benchOnJvm(program, instructions);
        double jvmSeconds = (System.nanoTime() - started) / 1e9;

        @SuppressWarnings("unchecked")
        Map<String, Object> browser = (Map<String, Object>) page.evaluate("""
                async ([programBase64, loadAddress, instructions]) => {
                  const { loadEmulator } = await import("/emulator/nodeos-emulator.js");
                  const emulator = await loadEmulator();
                  const program = Uint8Array.from(atob(programBase64), c => c.charCodeAt(0));
                  const bench = (count) => {
                    const machine = emulator.createMachine(1);
                    machine.load(loadAddress, program);
                    machine.enterFlat32(loadAddress, 0x80000);
                    while (machine.instructions < count) {
                      if (machine.run(Math.min(1000000, count - machine.instructions)) === 0) {
                        throw new Error("bench loop stopped at EIP " + machine.getRegister("eip").toString(16));
                      }
                    }
                    return machine;
                  };
                  bench(instructions / 4);
                  const started = performance.now();
                  const machine = bench(instructions);
                  const seconds = (performance.now() - started) / 1000;
                  return { seconds, eax: machine.getRegister("eax"), ebx: machine.getRegister("ebx"),
                           ecx: machine.getRegister("ecx") };
                }""", List.of(Base64.getEncoder().encodeToString(program), SmokeProgram.LOAD_ADDRESS, instructions));

        assertEquals(List.of(Integer.toUnsignedLong(jvm[0]), Integer.toUnsignedLong(jvm[1]),
                        Integer.toUnsignedLong(jvm[2])),
                List.of(((Number) browser.get("eax")).longValue(), ((Number) browser.get("ebx")).longValue(),
                        ((Number) browser.get("ecx")).longValue()), "EAX, EBX, ECX after the bench loop");
        double browserSeconds = ((Number) browser.get("seconds")).doubleValue();
        System.out.printf("bench: guest MIPS on the bench loop (%d instructions): browser %.1f, JVM %.1f (browser/JVM %.2f)%n",
                instructions, instructions / browserSeconds / 1e6, instructions / jvmSeconds / 1e6,
                jvmSeconds / browserSeconds);
    }

    /** Runs the bench loop for exactly {@code instructions}; returns EAX, EBX, ECX. */
    private static int[] benchOnJvm(byte[] program, int instructions) {
        CpuMachine machine = new CpuMachine(1);
        machine.load(SmokeProgram.LOAD_ADDRESS, program);
        machine.enterFlat32(SmokeProgram.LOAD_ADDRESS, SmokeProgram.STACK_TOP);
        int done = 0;
        while (done < instructions) {
            int retired = machine.run(Math.min(1_000_000, instructions - done));
            if (retired == 0) {
                throw new AssertionError("bench loop stopped at EIP " + Integer.toHexString(machine.register("eip")));
            }
            done += retired;
        }
        return new int[] {machine.register("eax"), machine.register("ebx"), machine.register("ecx")};
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
