package org.nodeoslab.emulator.pc.state;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import java.util.zip.ZipException;

import org.nodeoslab.emulator.bus.LazyPages;
import org.nodeoslab.emulator.bus.MemoryStorage;
import org.nodeoslab.emulator.bus.PhysicalMemory;
import org.nodeoslab.emulator.pc.Pc;
import org.nodeoslab.emulator.pc.PcConfig;

/**
 * Saves and restores a whole {@link Pc}: CPU, FPU, devices, time and RAM.
 *
 * <p>Format, version 3 (all integers big-endian; version 2 kept RAM inside one zlib stream, version 1 had no "RNG "):
 * <pre>
 *   8 bytes  magic "NODEOSPC"
 *   u32      format version (3)
 *   u32      length of the head
 *   head     one zlib (java.util.zip Deflater) stream of sections: u32 tag (4 ASCII chars), u32 payload length,
 *            payload; it ends with the section "END " of length 0
 *   chunks   RAM: each chunk one zlib stream of its pages (4096 bytes each), in the order the "PAGE" section lists
 * </pre>
 * Sections, in this order: "MACH" (RAM bytes u32, virtual clock bool, MHz u32, idle cycles u64, clock nanos u64),
 * "CPU " (registers, EFLAGS, segment caches, descriptor table registers, CRx, DRx, CPL, halted/shutdown/NMI/
 * interrupt shadow, instruction count), "MSR " (u32 count, then u32 index and u64 value each), "FPU "
 * ({@code Fpu.saveState}), "PIC ", "PIT ", "RTC ", "COM1", "COM2", "KBC ", "PCI ", "SYS " (A20 gate, POST code),
 * "RNG " (RDRAND's generator state u64), "PAGE" (the RAM index, {@link StateIndex}: RAM pages u32, chunks u32, eager
 * chunks u32, hot chunks u32, then per chunk its stored length u32, CRC-32 of the stored bytes u32, page count u32
 * and the page numbers; zero pages are in no chunk). A reader rejects a different magic or version, a missing or
 * misplaced section, and a section whose payload length does not match what it read.
 *
 * <p>RAM is restored lazily: a chunk is unpacked when the guest first touches one of its pages ({@link LazyPages}),
 * from the state's bytes or, for the chunks a browser has not downloaded yet, from a {@link ChunkFetcher}. The chunks a
 * machine needs before its prompt answers come first (see {@link PageOrder}), so a page downloads only a prefix of the
 * file before the machine runs.
 */
public final class MachineState {
    public static final int VERSION = 3;
    /** A delta: a version 3 state whose RAM refers to the unchanged pages of a base state's chunks (section "BASE"). */
    public static final int DELTA_VERSION = 4;
    /** Pages per chunk (256 KiB): small enough to fetch on a first touch, large enough to compress well. */
    public static final int CHUNK_PAGES = 64;
    private static final byte[] MAGIC = {'N', 'O', 'D', 'E', 'O', 'S', 'P', 'C'};
    private static final int HEADER = MAGIC.length + 8;

    private MachineState() {
    }

    /** Saves quickly (zlib level 1): what an interactive save wants. */
    public static void save(Pc pc, OutputStream target) throws IOException {
        save(pc, target, Deflater.BEST_SPEED);
    }

    /** Saves with zlib level {@code level} (9 for a state that is built once and downloaded many times). */
    public static void save(Pc pc, OutputStream target, int level) throws IOException {
        save(pc, target, level, PageOrder.ADDRESS, CHUNK_PAGES);
    }

    /**
     * Saves with RAM laid out in chunks of up to {@code chunkPages} pages in the order {@code order} gives (eager pages
     * first, then hot ones, then the rest in address order). Pages still missing (a lazily restored machine) are
     * brought in first: a saved state is always complete.
     */
    public static void save(Pc pc, OutputStream target, int level, PageOrder order, int chunkPages)
            throws IOException {
        pc.memory.loadAllPages();
        write(pc, target, level, RamChunks.pack(pc.memory, order, chunkPages, level), null);
    }

    /**
     * Saves the machine as a delta (version 4) against the state it was restored from ({@link Pc#stateBase}): each of
     * the base's RAM chunks is named with the positions of its pages the guest has changed (a page not loaded yet is
     * unchanged; a loaded one is compared with the base's bytes), and only changed and new non-zero pages are stored,
     * in chunks of their own. No missing chunk of the base is brought in. Restore it with
     * {@link #restore(byte[], String, boolean, StateBase)} and the same base.
     *
     * <p>Invariant the restores keep: while a machine with a base still has missing pages, its lazy chunk c for c
     * below the base's chunk count holds (some of) the pages of the base's chunk c (a delta's own chunks come after).
     */
    public static void saveDelta(Pc pc, OutputStream target) throws IOException {
        StateBase base = pc.stateBase;
        if (base == null) {
            throw new IllegalStateException("this machine was not restored from a state: there is no base for a delta");
        }
        StateIndex index = base.index();
        boolean[] fromBase = new boolean[pc.memory.size() >>> 12];
        int[] referenced = new int[index.chunkCount()];
        int[][] changed = new int[index.chunkCount()][];
        int count = 0;
        for (int c = 0; c < index.chunkCount(); c++) {
            int[] pages = index.pages(c);
            int[] differ = changedPages(pc, base, c);
            if (differ.length < pages.length) {
                referenced[count] = c;
                changed[count++] = differ;
                for (int i = 0, d = 0; i < pages.length; i++) {
                    if (d < differ.length && differ[d] == i) {
                        d++;
                    } else {
                        fromBase[pages[i]] = true;
                    }
                }
            }
        }
        int chunks = count;
        RamChunks ram = RamChunks.pack(pc.memory, PageOrder.ADDRESS, CHUNK_PAGES, Deflater.BEST_SPEED, fromBase);
        write(pc, target, Deflater.BEST_SPEED, ram, o -> {
            o.write(base.identity());
            o.writeInt(index.ramPages());
            o.writeInt(index.chunkCount());
            o.writeInt(chunks);
            for (int r = 0; r < chunks; r++) {
                o.writeInt(referenced[r]);
                o.writeInt(changed[r].length);
                for (int position : changed[r]) {
                    o.writeInt(position);
                }
            }
        });
    }

    /** The positions (ascending) of the pages of the base's chunk {@code chunk} that no longer hold the base's bytes. */
    private static int[] changedPages(Pc pc, StateBase base, int chunk) {
        LazyPages lazy = pc.memory.lazyPages();
        int[] pages = base.index().pages(chunk);
        int[] changed = new int[pages.length];
        int n = 0;
        byte[] baseBytes = null;
        byte[] page = new byte[4096];
        for (int i = 0; i < pages.length; i++) {
            int from = lazy == null ? -1 : lazy.chunkOf(pages[i]);
            if (from == chunk) {
                continue; // still with the base's chunk: never loaded, so never written
            }
            if (from >= 0) {
                changed[n++] = i; // in a chunk of the delta this machine came from: changed then, untouched since
                continue;
            }
            if (baseBytes == null) {
                baseBytes = base.chunk(chunk);
            }
            pc.memory.copyOut(pages[i] << 12, page, 0, page.length);
            if (!java.util.Arrays.equals(page, 0, page.length, baseBytes, i * 4096, (i + 1) * 4096)) {
                changed[n++] = i;
            }
        }
        return java.util.Arrays.copyOf(changed, n);
    }

    /** The {@code positions} of {@code from} in units of {@code unit} elements (a chunk's page numbers or bytes). */
    private static int[] select(int[] from, int[] positions, int unit) {
        int[] out = new int[positions.length * unit];
        for (int i = 0; i < positions.length; i++) {
            System.arraycopy(from, positions[i] * unit, out, i * unit, unit);
        }
        return out;
    }

    private static byte[] select(byte[] from, int[] positions, int unit) {
        byte[] out = new byte[positions.length * unit];
        for (int i = 0; i < positions.length; i++) {
            System.arraycopy(from, positions[i] * unit, out, i * unit, unit);
        }
        return out;
    }

    /** Writes the header, the head (with the section "BASE" when {@code base} is given: a delta) and the RAM. */
    private static void write(Pc pc, OutputStream target, int level, RamChunks ram, Writer base) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        Deflater deflater = new Deflater(level);
        DeflaterOutputStream zip = new DeflaterOutputStream(head, deflater, 1 << 16);
        DataOutputStream out = new DataOutputStream(zip);
        section(out, "MACH", o -> {
            o.writeInt(pc.config.ramBytes);
            o.writeBoolean(pc.config.virtualClock);
            o.writeInt(pc.config.mhz);
            o.writeLong(pc.idleCycles());
            o.writeLong(pc.clock.nanos());
        });
        section(out, "CPU ", new CpuState(pc.cpu)::save);
        section(out, "MSR ", o -> ModelSpecificRegisters.save(pc, o));
        section(out, "FPU ", pc.cpu.fpu::saveState);
        section(out, "PIC ", pc.pic::save);
        section(out, "PIT ", pc.pit::save);
        section(out, "RTC ", pc.rtc::save);
        section(out, "COM1", pc.com1::save);
        section(out, "COM2", pc.com2::save);
        section(out, "KBC ", pc.keyboardController::save);
        section(out, "PCI ", pc.pci::save);
        section(out, "SYS ", o -> {
            o.writeBoolean(pc.memory.isA20Enabled());
            o.writeInt(pc.postCode.lastValue());
        });
        section(out, "RNG ", o -> o.writeLong(pc.cpu.sys.randomState()));
        if (base != null) {
            section(out, "BASE", base);
        }
        section(out, "PAGE", ram.index()::write);
        out.writeInt(tag("END "));
        out.writeInt(0);
        out.flush();
        zip.finish();
        deflater.end();
        DataOutputStream header = new DataOutputStream(target);
        header.write(MAGIC);
        header.writeInt(base != null ? DELTA_VERSION : VERSION);
        header.writeInt(head.size());
        header.flush();
        head.writeTo(target);
        ram.writeChunks(target);
        target.flush();
    }

    private interface Writer {
        void write(DataOutput out) throws IOException;
    }

    private interface Reader {
        void read(DataInput in) throws IOException;
    }

    private static void section(DataOutputStream out, String name, Writer writer) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream payload = new DataOutputStream(bytes);
        writer.write(payload);
        payload.flush();
        out.writeInt(tag(name));
        out.writeInt(bytes.size());
        bytes.writeTo(out);
    }

    /**
     * Reads a saved state into a new machine. The clock kind comes from {@code useVirtualClock}, the RAM size and
     * the time from the file. {@code name} names the file in error messages.
     */
    public static Pc restore(InputStream source, String name, boolean useVirtualClock) throws StateFormatException {
        byte[] state;
        try {
            state = source.readAllBytes();
        } catch (IOException e) {
            throw new StateFormatException(name + ": cannot read machine state: " + e.getMessage());
        }
        return restore(state, name, useVirtualClock);
    }

    /** As {@link #restore(InputStream, String, boolean)}, from the whole state in memory (kept: RAM comes lazily). */
    public static Pc restore(byte[] state, String name, boolean useVirtualClock) throws StateFormatException {
        return restore(PhysicalMemory.defaultStorage(), state, name, useVirtualClock);
    }

    /** As {@link #restore(byte[], String, boolean)}, with the machine's memory kept in what {@code storage} makes. */
    public static Pc restore(MemoryStorage.Factory storage, byte[] state, String name, boolean useVirtualClock)
            throws StateFormatException {
        Restored restored = restoreHead(state, name, useVirtualClock, storage);
        restored.checkLength(state, name);
        return restored.attach(state, ChunkFetcher.NONE, name);
    }

    /**
     * A machine from the first bytes of a state (at least the head: {@link StateIndex#headEnd()}); the RAM chunks not
     * wholly in {@code prefix} come from {@code rest} when the guest first touches one of their pages.
     */
    public static Pc restore(byte[] prefix, String name, boolean useVirtualClock, ChunkFetcher rest)
            throws StateFormatException {
        return restore(PhysicalMemory.defaultStorage(), prefix, name, useVirtualClock, rest);
    }

    /** As {@link #restore(byte[], String, boolean, ChunkFetcher)}, with memory kept in what {@code storage} makes. */
    public static Pc restore(MemoryStorage.Factory storage, byte[] prefix, String name, boolean useVirtualClock,
            ChunkFetcher rest) throws StateFormatException {
        return restoreHead(prefix, name, useVirtualClock, storage).attach(prefix, rest, name);
    }

    /**
     * A saved machine with the base it may have been saved against: a delta ({@link #saveDelta}) takes the chunks it
     * names from {@code base}, lazily, as the base's own machine would; a delta whose base is another state (or none:
     * {@code base} null) is refused, saying which state it needs. A whole state is restored as it is and then refers
     * to {@code base} too (its RAM is brought in whole: its chunks are not the base's), so its next delta is small.
     */
    public static Pc restore(byte[] saved, String name, boolean useVirtualClock, StateBase base)
            throws StateFormatException {
        return restore(PhysicalMemory.defaultStorage(), saved, name, useVirtualClock, base);
    }

    /** As {@link #restore(byte[], String, boolean, StateBase)}, with memory kept in what {@code storage} makes. */
    public static Pc restore(MemoryStorage.Factory storage, byte[] saved, String name, boolean useVirtualClock,
            StateBase base) throws StateFormatException {
        Restored restored = restoreHead(saved, name, useVirtualClock, storage);
        restored.checkLength(saved, name);
        if (restored.delta == null) {
            Pc pc = restored.attach(saved, ChunkFetcher.NONE, name);
            if (base != null) {
                try {
                    pc.memory.loadAllPages();
                } catch (StateChunkException e) {
                    throw new StateFormatException(e.getMessage());
                }
                pc.stateBase = base;
            }
            return pc;
        }
        return restored.attachDelta(saved, base, name);
    }

    /** Whether these first bytes of a state are a delta's (version 4). */
    public static boolean isDelta(byte[] state) {
        return state.length >= HEADER && java.util.Arrays.equals(state, 0, MAGIC.length, MAGIC, 0, MAGIC.length)
                && readInt(state, MAGIC.length) == DELTA_VERSION;
    }

    /** The RAM index of a state, read from its first bytes (header and head; the stream is left after the head). */
    public static StateIndex index(InputStream source, String name) throws StateFormatException {
        try {
            DataInputStream in = new DataInputStream(source);
            byte[] header = new byte[HEADER];
            in.readFully(header);
            int headLength = checkHeader(header, name);
            byte[] head = new byte[HEADER + headLength];
            System.arraycopy(header, 0, head, 0, HEADER);
            in.readFully(head, HEADER, headLength);
            return index(head, name);
        } catch (EOFException e) {
            throw new StateFormatException(name + ": truncated machine state (the file ends early)");
        } catch (StateFormatException e) {
            throw e;
        } catch (IOException e) {
            throw new StateFormatException(name + ": cannot read machine state: " + e.getMessage());
        }
    }

    /** The RAM index of a state from its first bytes (at least the head), without building its machine. */
    public static StateIndex index(byte[] state, String name) throws StateFormatException {
        int headLength = checkHeader(state, name);
        if (state.length - HEADER < headLength) {
            throw new StateFormatException(name + ": truncated machine state (the file ends early)");
        }
        try {
            DataInputStream in = new DataInputStream(new InflaterInputStream(
                    new ByteArrayInputStream(state, HEADER, headLength), new Inflater(), 1 << 16));
            int ramBytes = -1;
            while (true) {
                int tag = in.readInt();
                int length = in.readInt();
                if (tag == tag("MACH")) {
                    ramBytes = in.readInt();
                    in.skipBytes(length - 4);
                } else if (tag == tag("PAGE") && ramBytes > 0) {
                    StateIndex index = StateIndex.read(in, name, ramBytes);
                    index.placeAfterHead(HEADER + (long) headLength);
                    return index;
                } else if (tag == tag("END ") || length < 0) {
                    throw new StateFormatException(name + ": no RAM index (section \"PAGE\") in the machine state");
                } else {
                    in.skipBytes(length);
                }
            }
        } catch (StateFormatException e) {
            throw e;
        } catch (EOFException e) {
            throw new StateFormatException(name + ": truncated machine state (the file ends early)");
        } catch (IOException e) {
            throw new StateFormatException(name + ": corrupt machine state (" + e.getMessage() + ")");
        }
    }

    /**
     * What a delta's "BASE" section says: its base's identity and size, and the base chunks it takes pages from, each
     * with the positions of its pages that the delta holds instead (changed, or zero now).
     */
    private record DeltaBase(byte[] identity, int ramPages, int chunks, int[] referenced, int[][] changed) {
        static DeltaBase read(DataInput in, String name) throws IOException {
            byte[] identity = new byte[32];
            in.readFully(identity);
            int ramPages = in.readInt();
            int chunks = in.readInt();
            int count = in.readInt();
            if (chunks < 0 || count < 0 || count > chunks) {
                throw new StateFormatException(name + ": the section \"BASE\" is damaged (" + count + " of " + chunks
                        + " chunks)");
            }
            int[] referenced = new int[count];
            int[][] changed = new int[count][];
            for (int r = 0; r < count; r++) {
                referenced[r] = in.readInt();
                if (referenced[r] < 0 || referenced[r] >= chunks) {
                    throw new StateFormatException(name + ": the section \"BASE\" names chunk " + referenced[r]
                            + " of " + chunks);
                }
                int n = in.readInt();
                if (n < 0 || n > ramPages) {
                    throw new StateFormatException(name + ": the section \"BASE\" is damaged (chunk " + referenced[r]
                            + ": " + n + " changed pages)");
                }
                changed[r] = new int[n];
                for (int i = 0; i < n; i++) {
                    changed[r][i] = in.readInt();
                }
            }
            return new DeltaBase(identity, ramPages, chunks, referenced, changed);
        }

        String shortIdentity() {
            return Sha256.hex(identity).substring(0, 16);
        }
    }

    /** A machine with CPU and devices restored and RAM still to attach, and where that RAM is. */
    private record Restored(Pc pc, StateIndex index, long idleCycles, long clockNanos, byte[] msrs, DeltaBase delta) {
        void checkLength(byte[] state, String name) throws StateFormatException {
            long length = index.fileLength();
            if (state.length < length) {
                throw new StateFormatException(name + ": truncated machine state (the file ends early)");
            }
            if (state.length > length) {
                throw new StateFormatException(name + ": " + (state.length - length)
                        + " bytes after the last RAM chunk (corrupt or foreign file)");
            }
        }

        Pc attach(byte[] state, ChunkFetcher rest, String name) throws StateFormatException {
            if (delta != null) {
                throw new StateFormatException(name + ": a saved delta of the state " + delta.shortIdentity()
                        + "; it is restored only together with that state");
            }
            StateChunks chunks = new StateChunks(state, index, rest, name);
            LazyPages pages;
            try {
                pages = new LazyPages(index.ramPages(), index.allPages(), chunks);
            } catch (IllegalArgumentException e) {
                throw new StateFormatException(name + ": the RAM index is damaged (" + e.getMessage() + ")");
            }
            pc.stateBase = StateBase.of(state, index, chunks, name);
            return finish(pages, name);
        }

        /**
         * The delta's RAM: the base's chunk c (for c below the base's chunk count) with the pages the delta takes from
         * it (none when it names no page of it); the delta's own chunks after those. Its own chunks are checked now, so a damaged delta is
         * refused before its machine runs.
         */
        Pc attachDelta(byte[] state, StateBase base, String name) throws StateFormatException {
            if (base == null) {
                throw new StateFormatException(name + ": a saved delta of the state " + delta.shortIdentity()
                        + ", which is not here");
            }
            if (!base.is(delta.identity)) {
                throw new StateFormatException(name + ": saved on the state " + delta.shortIdentity() + ", not on "
                        + base.name() + " (" + base.shortIdentity() + ")");
            }
            StateIndex baseIndex = base.index();
            if (delta.ramPages != baseIndex.ramPages() || delta.chunks != baseIndex.chunkCount()
                    || index.ramPages() != baseIndex.ramPages()) {
                throw new StateFormatException(name + ": does not fit its base " + base.name() + " ("
                        + delta.chunks + " chunks of " + (delta.ramPages >>> 8) + " MiB; the base has "
                        + baseIndex.chunkCount() + " of " + (baseIndex.ramPages() >>> 8) + " MiB)");
            }
            int baseChunks = baseIndex.chunkCount();
            int[][] pagesOfChunk = new int[baseChunks + index.chunkCount()][];
            int[][] kept = new int[baseChunks][]; // positions taken from a base chunk, when not all of them
            java.util.Arrays.fill(pagesOfChunk, 0, baseChunks, new int[0]);
            boolean[] named = new boolean[baseChunks];
            for (int r = 0; r < delta.referenced.length; r++) {
                int c = delta.referenced[r];
                if (named[c]) {
                    throw new StateFormatException(name + ": the section \"BASE\" names chunk " + c + " twice");
                }
                named[c] = true;
                kept[c] = keptPositions(baseIndex.pages(c).length, delta.changed[r], c, name);
                pagesOfChunk[c] = kept[c] == null ? baseIndex.pages(c) : select(baseIndex.pages(c), kept[c], 1);
            }
            for (int c = 0; c < index.chunkCount(); c++) {
                pagesOfChunk[baseChunks + c] = index.pages(c);
            }
            StateChunks own = new StateChunks(state, index, ChunkFetcher.NONE, name);
            LazyPages pages;
            try {
                own.checkAll();
                pages = new LazyPages(index.ramPages(), pagesOfChunk, c -> c >= baseChunks ? own.chunk(c - baseChunks)
                        : kept[c] == null ? base.chunk(c) : select(base.chunk(c), kept[c], 4096));
            } catch (StateChunkException e) {
                throw new StateFormatException(e.getMessage());
            } catch (IllegalArgumentException e) {
                throw new StateFormatException(name + ": the RAM index is damaged (" + e.getMessage() + ")");
            }
            pc.stateBase = base;
            return finish(pages, name);
        }

        /** The positions of a base chunk's pages the delta keeps, or null for all: those not among {@code changed}. */
        private static int[] keptPositions(int pages, int[] changed, int chunk, String name)
                throws StateFormatException {
            if (changed.length == 0) {
                return null;
            }
            int[] kept = new int[pages];
            int n = 0;
            for (int i = 0, d = 0; i < pages; i++) {
                if (d < changed.length && changed[d] == i) {
                    d++;
                } else {
                    kept[n++] = i;
                }
            }
            if (n != pages - changed.length) {
                throw new StateFormatException(name + ": the section \"BASE\" is damaged (chunk " + chunk
                        + ": its changed pages are out of order or beyond its " + pages + ")");
            }
            return java.util.Arrays.copyOf(kept, n);
        }

        private Pc finish(LazyPages pages, String name) throws StateFormatException {
            pc.memory.setLazyPages(pages);
            pc.memory.ramReplaced();
            pc.restoreTime(idleCycles, clockNanos);
            try {
                ModelSpecificRegisters.load(pc, msrs); // after the time: the TSC MSR is relative to the clock
                pc.cpu.mmu.reloadAfterStateRestore(); // PAE: the PDPTE registers come from the restored CR3
            } catch (StateChunkException e) {
                throw new StateFormatException(e.getMessage());
            } catch (IOException e) {
                throw new StateFormatException(name + ": section \"MSR \" is damaged (" + e.getMessage() + ")");
            }
            pc.cpu.modeChanged();
            return pc;
        }
    }

    private static int checkHeader(byte[] state, String name) throws StateFormatException {
        if (state.length < MAGIC.length || !java.util.Arrays.equals(state, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new StateFormatException(name + ": " + (state.length < MAGIC.length
                    ? "truncated machine state (the file ends early)"
                    : "not a NodeOS Lab machine state (no \"NODEOSPC\" magic)"));
        }
        if (state.length < HEADER) {
            throw new StateFormatException(name + ": truncated machine state (the file ends early)");
        }
        int version = readInt(state, MAGIC.length);
        if (version != VERSION && version != DELTA_VERSION) {
            throw new StateFormatException(name + ": machine state format version " + version
                    + "; this emulator reads version " + VERSION + " and its deltas (version " + DELTA_VERSION + ")");
        }
        int headLength = readInt(state, MAGIC.length + 4);
        if (headLength <= 0) {
            throw new StateFormatException(name + ": the head of the machine state has length " + headLength);
        }
        return headLength;
    }

    private static int readInt(byte[] b, int at) {
        return (b[at] & 0xFF) << 24 | (b[at + 1] & 0xFF) << 16 | (b[at + 2] & 0xFF) << 8 | (b[at + 3] & 0xFF);
    }

    private static Restored restoreHead(byte[] state, String name, boolean useVirtualClock,
            MemoryStorage.Factory storage) throws StateFormatException {
        int headLength = checkHeader(state, name);
        if (state.length - HEADER < headLength) {
            throw new StateFormatException(name + ": truncated machine state (the file ends early)");
        }
        try {
            DataInputStream in = new DataInputStream(new InflaterInputStream(
                    new ByteArrayInputStream(state, HEADER, headLength), new Inflater(), 1 << 16));
            Pc[] pc = new Pc[1];
            long[] time = new long[2];
            read(in, name, "MACH", d -> {
                int ram = d.readInt();
                boolean savedVirtual = d.readBoolean();
                int mhz = d.readInt();
                time[0] = d.readLong();
                time[1] = d.readLong(); // the clock's reading: a restored machine's time never goes back
                long epoch = savedVirtual ? PcConfig.FIXED_EPOCH : System.currentTimeMillis() / 1000;
                try {
                    pc[0] = new Pc(new PcConfig(ram, useVirtualClock, mhz, epoch, storage));
                } catch (IllegalArgumentException e) {
                    throw new StateFormatException(name + ": " + e.getMessage());
                }
            });
            Pc machine = pc[0];
            read(in, name, "CPU ", new CpuState(machine.cpu)::load);
            byte[][] msrs = new byte[1][];
            read(in, name, "MSR ", d -> msrs[0] = ModelSpecificRegisters.readSection(d));
            read(in, name, "FPU ", machine.cpu.fpu::loadState);
            read(in, name, "PIC ", machine.pic::load);
            read(in, name, "PIT ", machine.pit::load);
            read(in, name, "RTC ", machine.rtc::load);
            read(in, name, "COM1", machine.com1::load);
            read(in, name, "COM2", machine.com2::load);
            read(in, name, "KBC ", machine.keyboardController::load);
            read(in, name, "PCI ", machine.pci::load);
            read(in, name, "SYS ", d -> {
                machine.memory.setA20(d.readBoolean());
                machine.postCode.write8(0x80, d.readInt());
            });
            read(in, name, "RNG ", d -> machine.cpu.sys.setRandomState(d.readLong()));
            DeltaBase[] delta = new DeltaBase[1];
            if (isDelta(state)) {
                read(in, name, "BASE", d -> delta[0] = DeltaBase.read(d, name));
            }
            StateIndex[] index = new StateIndex[1];
            read(in, name, "PAGE", d -> index[0] = StateIndex.read(d, name, machine.config.ramBytes));
            read(in, name, "END ", d -> { });
            index[0].placeAfterHead(HEADER + (long) headLength);
            return new Restored(machine, index[0], time[0], time[1], msrs[0], delta[0]);
        } catch (StateFormatException e) {
            throw e;
        } catch (EOFException e) {
            throw new StateFormatException(name + ": truncated machine state (the file ends early)");
        } catch (ZipException e) {
            throw new StateFormatException(name + ": corrupt machine state (" + e.getMessage() + ")");
        } catch (IOException e) {
            throw new StateFormatException(name + ": cannot read machine state: " + e.getMessage());
        }
    }

    private static void read(DataInputStream in, String name, String expected, Reader reader) throws IOException {
        int tag = in.readInt();
        if (tag != tag(expected)) {
            throw new StateFormatException(name + ": expected section \"" + expected + "\" but found \""
                    + tagName(tag) + "\" (corrupt or foreign file)");
        }
        int length = in.readInt();
        if (length < 0) {
            throw new StateFormatException(name + ": section \"" + expected + "\" has a negative length");
        }
        CountingInput counted = new CountingInput(in, length);
        reader.read(new DataInputStream(counted));
        if (counted.consumed != length) {
            throw new StateFormatException(name + ": section \"" + expected + "\" is " + length
                    + " bytes but " + counted.consumed + " were read (written by another version?)");
        }
    }

    private static int tag(String name) {
        return name.charAt(0) << 24 | name.charAt(1) << 16 | name.charAt(2) << 8 | name.charAt(3);
    }

    private static String tagName(int tag) {
        StringBuilder s = new StringBuilder();
        for (int shift = 24; shift >= 0; shift -= 8) {
            int c = (tag >>> shift) & 0xFF;
            s.append(c >= 0x20 && c < 0x7F ? (char) c : '?');
        }
        return s.toString();
    }

    /** Limits a section's reader to its payload and counts what it took. */
    private static final class CountingInput extends InputStream {
        private final InputStream in;
        private final int limit;
        int consumed;

        CountingInput(InputStream in, int limit) {
            this.in = in;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            if (consumed >= limit) {
                throw new EOFException();
            }
            int b = in.read();
            if (b >= 0) {
                consumed++;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (consumed >= limit) {
                throw new EOFException();
            }
            int n = in.read(buffer, offset, Math.min(length, limit - consumed));
            if (n > 0) {
                consumed += n;
            }
            return n;
        }
    }
}
