package org.nodeoslab.emulator.web;

import com.microsoft.playwright.PlaywrightException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.nodeoslab.emulator.bus.ArrayStorage;
import org.nodeoslab.emulator.bus.MemoryStorage;

/**
 * The whole PC of emulator/core in chromium: interrupts from the 16550A through the 8259A, HLT idling between them,
 * serial both ways through nodeos-emulator.js, machine state saved and restored, the boot loader's errors.
 */
class BrowserPcTest extends BrowserTestBase {
    /** The JVM side keeps RAM in Java arrays (the page's machines keep it in linear memory). */
    private static final MemoryStorage.Factory JVM_MEMORY = ArrayStorage.FACTORY;

    private static final int MEMORY_MIB = 16;

    @Test
    void interruptDrivenSerialEchoRunsAlikeInTheBrowserAndOnTheJvm() throws Exception {
        byte[] program = Nasm.assemble("serial-echo.asm");

        PcMachine jvm = loaded(new PcMachine(MEMORY_MIB, true, JVM_MEMORY), program);
        StringBuilder jvmOutput = new StringBuilder();
        assertEquals(GuestMachine.Status.IDLE, runUntilStopped(jvm, jvmOutput));
        jvm.sendSerial("hello, pc\n".getBytes(StandardCharsets.US_ASCII));
        assertEquals(GuestMachine.Status.IDLE, runUntilStopped(jvm, jvmOutput));
        jvm.sendSerial("q".getBytes(StandardCharsets.US_ASCII));
        assertEquals(GuestMachine.Status.HALTED, runUntilStopped(jvm, jvmOutput));
        assertEquals("echo ready\r\nHELLO, PC\nbye\r\n", jvmOutput.toString());

        // The page types only once the guest has said it is ready, and the guest idles in HLT in between:
        // start() must sleep while idle and wake up on sendSerial.
        @SuppressWarnings("unchecked")
        Map<String, Object> browser = (Map<String, Object>) evaluate("""
                const pc = emulator.createPc({ memoryMiB: args.memory, clock: "virtual" });
                pc.load(args.load, bytesOf(args.program));
                pc.enterFlat32(args.load, args.stack);
                let output = "";
                const stopped = new Promise(resolve => pc.start({
                  onSerialOutput: bytes => output += new TextDecoder().decode(bytes),
                  onStop: (reason, error) => resolve(error ? reason + ": " + error.message : reason),
                }));
                await until(() => output.endsWith("ready\\r\\n"), "the guest's banner");
                const idle = pc.status;
                pc.sendSerial("hello, pc\\n");
                await until(() => output.endsWith("PC\\n"), "the echo");
                pc.sendSerial("q");
                const reason = await stopped;
                return { output, idle, reason, instructions: pc.instructions };
                """, Map.of("program", base64(program), "load", LOAD_ADDRESS, "stack", STACK_TOP,
                "memory", MEMORY_MIB));

        assertEquals("idle", browser.get("idle"));
        assertEquals("halted", browser.get("reason"));
        assertEquals(jvmOutput.toString(), browser.get("output"));
        assertEquals(jvm.instructions(), number(browser.get("instructions")), "instructions retired");
    }

    @Test
    void stateSavedInTheBrowserRestoresThereAndOnTheJvm() throws Exception {
        byte[] program = Nasm.assemble("serial-echo.asm");
        @SuppressWarnings("unchecked")
        Map<String, Object> browser = (Map<String, Object>) evaluate("""
                const pc = emulator.createPc({ memoryMiB: args.memory, clock: "virtual" });
                pc.load(args.load, bytesOf(args.program));
                pc.enterFlat32(args.load, args.stack);
                while (pc.run(100000) > 0 && pc.status === "budget") {}
                const state = pc.saveState();
                const restored = emulator.restorePc(state, { name: "echo.state", clock: "virtual" });
                restored.sendSerial("abc");
                while (restored.run(100000) > 0 && restored.status === "budget") {}
                return { output: new TextDecoder().decode(restored.takeSerialOutput()), status: restored.status,
                         state: btoa(String.fromCharCode(...state)) };
                """, Map.of("program", base64(program), "load", LOAD_ADDRESS, "stack", STACK_TOP,
                "memory", MEMORY_MIB));
        assertEquals("idle", browser.get("status"));
        assertEquals("ABC", browser.get("output"), "the restored machine echoes (its banner went out before saving)");

        byte[] state = java.util.Base64.getDecoder().decode((String) browser.get("state"));
        PcMachine onJvm = PcMachine.restore(JVM_MEMORY, state, "echo.state", true);
        onJvm.sendSerial("xyz".getBytes(StandardCharsets.US_ASCII));
        StringBuilder output = new StringBuilder();
        assertEquals(GuestMachine.Status.IDLE, runUntilStopped(onJvm, output));
        assertEquals("XYZ", output.toString());
    }

    @Test
    void aTripleFaultStopsTheMachineAndItsCpuStateReadsAsOnTheJvm() throws Exception {
        byte[] program = Nasm.assemble("triple-fault.asm");
        PcMachine jvm = loaded(new PcMachine(MEMORY_MIB, true, JVM_MEMORY), program);
        assertEquals(GuestMachine.Status.SHUTDOWN, runUntilStopped(jvm, new StringBuilder()));

        @SuppressWarnings("unchecked")
        Map<String, Object> browser = (Map<String, Object>) evaluate("""
                const pc = emulator.createPc({ memoryMiB: args.memory, clock: "virtual" });
                pc.load(args.load, bytesOf(args.program));
                pc.enterFlat32(args.load, args.stack);
                pc.run(100000);
                return { status: pc.status, cpu: pc.describeCpu() };
                """, Map.of("program", base64(program), "load", LOAD_ADDRESS, "stack", STACK_TOP,
                "memory", MEMORY_MIB));
        assertEquals("shutdown", browser.get("status"));
        assertTrue(jvm.describeCpu().startsWith("EIP=00010007 "), jvm.describeCpu());
        assertEquals(jvm.describeCpu(), browser.get("cpu"));
    }

    @Test
    void badImagesAndStatesAreRefusedWithTheirName() {
        String notBzImage = assertThrows(PlaywrightException.class, () -> evaluate("""
                emulator.createPc({ memoryMiB: 16 }).bootLinux(new Uint8Array(8192), null, "console=ttyS0",
                    { kernelName: "vmlinuz-junk" });
                """, null)).getMessage();
        assertTrue(notBzImage.contains("vmlinuz-junk: not a Linux bzImage"), notBzImage);
        String foreignState = assertThrows(PlaywrightException.class, () -> evaluate("""
                emulator.restorePc(new Uint8Array(100), { name: "junk.state" });
                """, null)).getMessage();
        assertTrue(foreignState.contains("junk.state"), foreignState);
        String badClock = assertThrows(PlaywrightException.class, () -> evaluate("""
                emulator.createPc({ clock: "fast" });
                """, null)).getMessage();
        assertTrue(badClock.contains("clock must be \"real\" or \"virtual\", not \"fast\""), badClock);
    }

    /** Runs until the machine stops for any reason other than its budget; collects its serial output. */
    private static GuestMachine.Status runUntilStopped(GuestMachine machine, StringBuilder output) {
        GuestMachine.Status status;
        int calls = 0;
        do {
            status = machine.run(100_000);
        } while (status == GuestMachine.Status.BUDGET && ++calls < 100);
        output.append(new String(machine.takeSerialOutput(), StandardCharsets.US_ASCII));
        return status;
    }
}
