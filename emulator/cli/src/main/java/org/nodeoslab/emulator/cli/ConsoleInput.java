package org.nodeoslab.emulator.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Reads the host's standard input on a daemon thread so the machine loop can poll it or wait for it. */
final class ConsoleInput {
    private static final byte[] EOF = new byte[0];
    private final LinkedBlockingQueue<byte[]> queue = new LinkedBlockingQueue<>();
    private volatile boolean ended;

    ConsoleInput(InputStream in) {
        Thread t = new Thread(() -> pump(in), "console-input");
        t.setDaemon(true);
        t.start();
    }

    private void pump(InputStream in) {
        byte[] buffer = new byte[4096];
        try {
            int n;
            while ((n = in.read(buffer)) > 0) {
                byte[] chunk = new byte[n];
                System.arraycopy(buffer, 0, chunk, 0, n);
                queue.add(chunk);
            }
        } catch (IOException e) {
            // Standard input closed under us: same as end of input.
        }
        queue.add(EOF);
    }

    /** Waits up to {@code nanos} (0 = just poll) for input; null if none came. */
    byte[] poll(long nanos) throws InterruptedException {
        byte[] chunk = nanos <= 0 ? queue.poll() : queue.poll(nanos, TimeUnit.NANOSECONDS);
        if (chunk == EOF) {
            ended = true;
            return null;
        }
        return chunk;
    }

    boolean ended() {
        return ended;
    }
}
