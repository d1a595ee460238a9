package org.nodeoslab.emulator.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;

/** Assembles a guest program from src/test/resources/guest with Debian's nasm into a flat binary. */
final class Nasm {
    private static final Path SOURCES = Paths.get("src/test/resources/guest");
    private static final Path OUTPUT = Paths.get(System.getProperty("guest.build.dir", "target/guest"));

    private Nasm() {
    }

    static byte[] assemble(String sourceName) throws IOException, InterruptedException {
        Path source = SOURCES.resolve(sourceName);
        Files.createDirectories(OUTPUT);
        Path binary = OUTPUT.resolve(sourceName.replace(".asm", ".bin"));
        Process nasm;
        try {
            nasm = new ProcessBuilder("nasm", "-f", "bin", "-o", binary.toString(), source.toString())
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalStateException("nasm is missing: install Debian's nasm (./lab test does)", e);
        }
        String messages = new String(nasm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!nasm.waitFor(60, TimeUnit.SECONDS) || nasm.exitValue() != 0) {
            throw new IllegalStateException("nasm failed on " + source + ":\n" + messages);
        }
        return Files.readAllBytes(binary);
    }
}
