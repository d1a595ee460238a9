package org.nodeoslab.image.agent;

/** What a command run through the lab agent gave: its exit status and its stdout and stderr, interleaved. */
public record AgentResult(int status, String output) {
    /** The status of a command the agent killed at its time limit (as timeout(1) reports it). */
    public static final int TIMED_OUT = 124;

    public boolean timedOut() {
        return status == TIMED_OUT;
    }
}
