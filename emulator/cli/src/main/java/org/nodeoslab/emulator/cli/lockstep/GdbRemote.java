package org.nodeoslab.emulator.cli.lockstep;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A client of the GDB remote serial protocol (the stub QEMU opens with {@code -gdb tcp:...}): packet framing
 * with checksums, acknowledgements until {@code QStartNoAckMode} is accepted, run-length and escape decoding of
 * replies, and the few requests the lockstep needs (registers, memory, step, continue, breakpoints, monitor).
 */
public final class GdbRemote implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private boolean acks = true;
    /** A stub that does not answer a request within this time is taken as hung. */
    private static final int REPLY_TIMEOUT_MS = 60_000;

    public GdbRemote(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
        this.out = new BufferedOutputStream(socket.getOutputStream(), 1 << 12);
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(REPLY_TIMEOUT_MS);
    }

    /** Negotiates what the lockstep needs: no acknowledgements (half the round trips). */
    public void handshake() throws IOException {
        request("qSupported:swbreak+;hwbreak+");
        if (request("QStartNoAckMode").equals("OK")) {
            acks = false;
        }
        // QEMU accepts register writes ('P') only from a client that has read its target description.
        request("qXfer:features:read:target.xml:0,ffb");
    }

    /** Sends one packet and returns the reply's payload (after any acknowledgement). */
    public String request(String payload) throws IOException {
        send(payload);
        return receive();
    }

    /** Sends a packet without waiting for the reply (a reply arrives later, e.g. a stop after continue). */
    public void send(String payload) throws IOException {
        byte[] data = payload.getBytes(StandardCharsets.ISO_8859_1);
        out.write('$');
        out.write(data);
        out.write('#');
        String sum = hex2(checksum(data, data.length));
        out.write(sum.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** Reads the next packet's payload, decoded (run-length and escapes). */
    public String receive() throws IOException {
        ByteArrayOutputStream raw = new ByteArrayOutputStream(256);
        int c;
        do {
            c = read();
        } while (c != '$'); // '+' and '-' acknowledgements, and noise, before the packet
        while ((c = read()) != '#') {
            raw.write(c);
        }
        int expected = Integer.parseInt("" + (char) read() + (char) read(), 16);
        byte[] body = raw.toByteArray();
        if (checksum(body, body.length) != expected) {
            throw new IOException("gdb remote: bad checksum on reply '" + new String(body, StandardCharsets.ISO_8859_1)
                    + "'");
        }
        if (acks) {
            out.write('+');
            out.flush();
        }
        return decode(body);
    }

    /** Undoes the protocol's reply encodings: '}' escapes (next byte XOR 0x20) and '*' run lengths. */
    static String decode(byte[] body) {
        StringBuilder s = new StringBuilder(body.length);
        for (int i = 0; i < body.length; i++) {
            int c = body[i] & 0xFF;
            if (c == '}' && i + 1 < body.length) {
                s.append((char) ((body[++i] & 0xFF) ^ 0x20));
            } else if (c == '*' && i + 1 < body.length && s.length() > 0) {
                char repeated = s.charAt(s.length() - 1);
                int count = (body[++i] & 0xFF) - 29;
                for (int k = 0; k < count; k++) {
                    s.append(repeated);
                }
            } else {
                s.append((char) c);
            }
        }
        return s.toString();
    }

    static int checksum(byte[] data, int length) {
        int sum = 0;
        for (int i = 0; i < length; i++) {
            sum += data[i] & 0xFF;
        }
        return sum & 0xFF;
    }

    private int read() throws IOException {
        int c = in.read();
        if (c < 0) {
            throw new IOException("gdb remote: the stub closed the connection");
        }
        return c;
    }

    // ---- Requests -----------------------------------------------------------------------------------------

    /** The 'g' packet: all registers as the stub's target description orders them, little-endian hex. */
    public String readRegisters() throws IOException {
        String reply = request("g");
        if (reply.startsWith("E")) {
            throw new IOException("gdb remote: cannot read registers (" + reply + ")");
        }
        return reply;
    }

    /** Reads {@code length} bytes of the target's memory at a virtual (linear) address. */
    public byte[] readMemory(int address, int length) throws IOException {
        byte[] result = new byte[length];
        int done = 0;
        while (done < length) {
            int chunk = Math.min(length - done, 2048);
            String reply = request("m" + Integer.toHexString(address + done) + "," + Integer.toHexString(chunk));
            if (reply.startsWith("E") || reply.length() < 2) {
                throw new IOException("gdb remote: cannot read memory at 0x" + Integer.toHexString(address + done)
                        + " (" + reply + ")");
            }
            for (int i = 0; i < reply.length() / 2; i++) {
                result[done + i] = (byte) Integer.parseInt(reply.substring(2 * i, 2 * i + 2), 16);
            }
            done += reply.length() / 2;
        }
        return result;
    }

    /** Writes register number {@code index} of the 'g' packet's order (32-bit). */
    public void writeRegister(int index, int value) throws IOException {
        StringBuilder hex = new StringBuilder();
        for (int b = 0; b < 4; b++) {
            hex.append(hex2(value >>> (8 * b) & 0xFF));
        }
        String reply = request("P" + Integer.toHexString(index) + "=" + hex);
        if (!reply.equals("OK")) {
            throw new IOException("gdb remote: cannot write register " + index + " (" + reply + ")");
        }
    }

    /** Executes one instruction; returns the stop reply (e.g. "T05thread:01;"). */
    public String step() throws IOException {
        return request("s");
    }

    /** Resumes until a breakpoint or another stop (at most {@code timeoutSeconds}); returns the stop reply. */
    public String cont(int timeoutSeconds) throws IOException {
        socket.setSoTimeout(timeoutSeconds * 1000);
        try {
            return request("c");
        } catch (java.net.SocketTimeoutException e) {
            throw new IOException("gdb remote: the target did not stop within " + timeoutSeconds + " s");
        } finally {
            socket.setSoTimeout(REPLY_TIMEOUT_MS);
        }
    }

    /** Sets ({@code set}) or removes a hardware (type 1) or software (type 0) breakpoint. */
    public void breakpoint(boolean set, int type, int address) throws IOException {
        String reply = request((set ? "Z" : "z") + type + "," + Integer.toHexString(address) + ",1");
        if (!reply.equals("OK")) {
            throw new IOException("gdb remote: breakpoint " + (set ? "set" : "removal") + " at 0x"
                    + Integer.toHexString(address) + " refused (" + (reply.isEmpty() ? "not supported" : reply)
                    + ")");
        }
    }

    /** Runs a monitor command (QEMU's HMP, e.g. "info registers") and returns its output. */
    public String monitor(String command) throws IOException {
        send("qRcmd," + toHex(command.getBytes(StandardCharsets.ISO_8859_1)));
        StringBuilder output = new StringBuilder();
        while (true) {
            String reply = receive();
            if (reply.startsWith("O") && !reply.equals("OK")) {
                output.append(fromHex(reply.substring(1)));
            } else if (reply.equals("OK")) {
                return output.toString();
            } else if (reply.isEmpty()) {
                throw new IOException("gdb remote: monitor commands not supported");
            } else if (reply.startsWith("E")) {
                throw new IOException("gdb remote: monitor '" + command + "' failed (" + reply + ")" + output);
            } else {
                output.append(fromHex(reply)); // some stubs answer with bare hex
                return output.toString();
            }
        }
    }

    /** Little-endian 32-bit value number {@code index} of a register dump. */
    public static int word(String registers, int index) {
        int v = 0;
        for (int b = 3; b >= 0; b--) {
            int at = index * 8 + b * 2;
            v = v << 8 | Integer.parseInt(registers.substring(at, at + 2), 16);
        }
        return v;
    }

    static String toHex(byte[] bytes) {
        StringBuilder s = new StringBuilder(bytes.length * 2);
        for (byte b : bytes) {
            s.append(hex2(b & 0xFF));
        }
        return s.toString();
    }

    static String fromHex(String hex) {
        StringBuilder s = new StringBuilder(hex.length() / 2);
        for (int i = 0; i + 1 < hex.length(); i += 2) {
            s.append((char) Integer.parseInt(hex.substring(i, i + 2), 16));
        }
        return s.toString();
    }

    private static String hex2(int v) {
        return "" + Character.forDigit(v >> 4 & 0xF, 16) + Character.forDigit(v & 0xF, 16);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
