package org.nodeoslab.image.agent;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The frames of the NodeOS lab agent protocol (src/main/nodeos/agent/PROTOCOL.md), with no I/O: requests as bytes
 * and a decoder fed the guest's bytes one at a time. {@link LabAgentClient} speaks it over streams (QEMU's socket),
 * the emulator's in-process session over COM2.
 */
public final class AgentProtocol {
    /** The agent's own limit when the host gives none (seconds). */
    public static final int DEFAULT_LIMIT_SECONDS = 120;

    private AgentProtocol() {
    }

    /** Asks the agent to say that it is ready. */
    public static byte[] hello() {
        return "NODEOS-HELLO\n".getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Runs {@code command} (busybox sh) as root in the guest; the agent kills it and everything it started after
     * {@code limit} of guest time (rounded up to whole seconds) and then answers status {@link AgentResult#TIMED_OUT}.
     */
    public static byte[] run(String id, String command, Duration limit) {
        if (id.isEmpty() || id.chars().anyMatch(c -> c <= ' ')) {
            throw new IllegalArgumentException("agent request id must be a word without spaces: '" + id + "'");
        }
        long seconds = Math.max(1, (limit.toMillis() + 999) / 1000);
        byte[] body = command.getBytes(StandardCharsets.UTF_8);
        byte[] header = ("NODEOS-RUN " + id + " " + body.length + " " + seconds + "\n")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] frame = new byte[header.length + body.length];
        System.arraycopy(header, 0, frame, 0, header.length);
        System.arraycopy(body, 0, frame, header.length, body.length);
        return frame;
    }

    /** A frame from the guest. */
    public sealed interface Frame permits Ready, Exit, Error {
    }

    /** {@code NODEOS-AGENT-READY <version>}. */
    public record Ready(String version) implements Frame {
    }

    /** {@code NODEOS-EXIT <id> <status> <length>} and its output. */
    public record Exit(String id, AgentResult result) implements Frame {
    }

    /** {@code NODEOS-ERROR <text>}: the agent could not read a request. */
    public record Error(String text) implements Frame {
    }

    /** Turns the guest's bytes into frames; feed it every byte the agent's port sends, in order. */
    public static final class Decoder {
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();
        private String exitId;
        private int exitStatus;
        private byte[] body;
        private int bodyFilled;

        /** The frame this byte completes, or null. */
        public Frame feed(int b) {
            if (body != null) {
                body[bodyFilled++] = (byte) b;
                return bodyFilled == body.length ? finishExit() : null;
            }
            if (b != '\n') {
                line.write(b);
                return null;
            }
            String header = line.toString(StandardCharsets.US_ASCII).replace("\r", "");
            line.reset();
            return header(header);
        }

        private Frame header(String header) {
            String[] f = header.split(" ");
            if (f[0].equals("NODEOS-AGENT-READY") && f.length == 2) {
                return new Ready(f[1]);
            }
            if (f[0].equals("NODEOS-EXIT") && f.length == 4) {
                try {
                    exitId = f[1];
                    exitStatus = Integer.parseInt(f[2]);
                    body = new byte[Integer.parseInt(f[3])];
                } catch (NumberFormatException | NegativeArraySizeException e) {
                    body = null;
                    return new Error("bad frame from the agent: " + header);
                }
                bodyFilled = 0;
                return body.length == 0 ? finishExit() : null;
            }
            if (f[0].equals("NODEOS-ERROR")) {
                return new Error(header);
            }
            // Anything else is not a frame (a shell's notice, line noise): not an answer, so skipped.
            return null;
        }

        private Frame finishExit() {
            Exit exit = new Exit(exitId, new AgentResult(exitStatus, new String(body, StandardCharsets.UTF_8)));
            body = null;
            return exit;
        }
    }
}
