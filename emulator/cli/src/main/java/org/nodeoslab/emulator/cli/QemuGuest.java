package org.nodeoslab.emulator.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.nodeoslab.emulator.cli.session.ConsoleText;

/**
 * The reference machine: the same kernel and initrd under {@code qemu-system-i386} (TCG, -kernel, no BIOS
 * disk boot), ttyS0 on the process's stdin/stdout.
 */
public final class QemuGuest implements Guest {
    private final Process process;
    private final OutputStream input;
    private final ConsoleText console = new ConsoleText();

    private QemuGuest(Process process) {
        this.process = process;
        this.input = process.getOutputStream();
        Thread reader = new Thread(this::pump, "qemu-console");
        reader.setDaemon(true);
        reader.start();
    }

    public static QemuGuest boot(Path kernel, Path initrd, String cmdline, int memoryMiB) throws IOException {
        List<String> command = List.of("qemu-system-i386", "-kernel", kernel.toString(), "-initrd",
                initrd.toString(), "-append", cmdline, "-m", Integer.toString(memoryMiB), "-display", "none",
                "-monitor", "none", "-no-reboot", "-serial", "stdio");
        try {
            return new QemuGuest(new ProcessBuilder(command).redirectErrorStream(true).start());
        } catch (IOException e) {
            throw new IOException("cannot run qemu-system-i386 (Debian package qemu-system-x86, in "
                    + "tools/debian-packages.txt): " + e.getMessage(), e);
        }
    }

    private void pump() {
        byte[] buffer = new byte[4096];
        try (InputStream out = process.getInputStream()) {
            int n;
            while ((n = out.read(buffer)) > 0) {
                synchronized (console) {
                    console.append(buffer, 0, n);
                    console.notifyAll();
                }
            }
        } catch (IOException e) {
            // The process ended.
        }
    }

    @Override
    public void send(String text) throws IOException {
        input.write(text.getBytes(StandardCharsets.ISO_8859_1));
        input.flush();
    }

    @Override
    public String waitFor(String text, Duration timeout) throws GuestException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (console) {
            while (true) {
                String upTo = console.take(text);
                if (upTo != null) {
                    return upTo;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || !process.isAlive()) {
                    throw new GuestException("qemu: no \"" + text + "\" within " + timeout.toSeconds() + " s"
                            + (process.isAlive() ? "" : " (qemu exited)"), console.toString());
                }
                try {
                    console.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new GuestException("interrupted", console.toString());
                }
            }
        }
    }

    @Override
    public String console() {
        synchronized (console) {
            return console.toString();
        }
    }

    /** CPU time QEMU has used so far (all its threads), in seconds. */
    public double cpuSeconds() {
        return process.info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(Double.NaN);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
