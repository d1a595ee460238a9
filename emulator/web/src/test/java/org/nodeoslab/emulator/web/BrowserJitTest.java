package org.nodeoslab.emulator.web;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Compiled guest code in the browser: the path (nodeos-jit.js and the Java of {@code web.jit}: a module made at run
 * time is compiled and instantiated with TeaVM's exports as its imports, called from Java through the table and the
 * trampoline, and a Java exception thrown by a helper reaches the Java code that called it), then jit-wasm's modules
 * running guest programs exactly as the interpreter on the JVM does.
 */
class BrowserJitTest extends BrowserTestBase {
    @AfterEach
    void jitOff() {
        evaluate("emulator.configureJit({ mode: 'off' });", null);
    }

    @Test
    void aModuleMadeAtRunTimeRunsAndAHelpersExceptionReachesJava() {
        @SuppressWarnings("unchecked")
        Map<String, Object> result = (Map<String, Object>) evaluate("""
                const before = emulator.jitStats;
                const probe = emulator.jitSelfTest({ callNanos: 2000000 });
                const after = emulator.jitStats;
                return { ...probe, modules: after.modules - before.modules, live: after.live - before.live,
                         failures: after.failures - before.failures };
                """, null);
        System.out.println("[jit] probe in chromium: " + result);
        assertEquals("ok", result.get("status"));
        assertEquals(3, number(result.get("modules")), "three loads of the probe module");
        assertEquals(0, number(result.get("live")), "each released");
        assertEquals(0, number(result.get("failures")));
        assertTrue(((Number) result.get("intoCompiled")).doubleValue() < 1000, "a call is not a JS round trip");
    }

    @Test
    void theSmokeProgramCompiledBlockByBlockComputesWhatTheInterpreterDoes() throws Exception {
        byte[] program = Nasm.assemble("smoke.asm");
        CpuMachine jvm = loaded(new CpuMachine(1), program);
        while (jvm.run(100_000) == GuestMachine.Status.BUDGET && jvm.instructions() < 10_000_000) {
            // the interpreter, on the JVM
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> browser = (Map<String, Object>) evaluate("""
                const jit = emulator.configureJit({ mode: "force" });
                const before = emulator.jitStats;
                const machine = emulator.createMachine(1);
                machine.load(args.load, bytesOf(args.program));
                machine.enterFlat32(args.load, args.stack);
                let output = "";
                while (machine.run(100000) > 0 && machine.status === "budget" && machine.instructions < 1e7) {
                  output += String.fromCharCode(...machine.takeSerialOutput());
                }
                output += String.fromCharCode(...machine.takeSerialOutput());
                const after = emulator.jitStats;
                return { jit, status: machine.status, output, eax: machine.getRegister("eax"),
                         instructions: machine.instructions, compiled: machine.compiledInstructions,
                         modules: after.modules - before.modules, failures: after.failures - before.failures };
                """, Map.of("program", base64(program), "load", LOAD_ADDRESS, "stack", STACK_TOP));
        System.out.println("[jit] smoke.asm forced: " + browser);
        assertEquals("jit force", browser.get("jit"));
        assertEquals("halted", browser.get("status"));
        assertEquals(new String(jvm.takeSerialOutput(), StandardCharsets.ISO_8859_1), browser.get("output"));
        assertEquals(Integer.toUnsignedLong(jvm.register("eax")), number(browser.get("eax")), "EAX");
        assertEquals(jvm.instructions(), number(browser.get("instructions")), "instructions retired");
        assertEquals(0, number(browser.get("failures")), "modules the browser refused");
        assertTrue(number(browser.get("modules")) > 0, "modules compiled");
        assertTrue(number(browser.get("compiled")) > jvm.instructions() / 2, "most instructions ran compiled");
    }

    /**
     * A module the browser refuses (here: every module, once the switch's self-test has passed) leaves its region to
     * the interpreter: the program computes the same, the refusals are counted, and one warning says why.
     */
    @Test
    void modulesTheBrowserRefusesLeaveTheirRegionsToTheInterpreterWithOneWarning() throws Exception {
        byte[] program = Nasm.assemble("smoke.asm");
        @SuppressWarnings("unchecked")
        Map<String, Object> browser = (Map<String, Object>) evaluate("""
                const jit = emulator.configureJit({ mode: "force" });
                const realModule = WebAssembly.Module;
                const realWarn = console.warn;
                const warnings = [];
                WebAssembly.Module = function () {
                  throw new WebAssembly.CompileError("refused by the test");
                };
                console.warn = message => warnings.push(String(message));
                try {
                  const before = emulator.jitStats;
                  const machine = emulator.createMachine(1);
                  machine.load(args.load, bytesOf(args.program));
                  machine.enterFlat32(args.load, args.stack);
                  while (machine.run(100000) > 0 && machine.status === "budget" && machine.instructions < 1e7) {
                  }
                  const after = emulator.jitStats;
                  return { jit, status: machine.status, output: String.fromCharCode(...machine.takeSerialOutput()),
                           eax: machine.getRegister("eax"), compiled: machine.compiledInstructions,
                           modules: after.modules - before.modules, failures: after.failures - before.failures,
                           warnings };
                } finally {
                  WebAssembly.Module = realModule;
                  console.warn = realWarn;
                }
                """, Map.of("program", base64(program), "load", LOAD_ADDRESS, "stack", STACK_TOP));
        System.out.println("[jit] smoke.asm, every module refused: " + browser);
        assertEquals("jit force", browser.get("jit"));
        assertEquals("halted", browser.get("status"));
        assertEquals(SmokeProgram.expectedOutput(), browser.get("output"));
        assertEquals(Integer.toUnsignedLong(SmokeProgram.expectedEax()), number(browser.get("eax")), "EAX");
        assertEquals(0, number(browser.get("compiled")), "nothing ran compiled");
        assertEquals(0, number(browser.get("modules")), "no module loaded");
        assertTrue(number(browser.get("failures")) > 0, "refusals counted");
        @SuppressWarnings("unchecked")
        java.util.List<String> warnings = (java.util.List<String>) browser.get("warnings");
        assertEquals(1, warnings.size(), "one warning for all refusals: " + warnings);
        assertTrue(warnings.get(0).contains("refused by the test") && warnings.get(0).contains("interpreter"),
                warnings.get(0));
    }

    /** Not a pass/fail speed check: the bench loop's MIPS with the JIT on and off, and the same end state. */
    @Test
    void benchLoopCompiledEndsAsInterpretedAndReportsMips() throws Exception {
        byte[] program = Nasm.assemble("bench.asm");
        int instructions = Integer.getInteger("bench.instructions", 20_000_000);
        @SuppressWarnings("unchecked")
        Map<String, Object> browser = (Map<String, Object>) evaluate("""
                const bench = count => {
                  const machine = emulator.createMachine(1);
                  machine.load(args.load, bytesOf(args.program));
                  machine.enterFlat32(args.load, args.stack);
                  const started = performance.now();
                  while (machine.instructions < count) {
                    machine.run(Math.min(1000000, count - machine.instructions));
                    if (machine.status !== "budget") {
                      throw new Error("bench loop stopped: " + machine.status);
                    }
                  }
                  return { seconds: (performance.now() - started) / 1000, compiled: machine.compiledInstructions,
                           state: ["eax", "ebx", "ecx", "edx", "esi", "edi", "esp", "ebp", "eip", "eflags"]
                               .map(r => machine.getRegister(r)).join(",") };
                };
                emulator.configureJit({ mode: "off" });
                bench(args.instructions / 4);
                const interpreted = bench(args.instructions);
                const jit = emulator.configureJit({ mode: "on", threshold: 100, entryThreshold: 10 });
                bench(args.instructions / 4);
                const compiled = bench(args.instructions);
                return { jit, interpreted, compiled, stats: emulator.jitStats };
                """, Map.of("program", base64(program), "load", LOAD_ADDRESS, "stack", STACK_TOP,
                "instructions", instructions));
        @SuppressWarnings("unchecked")
        Map<String, Object> interpreted = (Map<String, Object>) browser.get("interpreted");
        @SuppressWarnings("unchecked")
        Map<String, Object> compiled = (Map<String, Object>) browser.get("compiled");
        assertEquals(interpreted.get("state"), compiled.get("state"), "registers after the bench loop");
        assertTrue(number(compiled.get("compiled")) > instructions / 2, "the loop ran compiled: " + compiled);
        double off = instructions / ((Number) interpreted.get("seconds")).doubleValue() / 1e6;
        double on = instructions / ((Number) compiled.get("seconds")).doubleValue() / 1e6;
        System.out.printf("bench: guest MIPS on the bench loop in chromium (%d instructions): interpreter %.1f,"
                + " %s %.1f (%.0f%% compiled; %s)%n", instructions, off, browser.get("jit"), on,
                100.0 * number(compiled.get("compiled")) / instructions, browser.get("stats"));
    }
}
