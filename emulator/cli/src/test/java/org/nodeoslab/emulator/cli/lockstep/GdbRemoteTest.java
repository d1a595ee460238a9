package org.nodeoslab.emulator.cli.lockstep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class GdbRemoteTest {
    @Test
    void repliesAreDecodedFromRunLengthsAndEscapes() {
        // "0*"" = '0' then 34-29 = 5 more zeros; "}]" is ']' ^ 0x20 = '}'.
        assertEquals("000000x}", GdbRemote.decode("0*\"x}]".getBytes(StandardCharsets.ISO_8859_1)));
    }

    @Test
    void registerWordsAreLittleEndian() {
        assertEquals(0x00100000, GdbRemote.word("0000000000001000", 1));
        assertEquals(0x12345678, GdbRemote.word("78563412", 0));
    }

    @Test
    void talksToAStubWithAcksThenWithout() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread stub = new Thread(() -> fakeStub(server));
            stub.start();
            try (GdbRemote gdb = new GdbRemote(new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort()))) {
                gdb.handshake();
                assertEquals("info text\n", gdb.monitor("info registers"));
                assertEquals(0x1234, Registers.ofGdb(gdb.readRegisters()).gpr(0));
                IOException bad = assertThrows(IOException.class, () -> gdb.readMemory(0x1000, 4));
                assertEquals("gdb remote: cannot read memory at 0x1000 (E14)", bad.getMessage());
            }
            stub.join(5000);
        }
    }

    /** Answers the client's requests in order, checking what it sends. */
    private static void fakeStub(ServerSocket server) {
        try (Socket s = server.accept()) {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            expect(in, "qSupported:swbreak+;hwbreak+");
            reply(out, "PacketSize=1000");
            expectAck(in);
            expect(in, "QStartNoAckMode");
            reply(out, "OK");
            expectAck(in);
            expect(in, "qXfer:features:read:target.xml:0,ffb");
            reply(out, "l<target/>");
            expect(in, "qRcmd," + GdbRemote.toHex("info registers".getBytes(StandardCharsets.ISO_8859_1)));
            reply(out, "O" + GdbRemote.toHex("info text\n".getBytes(StandardCharsets.ISO_8859_1)));
            reply(out, "OK");
            expect(in, "g");
            reply(out, "34120000" + "0*!" + "0".repeat(8 * 23 - 13)); // run-length in the reply
            expect(in, "m1000,4");
            reply(out, "E14");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static void expect(InputStream in, String payload) throws IOException {
        int c;
        while ((c = in.read()) != '$') {
            if (c < 0) {
                throw new IOException("closed");
            }
        }
        StringBuilder s = new StringBuilder();
        while ((c = in.read()) != '#') {
            s.append((char) c);
        }
        String sum = "" + (char) in.read() + (char) in.read();
        byte[] bytes = payload.getBytes(StandardCharsets.ISO_8859_1);
        if (!s.toString().equals(payload) || Integer.parseInt(sum, 16) != GdbRemote.checksum(bytes, bytes.length)) {
            throw new IOException("stub expected " + payload + " got " + s + "#" + sum);
        }
    }

    private static void expectAck(InputStream in) throws IOException {
        if (in.read() != '+') {
            throw new IOException("no ack");
        }
    }

    private static void reply(OutputStream out, String payload) throws IOException {
        byte[] bytes = payload.getBytes(StandardCharsets.ISO_8859_1);
        String sum = Integer.toHexString(0x100 | GdbRemote.checksum(bytes, bytes.length)).substring(1);
        out.write(("+$" + payload + "#" + sum).getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }
}
