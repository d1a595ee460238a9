package org.nodeoslab.emulator.cli.realprograms;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.nodeoslab.emulator.cli.EmulatedGuest;
import org.nodeoslab.image.TestAssets;
import org.nodeoslab.image.TestInitramfs;
import org.nodeoslab.image.fs.FsNode;
import org.nodeoslab.image.fs.RootFs;

/**
 * A script exercising Math, typed arrays, JSON, number formatting, BigInt, strings and a sort
 * (src/test/resources/realprograms/node-proof.js) prints the same bytes under Debian's i386 node natively (through
 * its own ld-linux) and inside Debian's Linux on our emulator (busybox initramfs plus the same node files).
 */
class NodeScriptTest {
    private static final Duration BOOT_TIMEOUT = Duration.ofMinutes(12);
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(15);
    /** The initramfs (the node files, ~100 MB, arrive in RAM twice while the kernel unpacks them) and V8's heap. */
    private static final int MEMORY_MIB = 512;

    private static final String SCRIPT = "/realprograms/node-proof.js";

    private static Path work;

    @AfterAll
    static void cleanUp() throws Exception {
        WorkFolder.delete(work);
    }

    @Test
    void nodePrintsTheSameBytesAsNatively() throws Exception {
        work = WorkFolder.create("nodeos-node-proof");
        byte[] script;
        try (InputStream in = NodeScriptTest.class.getResourceAsStream("/realprograms/node-proof.js")) {
            script = in.readAllBytes();
        }
        RootFs files = NodeFiles.tree();
        files.put(SCRIPT.substring(1), FsNode.file(0644, script));
        Path root = work.resolve("root");
        files.writeTo(root);
        String expected = HostCommand.run(work, NativeRoot.command(root, "/usr/bin/node", SCRIPT));
        System.err.println("NodeScriptTest: native output " + expected.length() + " bytes, "
                + expected.lines().count() + " lines");

        TestAssets.Boot boot = TestAssets.busyboxBoot();
        Path initramfs = ExtraFiles.initramfs(work.resolve("initramfs.cpio"), List.of(boot.initramfs()), files);
        long start = System.nanoTime();
        EmulatedGuest guest = EmulatedGuest.boot(boot.bzImage(), initramfs, boot.cmdline(), MEMORY_MIB);
        guest.waitFor(TestInitramfs.PROMPT, BOOT_TIMEOUT);
        System.err.printf("NodeScriptTest: boot to prompt %.1f s, %d guest instructions%n",
                (System.nanoTime() - start) / 1e9, guest.instructions());
        SerialShell shell = SerialShell.quiet(guest, RUN_TIMEOUT);
        start = System.nanoTime();
        long before = guest.instructions();
        String version = shell.run("node --version 2>/tmp/stderr", RUN_TIMEOUT);
        System.err.printf("NodeScriptTest: node --version (%s) in %.1f s, %d guest instructions%n", version.strip(),
                (System.nanoTime() - start) / 1e9, guest.instructions() - before);
        start = System.nanoTime();
        before = guest.instructions();
        String emulated = shell.run("node " + SCRIPT + " 2>/tmp/stderr", RUN_TIMEOUT);
        System.err.printf("NodeScriptTest: script in %.1f s, %d guest instructions%n",
                (System.nanoTime() - start) / 1e9, guest.instructions() - before);
        assertEquals(expected, emulated);
    }
}
