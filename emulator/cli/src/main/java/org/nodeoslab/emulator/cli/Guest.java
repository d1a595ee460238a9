package org.nodeoslab.emulator.cli;

import java.io.IOException;
import java.time.Duration;

/** A booted machine whose serial console (ttyS0) a test or the benchmark drives: ours or QEMU. */
public interface Guest extends AutoCloseable {
    /** Types text on the guest's console. */
    void send(String text) throws IOException;

    /**
     * Runs until {@code text} appears in the console output after the previous match; returns the output from
     * there through the match. Throws {@link GuestException} (with the console's tail) on timeout or if the
     * guest stops.
     */
    String waitFor(String text, Duration timeout) throws GuestException;

    /** Everything the guest printed on its console so far. */
    String console();

    @Override
    void close();

    /** The guest did not get where it was expected to. */
    final class GuestException extends Exception {
        public GuestException(String message, String console) {
            super(message + "\n--- console (last 3000 characters) ---\n"
                    + console.substring(Math.max(0, console.length() - 3000)));
        }
    }
}
