package org.nodeoslab.emulator.cli.realprograms;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a program on this host and returns its standard output; a non-zero exit fails with what it printed. */
final class HostCommand {
    private HostCommand() {
    }

    static String run(Path workDir, List<String> command) throws IOException, InterruptedException {
        Path errors = workDir.resolve("stderr.txt");
        Process p = new ProcessBuilder(command).directory(workDir.toFile()).redirectError(errors.toFile()).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("timed out after 120 s: " + command);
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException("exit " + p.exitValue() + " from " + command + "\n"
                    + new String(out, StandardCharsets.ISO_8859_1) + java.nio.file.Files.readString(errors));
        }
        return new String(out, StandardCharsets.ISO_8859_1);
    }
}
