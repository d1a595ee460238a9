package org.nodeoslab.emulator.bus;

/**
 * RAM pages whose bytes are not here yet. A machine state restored lazily leaves its pages with their source, grouped
 * in chunks, and a chunk comes in the first time anyone touches one of its pages: the guest through a TLB fill or a
 * slow accessor, or a bulk reader (state save, a page reading RAM). Only slow paths look here: {@link PhysicalMemory}
 * reports a missing page as not plain RAM, so the CPU never caches a translation to it, and its slow accessors load
 * the chunk first. Pages only ever arrive; none goes missing again.
 */
public final class LazyPages {
    /** Where the chunks come from. */
    public interface Source {
        /**
         * The bytes of chunk {@code chunk}: its pages in the order {@link LazyPages} was given them, 4096 bytes each.
         * A chunk that cannot be had (download failed, damaged) is an exception naming it, never zeros.
         */
        byte[] chunk(int chunk);
    }

    private static final int PAGE = 4096;

    private final int[][] pagesOfChunk;
    /** Per RAM page: the chunk still holding it, or -1 when its bytes are in RAM. */
    private final int[] chunkOfPage;
    private final Source source;
    private int missingChunks;

    /** {@code pagesOfChunk[c]}: the RAM pages (numbers) of chunk c, none in two chunks. */
    public LazyPages(int ramPages, int[][] pagesOfChunk, Source source) {
        this.pagesOfChunk = pagesOfChunk;
        this.source = source;
        this.chunkOfPage = new int[ramPages];
        java.util.Arrays.fill(chunkOfPage, -1);
        for (int c = 0; c < pagesOfChunk.length; c++) {
            for (int page : pagesOfChunk[c]) {
                if (page < 0 || page >= ramPages || chunkOfPage[page] >= 0) {
                    throw new IllegalArgumentException("chunk " + c + " names page " + page
                            + (page < 0 || page >= ramPages ? ", outside RAM" : ", already in chunk " + chunkOfPage[page]));
                }
                chunkOfPage[page] = c;
            }
            missingChunks += pagesOfChunk[c].length > 0 ? 1 : 0;
        }
    }

    public boolean isMissing(int page) {
        return chunkOfPage[page] >= 0;
    }

    /** The chunk still holding {@code page}, or -1 when the page's bytes are in RAM. */
    public int chunkOf(int page) {
        return chunkOfPage[page];
    }

    public boolean isChunkMissing(int chunk) {
        int[] pages = pagesOfChunk[chunk];
        return pages.length > 0 && chunkOfPage[pages[0]] >= 0;
    }

    public int chunkCount() {
        return pagesOfChunk.length;
    }

    /** Chunks not yet loaded. */
    public int missingChunks() {
        return missingChunks;
    }

    /** Brings in the chunk holding {@code page} (which must be missing) and writes its pages into {@code memory}. */
    void load(int page, PhysicalMemory memory) {
        loadChunk(chunkOfPage[page], memory);
    }

    void loadChunk(int chunk, PhysicalMemory memory) {
        if (!isChunkMissing(chunk)) {
            return;
        }
        int[] pages = pagesOfChunk[chunk];
        byte[] bytes = source.chunk(chunk);
        if (bytes.length != pages.length * PAGE) {
            throw new IllegalStateException("chunk " + chunk + " of the machine state holds " + bytes.length
                    + " bytes, not the " + pages.length * PAGE + " of its " + pages.length + " pages");
        }
        for (int i = 0; i < pages.length; i++) {
            memory.putPage(pages[i], bytes, i * PAGE);
            chunkOfPage[pages[i]] = -1;
        }
        missingChunks--;
    }
}
