package org.nodeoslab.emulator.pc.state;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Where a machine state's RAM is: its chunks in file order, each with the RAM pages it holds, its stored (zlib) length
 * and the CRC-32 of those stored bytes; chunks [0, eagerChunks) are what a restored machine needs before its prompt
 * answers, [eagerChunks, eagerChunks + hotChunks) what a typical first session needs next. The "PAGE" section of the
 * state holds it; the chunks follow the head in this order, so the eager ones are a prefix of the file.
 */
public final class StateIndex {
    private final int ramPages;
    private final int[][] pages;
    private final int[] length;
    private final int[] crc;
    private final int eagerChunks;
    private final int hotChunks;
    /** File offset of the first chunk (the header plus the head) and of each chunk. */
    private long firstChunk;
    private final long[] offset;

    StateIndex(int ramPages, int[][] pages, int[] length, int[] crc, int eagerChunks, int hotChunks) {
        this.ramPages = ramPages;
        this.pages = pages;
        this.length = length;
        this.crc = crc;
        this.eagerChunks = eagerChunks;
        this.hotChunks = hotChunks;
        this.offset = new long[pages.length];
    }

    void placeAfterHead(long headEnd) {
        firstChunk = headEnd;
        long at = headEnd;
        for (int c = 0; c < offset.length; c++) {
            offset[c] = at;
            at += length[c];
        }
    }

    void write(DataOutput out) throws IOException {
        out.writeInt(ramPages);
        out.writeInt(pages.length);
        out.writeInt(eagerChunks);
        out.writeInt(hotChunks);
        for (int c = 0; c < pages.length; c++) {
            out.writeInt(length[c]);
            out.writeInt(crc[c]);
            out.writeInt(pages[c].length);
            for (int page : pages[c]) {
                out.writeInt(page);
            }
        }
    }

    static StateIndex read(DataInput in, String name, int ramBytes) throws IOException {
        int ramPages = in.readInt();
        int chunks = in.readInt();
        int eager = in.readInt();
        int hot = in.readInt();
        if (ramPages != ramBytes >>> 12 || chunks < 0 || chunks > ramPages || eager < 0 || hot < 0
                || eager + hot > chunks) {
            throw new StateFormatException(name + ": the RAM index does not fit " + (ramBytes >>> 20)
                    + " MiB of RAM (" + chunks + " chunks, " + eager + " eager, " + hot + " hot)");
        }
        int[][] pages = new int[chunks][];
        int[] length = new int[chunks];
        int[] crc = new int[chunks];
        for (int c = 0; c < chunks; c++) {
            length[c] = in.readInt();
            crc[c] = in.readInt();
            int count = in.readInt();
            if (length[c] < 0 || count < 0 || count > ramPages) {
                throw new StateFormatException(name + ": chunk " + c + " of the RAM index is damaged");
            }
            pages[c] = new int[count];
            for (int i = 0; i < count; i++) {
                pages[c][i] = in.readInt();
            }
        }
        return new StateIndex(ramPages, pages, length, crc, eager, hot);
    }

    public int ramPages() {
        return ramPages;
    }

    public int chunkCount() {
        return pages.length;
    }

    public int eagerChunks() {
        return eagerChunks;
    }

    public int hotChunks() {
        return hotChunks;
    }

    /** The RAM pages of chunk {@code chunk}, in the order its bytes hold them. */
    public int[] pages(int chunk) {
        return pages[chunk];
    }

    int[][] allPages() {
        return pages;
    }

    /** Stored (compressed) bytes of the chunk. */
    public int length(int chunk) {
        return length[chunk];
    }

    int crc(int chunk) {
        return crc[chunk];
    }

    /** Where the chunk starts in the file. */
    public long offset(int chunk) {
        return offset[chunk];
    }

    /** Where the chunks start: the header plus the head (CPU, devices, this index). */
    public long headEnd() {
        return firstChunk;
    }

    /** The bytes a machine needs before its prompt answers: the head and the eager chunks, a prefix of the file. */
    public long eagerEnd() {
        return eagerChunks == 0 ? firstChunk : offset[eagerChunks - 1] + length[eagerChunks - 1];
    }

    /** The whole file's length. */
    public long fileLength() {
        return pages.length == 0 ? firstChunk : offset[pages.length - 1] + length[pages.length - 1];
    }

    /** Non-zero RAM pages the state holds. */
    public int storedPages() {
        int n = 0;
        for (int[] p : pages) {
            n += p.length;
        }
        return n;
    }
}
