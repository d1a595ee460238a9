package org.nodeoslab.image.agent;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The lab runner's side of the NodeOS lab agent protocol (src/main/nodeos/agent/PROTOCOL.md): sends a check command
 * to the guest's ttyS1 and reads back its exit status and output. Works over any byte streams (a QEMU socket, the
 * emulator's COM2); a daemon thread reads the guest's bytes so that every wait has a deadline.
 */
public final class LabAgentClient {

    /** A command's result: exit status and combined stdout/stderr. */
    public record Result(int status, String output) {
    }

    private static final int END = -1;

    private final OutputStream out;
    private final BlockingQueue<Integer> bytes = new LinkedBlockingQueue<>();
    private int nextId = 1;

    public LabAgentClient(InputStream fromGuest, OutputStream toGuest) {
        this.out = toGuest;
        Thread reader = new Thread(() -> {
            try {
                int b;
                while ((b = fromGuest.read()) >= 0) {
                    bytes.add(b);
                }
            } catch (IOException ignored) {
                // the connection closed: the waiting side sees END
            }
            bytes.add(END);
        }, "lab-agent-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** Says hello every 2 s until the agent answers that it is ready. */
    public void awaitReady(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            send("NODEOS-HELLO\n", new byte[0]);
            long helloDeadline = Math.min(deadline, System.nanoTime() + Duration.ofSeconds(2).toNanos());
            String line;
            while ((line = readLine(helloDeadline, false)) != null) {
                if (line.startsWith("NODEOS-AGENT-READY ")) {
                    drainReadies();
                    return;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("lab agent: no NODEOS-AGENT-READY within " + timeout);
            }
        }
    }

    /** Our hellos may each have been answered: skip the READY lines still coming. */
    private void drainReadies() throws InterruptedException, IOException {
        String line;
        while ((line = readLine(System.nanoTime() + Duration.ofMillis(300).toNanos(), false)) != null) {
            if (!line.startsWith("NODEOS-AGENT-READY ")) {
                throw new IOException("lab agent: unexpected line '" + line + "'");
            }
        }
    }

    /** Runs {@code command} (a busybox sh command line) in the guest as root. */
    public Result run(String command, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String id = Integer.toString(nextId++);
        byte[] body = command.getBytes(StandardCharsets.UTF_8);
        send("NODEOS-RUN " + id + " " + body.length + "\n", body);
        while (true) {
            String header = readLine(deadline, true);
            String[] f = header.split(" ");
            if (f[0].equals("NODEOS-ERROR")) {
                throw new IOException("lab agent: " + header);
            }
            if (f[0].equals("NODEOS-EXIT") && f.length == 4 && f[1].equals(id)) {
                byte[] output = readBytes(Integer.parseInt(f[3]), deadline);
                return new Result(Integer.parseInt(f[2]), new String(output, StandardCharsets.UTF_8));
            }
            // Anything else (a READY after the agent restarted, a stale answer) is skipped.
        }
    }

    private void send(String header, byte[] body) throws IOException {
        out.write(header.getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
    }

    private int next(long deadline, boolean required) throws IOException, InterruptedException {
        Integer b = bytes.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        if (b == null) {
            if (required) {
                throw new IOException("lab agent: no answer in time");
            }
            return -2;
        }
        if (b == END) {
            bytes.add(END);
            throw new IOException("lab agent: connection closed");
        }
        return b;
    }

    /** A line without its '\n', or null when {@code required} is false and the deadline passed. */
    private String readLine(long deadline, boolean required) throws IOException, InterruptedException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = next(deadline, required)) != '\n') {
            if (b == -2) {
                return null;
            }
            line.write(b);
        }
        return line.toString(StandardCharsets.US_ASCII).replace("\r", "");
    }

    private byte[] readBytes(int count, long deadline) throws IOException, InterruptedException {
        byte[] data = new byte[count];
        for (int i = 0; i < count; i++) {
            data[i] = (byte) next(deadline, true);
        }
        return data;
    }
}
