package org.nodeoslab.image;

import org.junit.jupiter.api.Test;
import org.nodeoslab.image.debian.DebianSettings;
import org.nodeoslab.image.qemu.Qemu;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The busybox test boot files the emulator's tests use: Debian's kernel reaches a shell under QEMU. */
class TestAssetsBootTest {

    private static final Duration BOOT = Duration.ofSeconds(120);
    private static final Duration COMMAND = Duration.ofSeconds(30);

    @Test
    void debianKernelBootsToTheBusyboxShellAndAnswersUname() throws Exception {
        TestAssets.Boot boot = TestAssets.busyboxBoot();
        assertTrue(boot.description().startsWith("linux-image-6.1."), boot.description());

        try (Qemu qemu = Qemu.boot(boot.bzImage(), boot.initramfs(), boot.cmdline(), 256, false)) {
            qemu.waitFor(TestInitramfs.READY_LINE, BOOT);
            qemu.waitFor(TestInitramfs.PROMPT, COMMAND);
            qemu.type("uname -a\n");
            String answer = qemu.waitFor(TestInitramfs.PROMPT, COMMAND);
            assertTrue(Pattern.compile("Linux \\S+ 6\\.1\\.\\d+-\\d+-686 #1 SMP .* i686 GNU/Linux").matcher(answer).find(),
                    "uname -a answered:\n" + answer);

            qemu.type("ls /dev/ttyS0 /proc/self/status /sys/kernel; echo status=$?\n");
            String listing = qemu.waitFor(TestInitramfs.PROMPT, COMMAND);
            assertTrue(listing.contains("status=0"), "proc, sysfs and devtmpfs are mounted:\n" + listing);

            qemu.type("poweroff -f\n");
            assertTrue(qemu.waitForExit(COMMAND), "the guest powers off");
        }
    }

    @Test
    void secondCallReusesTheCacheWithoutNetwork() throws Exception {
        TestAssets.Boot first = TestAssets.busyboxBoot();
        // A mirror nobody listens on: any download attempt would fail, so success proves the cache was used.
        DebianSettings offline = DebianSettings.defaults().withMirror(URI.create("http://127.0.0.1:9/debian"))
                .withSecurityMirror(URI.create("http://127.0.0.1:9/debian-security"));
        List<String> log = new ArrayList<>();
        TestAssets.Boot again = TestAssets.busyboxBoot(offline, log::add);
        assertEquals(first, again);
        assertEquals(List.of(), log);
    }
}
