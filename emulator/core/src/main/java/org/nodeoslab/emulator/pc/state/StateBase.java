package org.nodeoslab.emulator.pc.state;

import org.nodeoslab.emulator.bus.LazyPages;

/**
 * A whole (version 3) state that deltas refer to: a site's start-up state, restored lazily. Its identity is the
 * SHA-256 of its first bytes up to the end of its head (CPU, devices and the RAM index, which holds every chunk's
 * length and CRC-32, so two states with one identity have the same chunks, each of which is checked on arrival); its
 * chunks come from the same bytes and {@link ChunkFetcher} as the machine restored from it.
 */
public final class StateBase {
    private final byte[] identity;
    private final StateIndex index;
    private final LazyPages.Source chunks;
    private final String name;

    StateBase(byte[] identity, StateIndex index, LazyPages.Source chunks, String name) {
        this.identity = identity;
        this.index = index;
        this.chunks = chunks;
        this.name = name;
    }

    /** The base of a state whose first bytes (at least its head) are {@code prefix}, other chunks from {@code rest}. */
    public static StateBase of(byte[] prefix, String name, ChunkFetcher rest) throws StateFormatException {
        StateIndex index = MachineState.index(prefix, name);
        if (MachineState.isDelta(prefix)) {
            throw new StateFormatException(name + ": a delta cannot be the base of another");
        }
        return of(prefix, index, new StateChunks(prefix, index, rest, name), name);
    }

    static StateBase of(byte[] prefix, StateIndex index, LazyPages.Source chunks, String name) {
        return new StateBase(Sha256.of(prefix, 0, (int) index.headEnd()), index, chunks, name);
    }

    /** SHA-256 of the state's header and head. */
    public byte[] identity() {
        return identity.clone();
    }

    /** The identity's first 16 hex digits, for messages. */
    public String shortIdentity() {
        return Sha256.hex(identity).substring(0, 16);
    }

    boolean is(byte[] other) {
        return java.util.Arrays.equals(identity, other);
    }

    StateIndex index() {
        return index;
    }

    /** Chunk {@code chunk}'s pages, unpacked (checked against the index first). */
    byte[] chunk(int chunk) {
        return chunks.chunk(chunk);
    }

    LazyPages.Source chunks() {
        return chunks;
    }

    String name() {
        return name;
    }
}
