package org.nodeoslab.site.labs;

import java.time.Duration;

/**
 * The running NodeOS machine as the lab replay sees it: the student's console (COM1) and the lab agent (COM2).
 * {@link SessionLabMachine} is the emulator's; a test may drive a scripted one.
 */
public interface LabMachine {

    /** Types {@code line} and Enter on the console and waits for the shell's next prompt; returns what it printed. */
    String type(String line, Duration limit) throws Exception;

    /**
     * Runs {@code command} (busybox sh, as root, in /) through the agent; the guest kills it after {@code limit}
     * of guest time, and the machine stays usable.
     */
    Answer run(String command, Duration limit) throws Exception;

    /** Everything the console printed so far. */
    String console();

    /** A command's result: its exit status and output; {@code timedOut} when the guest killed it at its limit. */
    record Answer(int status, String output, boolean timedOut) {
    }
}
