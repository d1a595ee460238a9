package org.nodeoslab.emulator.cli.realprograms;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nodeoslab.emulator.cli.EmulatedGuest;
import org.nodeoslab.image.TestAssets;
import org.nodeoslab.image.TestInitramfs;
import org.nodeoslab.image.fs.FsNode;
import org.nodeoslab.image.fs.RootFs;

/**
 * Real i386 programs using glibc's libm, printf/strtod of doubles, float/int conversions and long double maths
 * (src/test/resources/realprograms/fpmaths.c), built here with gcc -m32 -static -O2 once for the x87
 * (-mfpmath=387) and once for SSE2 (-msse2 -mfpmath=sse), print the same bytes natively on this host and under
 * Debian's Linux on our emulator. One boot serves both builds.
 */
class LibmProgramsTest {
    private static final Duration BOOT_TIMEOUT = Duration.ofMinutes(10);
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(2);
    /** Build name -> gcc's floating-point options. */
    private static final String[][] BUILDS = {{"x87", "-mfpmath=387"}, {"sse2", "-msse2 -mfpmath=sse"}};

    private static Path work;
    private static EmulatedGuest guest;
    private static SerialShell shell;

    @BeforeAll
    static void buildAndBoot() throws Exception {
        work = WorkFolder.create("nodeos-realprograms");
        Path source = work.resolve("fpmaths.c");
        try (InputStream in = LibmProgramsTest.class.getResourceAsStream("/realprograms/fpmaths.c")) {
            Files.write(source, in.readAllBytes());
        }
        RootFs programs = new RootFs();
        for (String[] build : BUILDS) {
            List<String> gcc = new ArrayList<>(List.of("gcc", "-m32", "-static", "-O2"));
            gcc.addAll(List.of(build[1].split(" ")));
            gcc.addAll(List.of("-o", "fpmaths-" + build[0], "fpmaths.c", "-lm"));
            HostCommand.run(work, gcc); // gcc-multilib (tools/debian-packages.txt) gives -m32 its libc
            programs.put("realprograms/fpmaths-" + build[0],
                    FsNode.file(0755, Files.readAllBytes(work.resolve("fpmaths-" + build[0]))));
        }
        TestAssets.Boot boot = TestAssets.busyboxBoot();
        Path initramfs = ExtraFiles.initramfs(work.resolve("initramfs.cpio"), List.of(boot.initramfs()), programs);
        long start = System.nanoTime();
        guest = EmulatedGuest.boot(boot.bzImage(), initramfs, boot.cmdline(), 256);
        guest.waitFor(TestInitramfs.PROMPT, BOOT_TIMEOUT);
        System.err.printf("LibmProgramsTest: boot to prompt %.1f s, %d guest instructions%n",
                (System.nanoTime() - start) / 1e9, guest.instructions());
        shell = SerialShell.quiet(guest, RUN_TIMEOUT);
    }

    @AfterAll
    static void cleanUp() throws Exception {
        WorkFolder.delete(work);
    }

    @ParameterizedTest
    @ValueSource(strings = {"x87", "sse2"})
    void printsTheSameBytesAsNatively(String build) throws Exception {
        String expected = HostCommand.run(work, List.of(work.resolve("fpmaths-" + build).toString()));
        long start = System.nanoTime();
        long before = guest.instructions();
        String emulated = shell.run("/realprograms/fpmaths-" + build, RUN_TIMEOUT);
        System.err.printf("LibmProgramsTest: fpmaths-%s ran in %.1f s, %d guest instructions%n", build,
                (System.nanoTime() - start) / 1e9, guest.instructions() - before);
        assertEquals(expected, emulated);
    }
}
