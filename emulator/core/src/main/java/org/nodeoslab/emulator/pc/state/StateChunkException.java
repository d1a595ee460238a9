package org.nodeoslab.emulator.pc.state;

/**
 * A RAM chunk of a lazily restored state could not be had when the guest touched it (download failed, damaged bytes):
 * the machine cannot go on. Unchecked, because it surfaces from inside an instruction; its message names the state and
 * the chunk.
 */
public final class StateChunkException extends RuntimeException {
    public StateChunkException(String message) {
        super(message);
    }
}
