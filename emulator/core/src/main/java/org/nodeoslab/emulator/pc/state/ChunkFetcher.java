package org.nodeoslab.emulator.pc.state;

/**
 * Gives a chunk of a machine state that is not in the bytes the restore was given (the browser downloads it; the
 * start-up state's builder records which chunk the guest asked for): its stored bytes, as the file holds them.
 */
public interface ChunkFetcher {
    /** The stored bytes of chunk {@code chunk}; an exception whose message names the chunk when they cannot be had. */
    byte[] fetch(int chunk);

    /** For a state whose bytes are all there: asking is a bug in the reader. */
    ChunkFetcher NONE = chunk -> {
        throw new IllegalStateException("chunk " + chunk + " is not in the machine state's bytes");
    };
}
