package org.nodeoslab.emulator.web;

import com.microsoft.playwright.PlaywrightException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.nodeoslab.emulator.bus.ArrayStorage;
import org.nodeoslab.emulator.bus.MemoryStorage;

/** The TeaVM build of the bare machine in Debian's chromium: what the page sees must be what the JVM sees. */
class BrowserSmokeTest extends BrowserTestBase {
    /** The JVM side keeps RAM in Java arrays (the page's machines keep it in linear memory). */
    private static final MemoryStorage.Factory JVM_MEMORY = ArrayStorage.FACTORY;

    /** The smoke program retires well under a million instructions; past this it is looping where it should not. */
    private static final long SMOKE_LIMIT = 10_000_000;

    @Test
    void bytesAndRegistersCrossTheBorderUnchanged() {
        Object result = evaluate("""
                const machine = emulator.createMachine(1);
                machine.load(0xFFF00, new Uint8Array([0x00, 0x7F, 0x80, 0xFF, 0x42]));
                machine.setRegister("eax", 0xDEADBEEF);
                machine.setRegister("cs", 0x1234);
                return [Array.from(machine.read(0xFFF00, 5)).join(","), machine.getRegister("eax"),
                        machine.getRegister("cs"), machine.getRegister("eflags")];
                """, null);
        List<?> values = (List<?>) result;
        assertEquals("0,127,128,255,66", values.get(0));
        assertEquals(0xDEADBEEFL, number(values.get(1)));
        assertEquals(0x1234, number(values.get(2)));
        assertEquals(new CpuMachine(1, JVM_MEMORY).register("eflags"), number(values.get(3)));
    }

    @Test
    void javaErrorsReachThePageWithTheirMessage() {
        String unknownRegister = pageError("emulator.createMachine(1).getRegister('rax')");
        assertTrue(unknownRegister.contains("unknown register 'rax'"), unknownRegister);
        String outsideRam = pageError("emulator.createMachine(1).load(0xFFFFE, new Uint8Array(4))");
        assertTrue(outsideRam.contains("does not fit in 1 MiB of RAM: 4 bytes at 0xffffe"), outsideRam);
        String notPc = pageError("emulator.createMachine(1).saveState()");
        assertTrue(notPc.contains("a bare machine cannot save its state"), notPc);
    }

    @Test
    void guestProgramComputesTheSameInTheBrowserAsOnTheJvm() throws Exception {
        byte[] program = Nasm.assemble("smoke.asm");

        CpuMachine jvm = loaded(new CpuMachine(1, JVM_MEMORY), program);
        GuestMachine.Status status = GuestMachine.Status.BUDGET;
        while (status == GuestMachine.Status.BUDGET && jvm.instructions() < SMOKE_LIMIT) {
            status = jvm.run(100_000);
        }
        assertEquals(GuestMachine.Status.HALTED, status);
        String jvmOutput = new String(jvm.takeSerialOutput(), StandardCharsets.ISO_8859_1);
        assertEquals(SmokeProgram.expectedOutput(), jvmOutput, "JVM console output");
        assertEquals(SmokeProgram.expectedEax(), jvm.register("eax"), "JVM EAX");

        // In the page the machine runs as a site runs it: start() in time slices, output through the callback.
        @SuppressWarnings("unchecked")
        Map<String, Object> browser = (Map<String, Object>) evaluate("""
                const machine = emulator.createMachine(1);
                machine.load(args.load, bytesOf(args.program));
                machine.enterFlat32(args.load, args.stack);
                let output = "";
                const reason = await new Promise(resolve => machine.start({
                  onSerialOutput: bytes => output += String.fromCharCode(...bytes),
                  onStop: (reason, error) => resolve(error ? reason + ": " + error.message : reason),
                }));
                return { reason, output, eax: machine.getRegister("eax"), instructions: machine.instructions };
                """, Map.of("program", base64(program), "load", LOAD_ADDRESS, "stack", STACK_TOP));

        assertEquals("halted", browser.get("reason"));
        assertEquals(jvmOutput, browser.get("output"), "browser console output");
        assertEquals(Integer.toUnsignedLong(jvm.register("eax")), number(browser.get("eax")), "browser EAX");
        assertEquals(jvm.instructions(), number(browser.get("instructions")), "instructions retired");
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
        CpuMachine jvm = benchOnJvm(program, instructions);
        double jvmSeconds = (System.nanoTime() - started) / 1e9;

        @SuppressWarnings("unchecked")
        Map<String, Object> browser = (Map<String, Object>) evaluate("""
                const bench = count => {
                  const machine = emulator.createMachine(1);
                  machine.load(args.load, bytesOf(args.program));
                  machine.enterFlat32(args.load, args.stack);
                  while (machine.instructions < count) {
                    machine.run(Math.min(1000000, count - machine.instructions));
                    if (machine.status !== "budget") {
                      throw new Error("bench loop stopped: " + machine.status);
                    }
                  }
                  return machine;
                };
                bench(args.instructions / 4);
                const started = performance.now();
                const machine = bench(args.instructions);
                const seconds = (performance.now() - started) / 1000;
                return { seconds, state: ["eax", "ebx", "ecx"].map(r => machine.getRegister(r)).join(",") };
                """, Map.of("program", base64(program), "load", LOAD_ADDRESS, "stack", STACK_TOP,
                "instructions", instructions));

        String jvmState = Integer.toUnsignedString(jvm.register("eax")) + "," + Integer.toUnsignedString(
                jvm.register("ebx")) + "," + Integer.toUnsignedString(jvm.register("ecx"));
        assertEquals(jvmState, browser.get("state"), "EAX, EBX, ECX after the bench loop");
        double browserSeconds = ((Number) browser.get("seconds")).doubleValue();
        System.out.printf("bench: guest MIPS on the bench loop (%d instructions): browser %.1f, JVM %.1f"
                        + " (browser/JVM %.2f)%n", instructions, instructions / browserSeconds / 1e6,
                instructions / jvmSeconds / 1e6, jvmSeconds / browserSeconds);
    }

    /** Runs the bench loop for exactly {@code instructions}. */
    private static CpuMachine benchOnJvm(byte[] program, int instructions) {
        CpuMachine machine = loaded(new CpuMachine(1, JVM_MEMORY), program);
        while (machine.instructions() < instructions) {
            GuestMachine.Status status = machine.run((int) Math.min(1_000_000, instructions - machine.instructions()));
            if (status != GuestMachine.Status.BUDGET) {
                throw new AssertionError("bench loop stopped: " + status);
            }
        }
        return machine;
    }

    /** Runs a statement in the page and returns the message of the error it must throw. */
    private static String pageError(String statement) {
        return assertThrows(PlaywrightException.class, () -> evaluate(statement + ";", null)).getMessage();
    }
}
