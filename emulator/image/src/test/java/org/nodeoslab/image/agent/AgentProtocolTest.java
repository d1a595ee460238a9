package org.nodeoslab.image.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class AgentProtocolTest {
    private static List<AgentProtocol.Frame> decode(String bytes) {
        AgentProtocol.Decoder decoder = new AgentProtocol.Decoder();
        List<AgentProtocol.Frame> frames = new ArrayList<>();
        for (byte b : bytes.getBytes(StandardCharsets.UTF_8)) {
            AgentProtocol.Frame f = decoder.feed(b & 0xFF);
            if (f != null) {
                frames.add(f);
            }
        }
        return frames;
    }

    @Test
    void runRequestCarriesTheBodyLengthInBytesAndTheLimitInWholeSeconds() {
        byte[] frame = AgentProtocol.run("7", "echo é\n", Duration.ofMillis(2500));
        assertEquals("NODEOS-RUN 7 8 3\necho é\n", new String(frame, StandardCharsets.UTF_8));
        assertThrows(IllegalArgumentException.class, () -> AgentProtocol.run("a b", "true", Duration.ofSeconds(1)));
    }

    @Test
    void decodesReadyExitWithBinarySafeBodyAndErrorsSkippingNoise() {
        List<AgentProtocol.Frame> frames = decode("NODEOS-AGENT-READY 1\nKilled\n"
                + "NODEOS-EXIT 3 124 13\nbefore\nNODEOS" + "NODEOS-EXIT 4 0 0\nNODEOS-ERROR bad frame header: x\n");
        assertEquals(List.of(new AgentProtocol.Ready("1"),
                new AgentProtocol.Exit("3", new AgentResult(124, "before\nNODEOS")),
                new AgentProtocol.Exit("4", new AgentResult(0, "")),
                new AgentProtocol.Error("NODEOS-ERROR bad frame header: x")), frames);
        assertEquals(true, ((AgentProtocol.Exit) frames.get(1)).result().timedOut());
    }
}
