package org.nodeoslab.image;

import org.nodeoslab.image.cpio.Compression;
import org.nodeoslab.image.cpio.NewcCpioWriter;
import org.nodeoslab.image.debian.DebUnpacker;
import org.nodeoslab.image.debian.DebianArchive;
import org.nodeoslab.image.debian.DebianSettings;
import org.nodeoslab.image.debian.FetchException;
import org.nodeoslab.image.debian.PackageRecord;
import org.nodeoslab.image.debian.Sha256;
import org.nodeoslab.image.fs.AtomicFiles;
import org.nodeoslab.image.fs.FsNode;
import org.nodeoslab.image.fs.RootFs;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * A minimal Linux to boot in an emulator: Debian's linux-image-686 bzImage plus an initramfs holding only
 * busybox-static, whose /init mounts proc, sysfs and devtmpfs and runs a busybox shell on ttyS0 with the prompt
 * {@link #PROMPT}. It prints {@link #READY_LINE} just before the first shell starts.
 */
public final class TestInitramfs {

    /** Printed by /init on the console just before the shell starts. */
    public static final String READY_LINE = "nodeos-lab test initramfs: busybox shell on ttyS0";
    /** The shell's prompt (PS1), so a test can wait for it. */
    public static final String PROMPT = "test-initramfs# ";
    /** The kernel command line these files are made for; cryptomgr.notests skips the crypto self-tests at boot. */
    public static final String CMDLINE = "console=ttyS0 cryptomgr.notests";
    public static final String KERNEL_FILE = "bzImage";
    public static final String INITRAMFS_FILE = "initramfs-busybox.cpio.gz";
    /**
     * Written last: description, the SHA-256 of the kernel and of the initramfs (a complete, intact pair), and
     * {@link #fingerprint()} (the pair was made by this version of the /init script).
     */
    static final String STAMP_FILE = "test-initramfs.txt";

    private TestInitramfs() {
    }

    /** Builds both files into {@code outDir}, each written atomically, the stamp last. */
    public static TestAssets.Boot build(DebianSettings settings, Path outDir, Consumer<String> log) throws IOException {
        DebianArchive archive = DebianArchive.open(settings, log);
        Kernel.Image kernel = Kernel.fetch(archive);
        PackageRecord busybox = archive.index().get("busybox-static");
        if (busybox == null) {
            throw new FetchException("package 'busybox-static' is not in the index of " + archive.indexVersions());
        }
        RootFs tree = new RootFs();
        DebUnpacker.unpack(archive.deb(busybox), tree, path -> path.equals("bin/busybox"));
        if (!tree.contains("bin/busybox")) {
            throw new FetchException("busybox-static " + busybox.version() + " holds no bin/busybox");
        }
        addSkeleton(tree);

        Path kernelFile = outDir.resolve(KERNEL_FILE);
        Path initramfsFile = outDir.resolve(INITRAMFS_FILE);
        Path stamp = outDir.resolve(STAMP_FILE);
        Files.createDirectories(outDir);
        Files.deleteIfExists(stamp);
        AtomicFiles.write(kernelFile, kernel.bzImage());
        AtomicFiles.write(initramfsFile, out -> {
            try (OutputStream compressed = Compression.GZIP.wrap(out)) {
                NewcCpioWriter.write(tree, compressed);
            }
        });
        String description = kernel.record().name() + " " + kernel.record().version() + " + busybox-static "
                + busybox.version();
        log.accept("test initramfs: " + description + " in " + outDir);
        String stampText = description + "\n" + Sha256.of(kernelFile) + "\n" + Sha256.of(initramfsFile) + "\n"
                + fingerprint() + "\n";
        AtomicFiles.write(stamp, stampText.getBytes(StandardCharsets.UTF_8));
        return new TestAssets.Boot(kernelFile, initramfsFile, CMDLINE, description);
    }

    /** Changes when what this class puts around busybox changes, so a cached pair from older code is rebuilt. */
    static String fingerprint() {
        RootFs skeleton = new RootFs();
        addSkeleton(skeleton);
        StringBuilder sb = new StringBuilder(CMDLINE);
        skeleton.nodes().forEach((path, node) -> sb.append('\n').append(path).append(' ').append(node.mode())
                .append(' ').append(node.type() == FsNode.Type.FILE ? Sha256.of(node.data()) : node.target()));
        return Sha256.of(sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Folders, /dev/console (the kernel opens it for init's stdio before devtmpfs exists), /init. */
    static void addSkeleton(RootFs tree) {
        for (String dir : new String[]{"dev", "proc", "sys", "tmp", "root", "etc", "sbin", "usr/bin", "usr/sbin"}) {
            tree.mkdirs(dir);
        }
        tree.put("dev/console", FsNode.charDevice(0600, 5, 1));
        tree.put("bin/sh", FsNode.symlink("busybox"));
        tree.put("init", FsNode.file(0755, """
                #!/bin/sh
                # nodeos-lab test initramfs: the smallest useful userspace for booting Linux in an emulator.
                /bin/busybox --install -s
                export PATH=/bin:/sbin:/usr/bin:/usr/sbin HOME=/root PS1='%s'
                mount -t proc proc /proc
                mount -t sysfs sysfs /sys
                # Debian's kernel has DEVTMPFS_MOUNT off: without this /dev holds only console and there is no ttyS0.
                mount -t devtmpfs devtmpfs /dev
                cd /root
                echo "%s"
                # PID 1 must never exit (the kernel panics): start a new shell whenever one ends.
                # setsid + opening ttyS0 makes it the shell's controlling terminal, so Ctrl-C reaches the shell's jobs.
                while true; do
                    setsid sh -c 'exec sh <>/dev/ttyS0 >&0 2>&1'
                    echo "shell exited; starting a new one (type 'poweroff -f' to stop)" >/dev/ttyS0
                done
                """.formatted(PROMPT, READY_LINE)));
    }
}
