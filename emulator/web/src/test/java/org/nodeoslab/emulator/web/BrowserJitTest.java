package org.nodeoslab.emulator.web;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.nodeoslab.emulator.bus.ArrayStorage;
import org.nodeoslab.emulator.bus.MemoryStorage;

/**
 * Compiled guest code in the browser: the path (nodeos-jit.js and the Java of {@code web.jit}: a module made at run
 * time is compiled and instantiated with TeaVM's exports as its imports, called from Java through the table and the
 * trampoline, and a Java exception thrown by a helper reaches the Java code that called it), then jit-wasm's modules
 * running guest programs exactly as the interpreter on the JVM does.
 */
class BrowserJitTest extends BrowserTestBase {
    /** The JVM side keeps RAM in Java arrays (the page's machines keep it in linear memory). */
    private static final MemoryStorage.Factory JVM_MEMORY = ArrayStorage.FACTORY;

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
        CpuMachine jvm = loaded(new CpuMachine(1, JVM_MEMORY), program);
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

    /**
     * With the JIT on, a hot region's module is compiled in the background: while it compiles (here: the page never
     * lets its event loop turn) the machine goes on, on the interpreter; once the loop turns the modules go in and
     * run, and the registers after as many instructions are the interpreter's. Released modules give their table
     * slots to the next machine's.
     */
    @Test
    void modulesCompiledInTheBackgroundRunWhenReadyAndReleasedSlotsAreReused() throws Exception {
        compiledInTheBackground(1);
    }

    /** The same with regions sharing modules of up to 8 functions (configureJit's batch). */
    @Test
    void regionsSharingModulesRunWhenReadyAndReleasedSlotsAreReused() throws Exception {
        Map<String, Object> ready = compiledInTheBackground(8);
        Map<String, Object> stats = map(ready.get("stats"));
        assertTrue(number(stats.get("modules")) < number(stats.get("live")),
                "fewer modules than regions: " + stats);
    }

    /** The background compile test with {@code batch} regions at most per module; the stats once modules ran. */
    private Map<String, Object> compiledInTheBackground(int batch) throws Exception {
        byte[] program = Nasm.assemble("calls.asm");
        @SuppressWarnings("unchecked")
        Map<String, Object> browser = (Map<String, Object>) evaluate("""
                const REGISTERS = ["eax", "ebx", "ecx", "edx", "esi", "edi", "esp", "ebp", "eip", "eflags"];
                const state = machine => REGISTERS.map(r => machine.getRegister(r)).join(",");
                const fresh = () => {
                  const machine = emulator.createMachine(1);
                  machine.load(args.load, bytesOf(args.program));
                  machine.enterFlat32(args.load, args.stack);
                  return machine;
                };
                const jit = emulator.configureJit({ mode: "on", threshold: 50, entryThreshold: 5, batch: args.batch });
                const start = emulator.jitStats;
                const machine = fresh();
                for (let i = 0; i < 20; i++) {
                  machine.run(100000); // no turn of the event loop: nothing compiled can be ready
                }
                const pending = { compiled: machine.compiledInstructions, instructions: machine.instructions,
                                  stats: emulator.jitStats };
                emulator.flushJit(); // the regions waiting to share a module go now (else a few slices later)
                await until(() => emulator.jitStats.pending === 0, "the background compiles");
                for (let i = 0; i < 20; i++) {
                  machine.run(100000);
                  await turn();
                }
                const ready = { compiled: machine.compiledInstructions, instructions: machine.instructions,
                                state: state(machine), stats: emulator.jitStats };
                machine.releaseCompiledCode();
                const released = emulator.jitStats;
                const second = fresh();
                while (second.compiledInstructions === 0 || emulator.jitStats.pending > 0) {
                  second.run(100000);
                  await turn();
                }
                const reused = emulator.jitStats;
                emulator.configureJit({ mode: "off" });
                const reference = fresh();
                while (reference.instructions < ready.instructions) {
                  reference.run(Math.min(100000, ready.instructions - reference.instructions));
                }
                return { jit, start, pending, ready, released, reused, reference: state(reference) };
                """, Map.of("program", base64(program), "load", LOAD_ADDRESS, "stack", STACK_TOP, "batch", batch));
        System.out.println("[jit] calls.asm, background compile, " + batch + " regions a module at most: " + browser);
        assertEquals("jit on threshold 50/5 look-ups 1/16", browser.get("jit"));
        Map<String, Object> start = map(browser.get("start"));
        Map<String, Object> pending = map(browser.get("pending"));
        Map<String, Object> pendingStats = map(pending.get("stats"));
        assertEquals(2_000_000, number(pending.get("instructions")), "the machine ran on while modules compiled");
        assertEquals(0, number(pending.get("compiled")), "nothing ran compiled before the event loop turned");
        assertTrue(number(pendingStats.get("pending")) > 10, "modules asked for, compiling: " + pendingStats);
        Map<String, Object> ready = map(browser.get("ready"));
        Map<String, Object> readyStats = map(ready.get("stats"));
        assertTrue(number(ready.get("compiled")) > 1_000_000, "the ready modules ran: " + ready);
        assertEquals(browser.get("reference"), ready.get("state"), "registers after 4M instructions, as interpreted");
        assertEquals(0, number(readyStats.get("failures")) - number(start.get("failures")));
        long modules = number(readyStats.get("live")) - number(start.get("live"));
        assertEquals(number(pendingStats.get("live")) - number(start.get("live")), modules,
                "each region's module asked for once");
        Map<String, Object> released = map(browser.get("released"));
        assertEquals(number(start.get("live")), number(released.get("live")), "every module of the machine released");
        Map<String, Object> reused = map(browser.get("reused"));
        assertTrue(number(reused.get("reused")) - number(released.get("reused")) >= modules,
                "the second machine's modules took the released slots: " + reused);
        assertEquals(number(released.get("tableSize")), number(reused.get("tableSize")), "the table did not grow");
        return ready;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    /**
     * Not a pass/fail speed check: the bench loop's MIPS with the JIT off, on with guest memory through the helpers,
     * and on with it inline (the default), and the same end state in all three.
     */
    @Test
    void benchLoopCompiledEndsAsInterpretedAndReportsMips() throws Exception {
        byte[] program = Nasm.assemble("bench.asm");
        int instructions = Integer.getInteger("bench.instructions", 20_000_000);
        @SuppressWarnings("unchecked")
        Map<String, Object> browser = (Map<String, Object>) evaluate("""
                // Between two runs the page's event loop turns (as start() lets it): modules compiled in the
                // background go in then.
                const bench = async count => {
                  const machine = emulator.createMachine(1);
                  machine.load(args.load, bytesOf(args.program));
                  machine.enterFlat32(args.load, args.stack);
                  const started = performance.now();
                  while (machine.instructions < count) {
                    machine.run(Math.min(1000000, count - machine.instructions));
                    if (machine.status !== "budget") {
                      throw new Error("bench loop stopped: " + machine.status);
                    }
                    await turn();
                  }
                  return { seconds: (performance.now() - started) / 1000, compiled: machine.compiledInstructions,
                           state: ["eax", "ebx", "ecx", "edx", "esi", "edi", "esp", "ebp", "eip", "eflags"]
                               .map(r => machine.getRegister(r)).join(",") };
                };
                emulator.configureJit({ mode: "off" });
                await bench(args.instructions / 4);
                const interpreted = await bench(args.instructions);
                const jit = emulator.configureJit({ mode: "on", threshold: 100, entryThreshold: 10,
                                                    memoryInline: false });
                await bench(args.instructions / 4);
                const throughHelpers = await bench(args.instructions);
                emulator.configureJit({ mode: "on", threshold: 100, entryThreshold: 10 });
                await bench(args.instructions / 4);
                const compiled = await bench(args.instructions);
                emulator.configureJit({ mode: "off" });
                return { jit, interpreted, throughHelpers, compiled, stats: emulator.jitStats };
                """, Map.of("program", base64(program), "load", LOAD_ADDRESS, "stack", STACK_TOP,
                "instructions", instructions));
        @SuppressWarnings("unchecked")
        Map<String, Object> interpreted = (Map<String, Object>) browser.get("interpreted");
        @SuppressWarnings("unchecked")
        Map<String, Object> compiled = (Map<String, Object>) browser.get("compiled");
        @SuppressWarnings("unchecked")
        Map<String, Object> throughHelpers = (Map<String, Object>) browser.get("throughHelpers");
        assertEquals(interpreted.get("state"), compiled.get("state"), "registers after the bench loop");
        assertEquals(interpreted.get("state"), throughHelpers.get("state"), "the same, memory through the helpers");
        assertTrue(number(compiled.get("compiled")) > instructions / 2, "the loop ran compiled: " + compiled);
        assertTrue(number(throughHelpers.get("compiled")) > instructions / 2, "the loop ran compiled: " + throughHelpers);
        double off = instructions / ((Number) interpreted.get("seconds")).doubleValue() / 1e6;
        double helpers = instructions / ((Number) throughHelpers.get("seconds")).doubleValue() / 1e6;
        double on = instructions / ((Number) compiled.get("seconds")).doubleValue() / 1e6;
        System.out.printf("bench: guest MIPS on the bench loop in chromium (%d instructions): interpreter %.1f,"
                + " %s %.1f with memory through helpers, %.1f inline (%.0f%% compiled; %s)%n", instructions, off,
                browser.get("jit"), helpers, on, 100.0 * number(compiled.get("compiled")) / instructions,
                browser.get("stats"));
    }
}
