package org.nodeoslab.image;

import org.nodeoslab.image.debian.DebianSettings;
import org.nodeoslab.image.debian.Sha256;
import org.nodeoslab.image.fs.CacheLock;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * Boot files for tests of the emulator, built from Debian on first use into the user cache folder and reused after
 * (no network then). The cache folder is ~/.cache/nodeos-lab unless the system property {@code nodeos.cache} or
 * the environment variable {@code NODEOS_LAB_CACHE} names another.
 *
 * <pre>
 * TestAssets.Boot boot = TestAssets.busyboxBoot();
 * // boot.bzImage(): Debian bookworm's linux-image-686 (Linux 6.1) bzImage
 * // boot.initramfs(): busybox-static; /init mounts proc, sysfs, devtmpfs, then runs a shell on ttyS0
 * // boot.cmdline(): "console=ttyS0 cryptomgr.notests"; the shell prompt is TestInitramfs.PROMPT
 * </pre>
 */
public final class TestAssets {

    /** A kernel, an initramfs and the command line they are meant to boot with. */
    public record Boot(Path bzImage, Path initramfs, String cmdline, String description) {
    }

    /** Folder under the cache root that holds the busybox test boot files. */
    static final String TEST_INITRAMFS_DIR = "test-initramfs";

    private TestAssets() {
    }

    /** The project's cache root: ~/.cache/nodeos-lab, or nodeos.cache / NODEOS_LAB_CACHE. */
    public static Path cacheRoot() {
        return DebianSettings.cacheRoot();
    }

    /**
     * Debian's kernel and the busybox test initramfs, from the cache or built (downloads progress on stderr).
     * Safe to call from several test JVMs at once: one builds, the others wait and reuse.
     */
    public static Boot busyboxBoot() throws IOException {
        return busyboxBoot(DebianSettings.defaults(), System.err::println);
    }

    public static synchronized Boot busyboxBoot(DebianSettings settings, Consumer<String> log) throws IOException {
        Path dir = settings.cacheDir().getParent().resolve(TEST_INITRAMFS_DIR);
        try (CacheLock ignored = CacheLock.acquire(dir.resolve(".lock"), log)) {
            Boot cached = cached(dir);
            if (cached != null) {
                return cached;
            }
            return TestInitramfs.build(settings, dir, log);
        }
    }

    /** The boot files in {@code dir} if a complete build left them there and they are intact, else null. */
    private static Boot cached(Path dir) throws IOException {
        Path stamp = dir.resolve(TestInitramfs.STAMP_FILE);
        if (!Files.exists(stamp)) {
            return null;
        }
        List<String> lines = Files.readAllLines(stamp);
        if (lines.size() < 4 || !lines.get(3).equals(TestInitramfs.fingerprint())) {
            return null;
        }
        Path kernel = dir.resolve(TestInitramfs.KERNEL_FILE);
        Path initramfs = dir.resolve(TestInitramfs.INITRAMFS_FILE);
        if (!Files.exists(kernel) || !Files.exists(initramfs)
                || !lines.get(1).equals(Sha256.of(kernel)) || !lines.get(2).equals(Sha256.of(initramfs))) {
            return null;
        }
        return new Boot(kernel, initramfs, TestInitramfs.CMDLINE, lines.get(0));
    }
}
