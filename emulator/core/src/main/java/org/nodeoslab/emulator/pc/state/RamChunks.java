package org.nodeoslab.emulator.pc.state;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

import org.nodeoslab.emulator.bus.PhysicalMemory;

/**
 * RAM packed for a save: the non-zero pages in the order a {@link PageOrder} gives, cut into chunks of up to N pages
 * that never mix eager, hot and other pages, each chunk compressed on its own (so a reader can unpack any one alone).
 */
final class RamChunks {
    private static final int PAGE = 4096;

    private final StateIndex index;
    private final List<byte[]> stored;

    private RamChunks(StateIndex index, List<byte[]> stored) {
        this.index = index;
        this.stored = stored;
    }

    StateIndex index() {
        return index;
    }

    void writeChunks(OutputStream out) throws IOException {
        for (byte[] chunk : stored) {
            out.write(chunk);
        }
    }

    static RamChunks pack(PhysicalMemory ram, PageOrder order, int chunkPages, int level) {
        return pack(ram, order, chunkPages, level, new boolean[ram.size() / PAGE]);
    }

    /** As above, without the pages {@code leaveOut} marks (a delta's: they are in its base's chunks). */
    static RamChunks pack(PhysicalMemory ram, PageOrder order, int chunkPages, int level, boolean[] leaveOut) {
        if (chunkPages < 1) {
            throw new IllegalArgumentException("chunks need at least one page: " + chunkPages);
        }
        int ramPages = ram.size() / PAGE;
        boolean[] placed = leaveOut.clone();
        int[] pages = new int[ramPages];
        int count = 0;
        int eager = 0;
        int hot = 0;
        for (int i = 0; i < order.pages().length; i++) {
            int page = order.pages()[i];
            if (page >= 0 && page < ramPages && !placed[page] && !isZero(ram, page)) {
                placed[page] = true;
                pages[count++] = page;
                if (i < order.eagerPages()) {
                    eager++;
                } else if (i < order.eagerPages() + order.hotPages()) {
                    hot++;
                }
            }
        }
        for (int page = 0; page < ramPages; page++) {
            if (!placed[page] && !isZero(ram, page)) {
                pages[count++] = page;
            }
        }
        List<int[]> chunks = new ArrayList<>();
        int eagerChunks = cut(pages, 0, eager, chunkPages, chunks);
        int hotChunks = cut(pages, eager, eager + hot, chunkPages, chunks);
        cut(pages, eager + hot, count, chunkPages, chunks);

        List<byte[]> stored = new ArrayList<>(chunks.size());
        int[] length = new int[chunks.size()];
        int[] crc = new int[chunks.size()];
        Deflater deflater = new Deflater(level);
        byte[] buffer = new byte[chunkPages * PAGE + 1024];
        byte[] out = new byte[chunkPages * PAGE * 11 / 10 + 1024];
        for (int c = 0; c < chunks.size(); c++) {
            int[] chunk = chunks.get(c);
            for (int i = 0; i < chunk.length; i++) {
                ram.copyOut(chunk[i] * PAGE, buffer, i * PAGE, PAGE);
            }
            deflater.reset();
            deflater.setInput(buffer, 0, chunk.length * PAGE);
            deflater.finish();
            int n = 0;
            while (!deflater.finished()) {
                if (n == out.length) {
                    out = java.util.Arrays.copyOf(out, out.length * 2);
                }
                n += deflater.deflate(out, n, out.length - n);
            }
            byte[] bytes = java.util.Arrays.copyOf(out, n);
            CRC32 sum = new CRC32();
            sum.update(bytes, 0, n);
            stored.add(bytes);
            length[c] = n;
            crc[c] = (int) sum.getValue();
        }
        deflater.end();
        return new RamChunks(new StateIndex(ramPages, chunks.toArray(new int[0][]), length, crc, eagerChunks,
                hotChunks), stored);
    }

    /** Cuts pages[from, to) into chunks of up to {@code size} pages; returns how many. */
    private static int cut(int[] pages, int from, int to, int size, List<int[]> chunks) {
        int n = 0;
        for (int at = from; at < to; at += size) {
            chunks.add(java.util.Arrays.copyOfRange(pages, at, Math.min(to, at + size)));
            n++;
        }
        return n;
    }

    private static boolean isZero(PhysicalMemory ram, int page) {
        return ram.isZeroPage(page * PAGE);
    }
}
