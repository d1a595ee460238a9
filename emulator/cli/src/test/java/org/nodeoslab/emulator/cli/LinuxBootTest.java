package org.nodeoslab.emulator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nodeoslab.image.TestAssets;
import org.nodeoslab.image.TestInitramfs;

/**
 * Debian's i386 kernel and the busybox test initramfs boot on our PC to a shell on ttyS0, answer commands, and a
 * machine state saved at the prompt restores into a new machine that goes on answering.
 */
class LinuxBootTest {
    private static final Duration BOOT_TIMEOUT = Duration.ofMinutes(8);
    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(1);
    private static EmulatedGuest guest;
    private static String bootLog;
    private static Path state;

    @BeforeAll
    static void bootToPrompt() throws Exception {
        TestAssets.Boot boot = TestAssets.busyboxBoot();
        guest = EmulatedGuest.boot(boot.bzImage(), boot.initramfs(), boot.cmdline(), 256);
        bootLog = guest.waitFor(TestInitramfs.PROMPT, BOOT_TIMEOUT);
        state = Files.createTempFile("nodeos-emu-test", ".state");
        MachineLoader.save(guest.pc, state);
    }

    @AfterAll
    static void cleanUp() throws Exception {
        if (state != null) {
            Files.deleteIfExists(state);
        }
    }

    private static String run(Guest g, String command) throws Exception {
        g.send(command + "\n");
        return g.waitFor(TestInitramfs.PROMPT, COMMAND_TIMEOUT);
    }

    @Test
    void bootsToAShellWithA16550AAndNoOops() {
        assertTrue(bootLog.contains("Linux version 6.1."), bootLog);
        assertTrue(bootLog.contains("ttyS0 at I/O 0x3f8 (irq = 4, base_baud = 115200) is a 16550A"), bootLog);
        assertFalse(bootLog.contains("Oops") || bootLog.contains("Kernel panic") || bootLog.contains("BUG:"),
                bootLog);
    }

    @Test
    void answersUnameCpuinfoAndDmesg() throws Exception {
        String uname = run(guest, "uname -a");
        assertTrue(uname.contains("Linux (none) 6.1.") && uname.contains(" i686 "), uname);
        String cpuinfo = run(guest, "cat /proc/cpuinfo");
        assertTrue(cpuinfo.contains("vendor_id\t: GenuineIntel"), cpuinfo);
        String flags = cpuinfo.lines().filter(l -> l.startsWith("flags")).findFirst().orElse("");
        for (String flag : new String[] {" fpu ", " tsc ", " cx8 ", " cmov ", " pae ", " pge ", " mmx ", " fxsr ", " sse ",
                " sse2 "}) {
            assertTrue((flags + " ").contains(flag), "missing" + flag + "in " + flags);
        }
        String dmesg = run(guest, "dmesg | head");
        assertTrue(dmesg.contains("Linux version 6.1."), dmesg);
        assertEquals(-1, guest.console().indexOf("Oops"));
    }

    @Test
    void savedStateRestoresAtThePromptAndRunsACommand() throws Exception {
        try (EmulatedGuest restored = EmulatedGuest.restore(state)) {
            String out = run(restored, "echo restored $((6 * 7))");
            assertTrue(out.contains("restored 42"), out);
        }
    }
}
