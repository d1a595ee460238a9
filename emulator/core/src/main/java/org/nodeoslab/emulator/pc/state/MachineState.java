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
        RamChunks ram = RamChunks.pack(pc.memory, order, chunkPages, level);
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
        section(out, "PAGE", ram.index()::write);
        out.writeInt(tag("END "));
        out.writeInt(0);
        out.flush();
        zip.finish();
        deflater.end();
        DataOutputStream header = new DataOutputStream(target);
        header.write(MAGIC);
        header.writeInt(VERSION);
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
        Restored restored = restoreHead(state, name, useVirtualClock);
        long length = restored.index.fileLength();
        if (state.length < length) {
            throw new StateFormatException(name + ": truncated machine state (the file ends early)");
        }
        if (state.length > length) {
            throw new StateFormatException(name + ": " + (state.length - length)
                    + " bytes after the last RAM chunk (corrupt or foreign file)");
        }
        return restored.attach(state, ChunkFetcher.NONE, name);
    }

    /**
     * A machine from the first bytes of a state (at least the head: {@link StateIndex#headEnd()}); the RAM chunks not
     * wholly in {@code prefix} come from {@code rest} when the guest first touches one of their pages.
     */
    public static Pc restore(byte[] prefix, String name, boolean useVirtualClock, ChunkFetcher rest)
            throws StateFormatException {
        return restoreHead(prefix, name, useVirtualClock).attach(prefix, rest, name);
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

    /** A machine with CPU and devices restored and RAM still to attach, and where that RAM is. */
    private record Restored(Pc pc, StateIndex index, long idleCycles, long clockNanos, byte[] msrs) {
        Pc attach(byte[] state, ChunkFetcher rest, String name) throws StateFormatException {
            LazyPages pages;
            try {
                pages = new LazyPages(index.ramPages(), index.allPages(), new StateChunks(state, index, rest, name));
            } catch (IllegalArgumentException e) {
                throw new StateFormatException(name + ": the RAM index is damaged (" + e.getMessage() + ")");
            }
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
        if (version != VERSION) {
            throw new StateFormatException(name + ": machine state format version " + version
                    + "; this emulator reads version " + VERSION);
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

    private static Restored restoreHead(byte[] state, String name, boolean useVirtualClock)
            throws StateFormatException {
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
                    pc[0] = new Pc(new PcConfig(ram, useVirtualClock, mhz, epoch));
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
            StateIndex[] index = new StateIndex[1];
            read(in, name, "PAGE", d -> index[0] = StateIndex.read(d, name, machine.config.ramBytes));
            read(in, name, "END ", d -> { });
            index[0].placeAfterHead(HEADER + (long) headLength);
            return new Restored(machine, index[0], time[0], time[1], msrs[0]);
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
