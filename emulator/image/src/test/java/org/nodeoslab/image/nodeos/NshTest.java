package org.nodeoslab.image.nodeos;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs nsh's JavaScript tests (src/test/nodeos) on the host's Node.js, which CI machines have. */
class NshTest {

    @Test
    void nshTestsPassOnNode() throws IOException, InterruptedException {
        Process node = new ProcessBuilder("node", "--test", "src/test/nodeos/")
                .redirectErrorStream(true).start();
        assertTrue(node.waitFor(120, TimeUnit.SECONDS), "node --test finished");
        String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, node.exitValue(), output);
    }
}
