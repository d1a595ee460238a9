package org.nodeoslab.emulator.pc.state;

import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

import org.nodeoslab.emulator.bus.LazyPages;

/**
 * The RAM chunks of a restored state, unpacked when the guest first touches one of their pages: from the state's bytes
 * when the restore was given them, else from a {@link ChunkFetcher}. Each chunk's stored bytes are checked (length
 * and CRC-32 from the index) before they are inflated, so a damaged or swapped chunk is an error naming it, never a
 * page of wrong bytes or zeros.
 */
final class StateChunks implements LazyPages.Source {
    private static final int PAGE = 4096;

    private final byte[] state;
    private final StateIndex index;
    private final ChunkFetcher fetcher;
    private final String name;

    StateChunks(byte[] state, StateIndex index, ChunkFetcher fetcher, String name) {
        this.state = state;
        this.index = index;
        this.fetcher = fetcher;
        this.name = name;
    }

    /** Checks every chunk in the state's bytes (a saved delta, complete, before its machine runs). */
    void checkAll() {
        for (int c = 0; c < index.chunkCount(); c++) {
            check(c, state, (int) index.offset(c));
        }
    }

    @Override
    public byte[] chunk(int chunk) {
        int length = index.length(chunk);
        long offset = index.offset(chunk);
        byte[] stored;
        int from;
        if (offset + length <= state.length) {
            stored = state;
            from = (int) offset;
        } else {
            stored = fetcher.fetch(chunk);
            from = 0;
            if (stored == null || stored.length != length) {
                throw problem(chunk, "arrived with " + (stored == null ? 0 : stored.length) + " bytes, the index says "
                        + length);
            }
        }
        check(chunk, stored, from);
        byte[] pages = new byte[index.pages(chunk).length * PAGE];
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(stored, from, length);
            int n = 0;
            while (n < pages.length && !inflater.finished()) {
                int got = inflater.inflate(pages, n, pages.length - n);
                if (got == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    break;
                }
                n += got;
            }
            if (n != pages.length || !inflater.finished()) {
                throw problem(chunk, "unpacks to " + n + " bytes, not " + pages.length);
            }
        } catch (DataFormatException e) {
            throw problem(chunk, "cannot be unpacked (" + e.getMessage() + ")");
        } finally {
            inflater.end();
        }
        return pages;
    }

    private void check(int chunk, byte[] stored, int from) {
        CRC32 crc = new CRC32();
        crc.update(stored, from, index.length(chunk));
        if ((int) crc.getValue() != index.crc(chunk)) {
            throw problem(chunk, "is damaged (CRC-32 " + Integer.toHexString((int) crc.getValue()) + ", the index says "
                    + Integer.toHexString(index.crc(chunk)) + ")");
        }
    }

    private StateChunkException problem(int chunk, String what) {
        return new StateChunkException(name + ": RAM chunk " + chunk + " of " + index.chunkCount() + " " + what);
    }
}
