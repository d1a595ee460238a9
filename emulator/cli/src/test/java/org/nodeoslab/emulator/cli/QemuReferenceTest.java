package org.nodeoslab.emulator.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.nodeoslab.image.TestAssets;
import org.nodeoslab.image.TestInitramfs;

/**
 * The reference: Debian's kernel and the busybox test initramfs under qemu-system-i386 reach the shell and
 * answer the same commands the emulator's boot test sends, with the same UART and no oops.
 */
class QemuReferenceTest {
    @Test
    void qemuBootsTheTestSystemToAShell() throws Exception {
        TestAssets.Boot boot = TestAssets.busyboxBoot();
        try (QemuGuest qemu = QemuGuest.boot(boot.bzImage(), boot.initramfs(), boot.cmdline(), 256)) {
            String bootLog = qemu.waitFor(TestInitramfs.PROMPT, Duration.ofMinutes(3));
            assertTrue(bootLog.contains("ttyS0 at I/O 0x3f8 (irq = 4, base_baud = 115200) is a 16550A"), bootLog);
            qemu.send("uname -a\n");
            String uname = qemu.waitFor(TestInitramfs.PROMPT, Duration.ofSeconds(60));
            assertTrue(uname.contains("Linux") && uname.contains(" 6.1.") && uname.contains("i686"), uname);
            qemu.send("grep -c ^processor /proc/cpuinfo\n");
            assertTrue(qemu.waitFor(TestInitramfs.PROMPT, Duration.ofSeconds(60)).contains("\n1"));
            String console = qemu.console();
            assertFalse(console.contains("Oops") || console.contains("Kernel panic"), console);
        }
    }
}
