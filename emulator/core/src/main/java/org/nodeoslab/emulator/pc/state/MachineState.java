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

import org.nodeoslab.emulator.bus.Ram;
import org.nodeoslab.emulator.pc.Pc;
import org.nodeoslab.emulator.pc.PcConfig;

/**
 * Saves and restores a whole {@link Pc}: CPU, FPU, devices, time and RAM.
 *
 * <p>Format, version 2 (all integers big-endian; version 1 had no "RNG " section):
 * <pre>
 *   8 bytes  magic "NODEOSPC"
 *   u32      format version (1)
 *   ...      the rest is one zlib (java.util.zip Deflater) stream of sections (a reader also takes the sections
 *            uncompressed, as a browser passes them after inflating the stream with its native decoder):
 *            u32 tag (4 ASCII chars), u32 payload length, payload
 *            and ends with the section "END " of length 0.
 * </pre>
 * Sections, in this order: "MACH" (RAM bytes u32, virtual clock bool, MHz u32, idle cycles u64, clock nanos u64),
 * "CPU " (registers, EFLAGS, segment caches, descriptor table registers, CRx, DRx, CPL, halted/shutdown/NMI/
 * interrupt shadow, instruction count), "MSR " (u32 count, then u32 index and u64 value each), "FPU " ({@code Fpu.saveState}), "PIC ", "PIT ", "RTC ", "COM1", "COM2",
 * "KBC ", "PCI ", "SYS " (A20 gate, POST code), "RNG " (RDRAND's generator state u64), "RAM " (u32 page count, then for each non-zero 4 KiB page:
 * u32 page number and 4096 bytes; zero pages are skipped). A reader rejects a different magic or version, a
 * missing or misplaced section, and a section whose payload length does not match what it read.
 */
public final class MachineState {
    public static final int VERSION = 2;
    private static final byte[] MAGIC = {'N', 'O', 'D', 'E', 'O', 'S', 'P', 'C'};
    private static final int PAGE = 4096;

    private MachineState() {
    }

    /** Saves quickly (zlib level 1): what an interactive save wants. */
    public static void save(Pc pc, OutputStream target) throws IOException {
        save(pc, target, Deflater.BEST_SPEED);
    }

    /** Saves with zlib level {@code level} (9 for a state that is built once and downloaded many times). */
    public static void save(Pc pc, OutputStream target, int level) throws IOException {
        DataOutputStream header = new DataOutputStream(target);
        header.write(MAGIC);
        header.writeInt(VERSION);
        header.flush();
        Deflater deflater = new Deflater(level);
        DeflaterOutputStream zip = new DeflaterOutputStream(target, deflater, 1 << 16);
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
        writeRam(pc, out);
        out.writeInt(tag("END "));
        out.writeInt(0);
        out.flush();
        zip.finish();
        deflater.end();
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

    /** RAM is written straight into the stream (not buffered as one section payload): it can be most of the file. */
    private static void writeRam(Pc pc, DataOutputStream out) throws IOException {
        int pages = pc.memory.size() / PAGE;
        int nonZero = 0;
        boolean[] used = new boolean[pages];
        for (int p = 0; p < pages; p++) {
            used[p] = !pc.memory.isZeroPage(p * PAGE);
            nonZero += used[p] ? 1 : 0;
        }
        byte[] page = new byte[PAGE];
        out.writeInt(tag("RAM "));
        out.writeInt(4 + nonZero * (4 + PAGE));
        out.writeInt(nonZero);
        for (int p = 0; p < pages; p++) {
            if (used[p]) {
                out.writeInt(p);
                pc.memory.copyOut(p * PAGE, page, 0, PAGE);
                out.write(page);
            }
        }
    }


    /**
     * Reads a saved state into a new machine. The clock kind comes from {@code useVirtualClock}, the RAM size and
     * the time from the file. {@code name} names the file in error messages.
     */
    public static Pc restore(InputStream source, String name, boolean useVirtualClock) throws StateFormatException {
        try {
            DataInputStream header = new DataInputStream(source);
            byte[] magic = new byte[MAGIC.length];
            header.readFully(magic);
            if (!java.util.Arrays.equals(magic, MAGIC)) {
                throw new StateFormatException(name + ": not a NodeOS Lab machine state (no \"NODEOSPC\" magic)");
            }
            int version = header.readInt();
            if (version != VERSION) {
                throw new StateFormatException(name + ": machine state format version " + version
                        + "; this emulator reads version " + VERSION);
            }
            DataInputStream in = new DataInputStream(body(source));
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
            read(in, name, "RAM ", d -> readRam(d, machine, name));
            read(in, name, "END ", d -> { });
            machine.restoreTime(time[0], time[1]);
            ModelSpecificRegisters.load(machine, msrs[0]); // after the time: the TSC MSR is relative to the clock
            machine.cpu.mmu.reloadAfterStateRestore(); // PAE: the PDPTE registers come from the restored CR3
            machine.cpu.modeChanged();
            return machine;
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

    /**
     * The section stream: zlib as written, or already inflated (a browser inflates with its native decoder and
     * passes the header plus the raw sections). A zlib stream starts with 0x78 (deflate, 32K window); sections
     * start with the tag "MACH".
     */
    private static InputStream body(InputStream source) throws IOException {
        java.io.PushbackInputStream in = new java.io.PushbackInputStream(source, 1);
        int first = in.read();
        if (first < 0) {
            throw new EOFException();
        }
        in.unread(first);
        return first == 'M' ? in : new InflaterInputStream(in, new Inflater(), 1 << 16);
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

    private static void readRam(DataInput in, Pc pc, String name) throws IOException {
        int[] ram = pc.memory.ramWords;
        byte[] bytes = new byte[PAGE];
        int pages = in.readInt();
        for (int i = 0; i < pages; i++) {
            int page = in.readInt();
            if (page < 0 || page >= pc.memory.size() / PAGE) {
                throw new StateFormatException(name + ": RAM page " + page + " is outside the saved RAM size");
            }
            in.readFully(bytes);
            Ram.copyIn(ram, page * PAGE, bytes, 0, PAGE);
        }
        pc.memory.ramReplaced();
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
