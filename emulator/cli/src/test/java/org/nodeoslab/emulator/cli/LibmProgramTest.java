package org.nodeoslab.emulator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.nodeoslab.image.TestAssets;
import org.nodeoslab.image.TestInitramfs;

/**
 * A real i386 program using glibc's libm and printf of doubles (built here with gcc -m32 -static from
 * src/test/resources/libm/libmtest.c) prints the same bytes natively and under Linux on the emulator: the x87,
 * SSE2 and the CPUID that selects glibc's code paths, end to end.
 *
 * <p>It boots Linux once more (about 4 minutes on the shared 2-core machine), beyond the FPU's test-time budget,
 * so it runs on request: {@code mvn -pl emulator/cli -am test -Dtest=LibmProgramTest -Dnodeos.libmTest=true
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@EnabledIfSystemProperty(named = "nodeos.libmTest", matches = "true")
class LibmProgramTest {
    private static final Duration BOOT_TIMEOUT = Duration.ofMinutes(8);
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(2);

    @Test
    void libmProgramPrintsTheSameAsNatively() throws Exception {
        Path work = Files.createTempDirectory("nodeos-libm");
        try {
            Path source = work.resolve("libmtest.c");
            try (InputStream in = LibmProgramTest.class.getResourceAsStream("/libm/libmtest.c")) {
                Files.write(source, in.readAllBytes());
            }
            Path binary = work.resolve("libmtest");
            String gccOut = run(List.of("gcc", "-m32", "-static", "-O1", "-o", binary.toString(), source.toString(),
                    "-lm"));
            if (!Files.exists(binary)) {
                throw new IllegalStateException("gcc -m32 failed (needs gcc-multilib): " + gccOut);
            }
            String expected = run(List.of(binary.toString()));

            TestAssets.Boot boot = TestAssets.busyboxBoot();
            // The kernel unpacks concatenated archives: the busybox initramfs, then one holding /libmtest.
            Path initramfs = work.resolve("initramfs.cpio");
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            all.write(Files.readAllBytes(boot.initramfs()));
            while (all.size() % 4 != 0) {
                all.write(0); // the next archive must start 4-byte aligned
            }
            all.write(newcArchive("libmtest", Files.readAllBytes(binary)));
            Files.write(initramfs, all.toByteArray());
            try (EmulatedGuest guest = EmulatedGuest.boot(boot.bzImage(), initramfs, boot.cmdline(), 256)) {
                guest.waitFor(TestInitramfs.PROMPT, BOOT_TIMEOUT);
                guest.send("/libmtest\n");
                String out = guest.waitFor(TestInitramfs.PROMPT, RUN_TIMEOUT);
                String printed = out.substring(out.indexOf('\n') + 1).replace("\r\n", "\n");
                if (printed.endsWith(TestInitramfs.PROMPT)) {
                    printed = printed.substring(0, printed.length() - TestInitramfs.PROMPT.length());
                }
                assertEquals(expected, printed);
            }
        } finally {
            try (var files = Files.walk(work)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("timed out: " + command);
        }
        return new String(out, StandardCharsets.ISO_8859_1);
    }

    /** A "newc" cpio archive holding one executable file at the root, and the trailer. */
    private static byte[] newcArchive(String name, byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        entry(out, 1, 0100755, name, data);
        entry(out, 0, 0, "TRAILER!!!", new byte[0]);
        return out.toByteArray();
    }

    private static void entry(ByteArrayOutputStream out, int inode, int mode, String name, byte[] data) {
        byte[] nameBytes = (name + "\0").getBytes(StandardCharsets.US_ASCII);
        int[] fields = {inode, mode, 0, 0, 1, 0, data.length, 0, 0, 0, 0, nameBytes.length, 0};
        StringBuilder header = new StringBuilder("070701");
        for (int f : fields) {
            String hex = Integer.toHexString(f).toUpperCase();
            header.append("00000000", hex.length(), 8).append(hex);
        }
        out.writeBytes(header.toString().getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(nameBytes);
        pad(out);
        out.writeBytes(data);
        pad(out);
    }

    private static void pad(ByteArrayOutputStream out) {
        while (out.size() % 4 != 0) {
            out.write(0);
        }
    }
}
