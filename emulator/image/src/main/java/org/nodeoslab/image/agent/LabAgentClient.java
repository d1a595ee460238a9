package org.nodeoslab.image.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The lab runner's side of the NodeOS lab agent protocol (src/main/nodeos/agent/PROTOCOL.md) over byte streams (a
 * QEMU socket): sends a check command to the guest's ttyS1 and reads back its exit status and output. A daemon thread
 * decodes the guest's bytes ({@link AgentProtocol.Decoder}) so that every wait has a deadline. The emulator's
 * in-process session speaks the same frames over COM2 without threads.
 */
public final class LabAgentClient {
    /** The guest's limit runs on its own clock: the host waits this much longer before it gives up. */
    private static final Duration HOST_MARGIN = Duration.ofSeconds(10);
    private static final AgentProtocol.Frame END = new AgentProtocol.Error("connection closed");

    private final OutputStream out;
    private final BlockingQueue<AgentProtocol.Frame> frames = new LinkedBlockingQueue<>();
    private int nextId = 1;

    public LabAgentClient(InputStream fromGuest, OutputStream toGuest) {
        this.out = toGuest;
        Thread reader = new Thread(() -> {
            AgentProtocol.Decoder decoder = new AgentProtocol.Decoder();
            try {
                int b;
                while ((b = fromGuest.read()) >= 0) {
                    AgentProtocol.Frame frame = decoder.feed(b);
                    if (frame != null) {
                        frames.add(frame);
                    }
                }
            } catch (IOException ignored) {
                // the connection closed: the waiting side sees END
            }
            frames.add(END);
        }, "lab-agent-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** Says hello every 2 s until the agent answers that it is ready. */
    public void awaitReady(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            send(AgentProtocol.hello());
            long helloDeadline = Math.min(deadline, System.nanoTime() + Duration.ofSeconds(2).toNanos());
            AgentProtocol.Frame frame;
            while ((frame = next(helloDeadline)) != null) {
                if (frame instanceof AgentProtocol.Ready) {
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
        AgentProtocol.Frame frame;
        while ((frame = next(System.nanoTime() + Duration.ofMillis(300).toNanos())) != null) {
            if (!(frame instanceof AgentProtocol.Ready)) {
                throw new IOException("lab agent: unexpected " + frame);
            }
        }
    }

    /**
     * Runs {@code command} (a busybox sh command line) in the guest as root; the guest kills it after {@code limit}
     * and answers {@link AgentResult#TIMED_OUT}.
     */
    public AgentResult run(String command, Duration limit) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + limit.plus(HOST_MARGIN).toNanos();
        String id = Integer.toString(nextId++);
        send(AgentProtocol.run(id, command, limit));
        while (true) {
            AgentProtocol.Frame frame = next(deadline);
            if (frame == null) {
                throw new IOException("lab agent: no answer within " + limit.plus(HOST_MARGIN));
            }
            if (frame instanceof AgentProtocol.Error error) {
                throw new IOException("lab agent: " + error.text());
            }
            if (frame instanceof AgentProtocol.Exit exit && exit.id().equals(id)) {
                return exit.result();
            }
            // Anything else (a READY after the agent restarted, a stale answer) is skipped.
        }
    }

    private void send(byte[] frame) throws IOException {
        out.write(frame);
        out.flush();
    }

    /** The next frame, or null when the deadline passed. */
    private AgentProtocol.Frame next(long deadline) throws IOException, InterruptedException {
        AgentProtocol.Frame frame = frames.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        if (frame == END) {
            frames.add(END);
            throw new IOException("lab agent: connection closed");
        }
        return frame;
    }
}
