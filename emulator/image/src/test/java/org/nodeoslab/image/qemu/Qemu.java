package org.nodeoslab.image.qemu;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A guest booted under {@code qemu-system-i386} (TCG, no BIOS boot: -kernel/-initrd) with its first serial port
 * (ttyS0) on the process's stdin/stdout, and optionally a second (ttyS1) on a TCP port of 127.0.0.1.
 * Everything the guest prints on ttyS0 is kept, so a test can wait for text and read what came back.
 */
public final class Qemu implements AutoCloseable {

    private final Process process;
    private final StringBuilder console = new StringBuilder();
    private final OutputStream in;
    private final int ttyS1Port;
    private int readMark;

    private Qemu(Process process, int ttyS1Port) {
        this.process = process;
        this.in = process.getOutputStream();
        this.ttyS1Port = ttyS1Port;
        Thread reader = new Thread(this::pump, "qemu-ttyS0");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Boots; with {@code ttyS1} the guest's second serial port listens on a free TCP port of 127.0.0.1 (see
     * {@link #connectTtyS1()}). A TCP socket, not a Unix one: java.net.Socket reads and writes from two threads at
     * once, which streams over a Unix SocketChannel cannot (they share one lock).
     */
    public static Qemu boot(Path kernel, Path initrd, String append, int memoryMb, boolean ttyS1) throws IOException {
        // noapic: on a heavily loaded host, TCG once ran too slowly for the kernel's IO-APIC timer check ("IO-APIC +
        // timer doesn't work!" panic); the 8259 PIC path has no such check (and is what our emulator offers).
        List<String> cmd = new ArrayList<>(List.of("qemu-system-i386", "-kernel", kernel.toString(),
                "-initrd", initrd.toString(), "-append", append + " noapic", "-m", Integer.toString(memoryMb),
                "-display", "none", "-monitor", "none", "-no-reboot", "-serial", "stdio"));
        int port = -1;
        if (ttyS1) {
            try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = probe.getLocalPort();
            }
            cmd.addAll(List.of("-chardev", "socket,id=ttyS1,host=127.0.0.1,port=" + port + ",server=on,wait=off",
                    "-serial", "chardev:ttyS1"));
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        try {
            return new Qemu(pb.start(), port);
        } catch (IOException e) {
            throw new IOException("cannot start qemu-system-i386 (Debian package qemu-system-x86, listed in "
                    + "tools/debian-packages.txt; ./lab test installs it): " + e.getMessage(), e);
        }
    }

    /** Connects to the guest's ttyS1 (retrying while QEMU starts listening). */
    public Socket connectTtyS1() throws IOException, InterruptedException {
        IOException last = null;
        for (int attempt = 0; attempt < 50; attempt++) {
            try {
                return new Socket(InetAddress.getLoopbackAddress(), ttyS1Port);
            } catch (IOException e) {
                last = e;
                Thread.sleep(200);
            }
        }
        throw new IOException("cannot connect to QEMU's ttyS1 on port " + ttyS1Port, last);
    }

    private void pump() {
        try (InputStream out = process.getInputStream()) {
            byte[] buffer = new byte[4096];
            int n;
            while ((n = out.read(buffer)) > 0) {
                String text = new String(buffer, 0, n, StandardCharsets.ISO_8859_1);
                synchronized (console) {
                    console.append(text);
                    console.notifyAll();
                }
            }
        } catch (IOException ignored) {
            // the process ended; waiters see it through isAlive()
        }
        synchronized (console) {
            console.notifyAll();
        }
    }

    /** Types {@code text} on ttyS0 (a newline is not added). */
    public void type(String text) throws IOException {
        in.write(text.getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    /**
     * Waits until ttyS0 output after the read mark matches {@code pattern}; returns the text from the mark to the
     * end of the match and moves the mark past it.
     */
    public String waitFor(Pattern pattern, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (console) {
            while (true) {
                Matcher m = pattern.matcher(console);
                if (m.find(readMark)) {
                    String seen = console.substring(readMark, m.end());
                    readMark = m.end();
                    return seen;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || !process.isAlive()) {
                    throw new AssertionError("guest did not print /" + pattern + "/ within " + timeout
                            + (process.isAlive() ? "" : " (qemu exited)") + "; console so far:\n" + tail(4000));
                }
                console.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
        }
    }

    public String waitFor(String literal, Duration timeout) throws InterruptedException {
        return waitFor(Pattern.compile(Pattern.quote(literal)), timeout);
    }

    /** Everything printed on ttyS0 so far. */
    public String console() {
        synchronized (console) {
            return console.toString();
        }
    }

    private String tail(int chars) {
        return console.length() <= chars ? console.toString() : console.substring(console.length() - chars);
    }

    /** Waits for qemu to exit by itself (the guest powered off); returns false on timeout. */
    public boolean waitForExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }
}
