package org.nodeoslab.emulator.jit.wasm;

import java.util.Map;
import java.util.WeakHashMap;

import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import org.nodeoslab.emulator.bus.LinearLayout;
import org.nodeoslab.emulator.bus.MemoryStorage;

/**
 * A machine's RAM, TLBs and code-page flags in a Chicory memory: on the JVM, what the browser build's linear memory is
 * to its machines, so that modules reaching guest memory inline ({@link WasmLoader#inlinesMemory}) run in the tests
 * over the same bytes the interpreter uses. One memory per machine (a test makes many machines; each memory goes
 * with its machine); {@link #memoryOf} finds it from the layout compiled code is given.
 *
 * <p>The layout puts nothing at address 0 and RAM at an address that is not a multiple of 4 KiB, so a module that
 * forgot an address or assumed page alignment would read the wrong bytes.
 */
public final class ChicoryMemoryStorage extends MemoryStorage {
    /** Makes one for each new machine (PcConfig, PhysicalMemory): the recycled one if it has the size, else new. */
    public static final Factory FACTORY = ChicoryMemoryStorage::forRam;

    private static final int FIRST = 1 << 16, RAM_MISALIGNMENT = 8;
    private static final Map<LinearLayout, Memory> MEMORIES = new WeakHashMap<>();
    /** A recycled storage for the next machine of its size. */
    private static ChicoryMemoryStorage spare;

    private final Memory memory;
    private final LinearLayout layout;
    private final int ram, readTlb, writeTlb, codePages;

    public ChicoryMemoryStorage(int ramBytes) {
        super(ramBytes);
        readTlb = FIRST;
        writeTlb = readTlb + 4 * TLB_ENTRIES;
        codePages = writeTlb + 4 * TLB_ENTRIES;
        ram = ((codePages + pages() + LinearLayout.HOP_BYTES + 4095) & ~4095) + RAM_MISALIGNMENT;
        int pages = (int) (((long) ram + ramBytes + Memory.PAGE_SIZE - 1) / Memory.PAGE_SIZE);
        memory = new ByteArrayMemory(new MemoryLimits(pages, pages));
        layout = new LinearLayout(ram, ramBytes, readTlb, writeTlb, codePages);
        synchronized (MEMORIES) {
            MEMORIES.put(layout, memory);
        }
    }

    private static synchronized ChicoryMemoryStorage forRam(int ramBytes) {
        ChicoryMemoryStorage s = spare;
        spare = null;
        return s != null && s.ramBytes() == ramBytes ? s : new ChicoryMemoryStorage(ramBytes);
    }

    /** The memory {@code layout} lies in (null if no storage of this class made it). */
    public static Memory memoryOf(LinearLayout layout) {
        synchronized (MEMORIES) {
            return MEMORIES.get(layout);
        }
    }

    @Override
    public LinearLayout layout() {
        return layout;
    }

    @Override
    public int read8(int a) {
        return memory.read(ram + a) & 0xFF;
    }

    @Override
    public int read16(int a) {
        return memory.readShort(ram + a) & 0xFFFF;
    }

    @Override
    public int read32(int a) {
        return memory.readInt(ram + a);
    }

    @Override
    public void write8(int a, int v) {
        memory.writeByte(ram + a, (byte) v);
    }

    @Override
    public void write16(int a, int v) {
        memory.writeShort(ram + a, (short) v);
    }

    @Override
    public void write32(int a, int v) {
        memory.writeI32(ram + a, v);
    }

    @Override
    public void copyOut(int a, byte[] dst, int offset, int length) {
        for (int i = 0; i < length; i++) {
            dst[offset + i] = memory.read(ram + a + i);
        }
    }

    @Override
    public void copyIn(int a, byte[] src, int offset, int length) {
        memory.write(ram + a, src, offset, length);
    }

    @Override
    public void copyForward(int src, int dst, int length) {
        for (int i = 0; i < length; i++) { // byte by byte: an overlapping copy repeats its pattern, as REP MOVSB
            memory.writeByte(ram + dst + i, memory.read(ram + src + i));
        }
    }

    @Override
    public void fill(int a, int count, int size, int v) {
        for (int i = 0; i < count; i++) {
            int at = a + i * size;
            if (size == 1) {
                write8(at, v);
            } else if (size == 2) {
                write16(at, v);
            } else {
                write32(at, v);
            }
        }
    }

    @Override
    public boolean isZero(int a, int length) {
        for (int i = 0; i < length; i += 4) {
            if (memory.readInt(ram + a + i) != 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void zero(int a, int length) {
        for (int i = 0; i < length; i += 4) {
            memory.writeI32(ram + a + i, 0);
        }
    }

    @Override
    public int readTlb(int page) {
        return memory.readInt(readTlb + 4 * page);
    }

    @Override
    public void setReadTlb(int page, int entry) {
        memory.writeI32(readTlb + 4 * page, entry);
    }

    @Override
    public int writeTlb(int page) {
        return memory.readInt(writeTlb + 4 * page);
    }

    @Override
    public void setWriteTlb(int page, int entry) {
        memory.writeI32(writeTlb + 4 * page, entry);
    }

    @Override
    public void clearTlb() {
        for (int page = 0; page < TLB_ENTRIES; page++) {
            setReadTlb(page, 0);
            setWriteTlb(page, 0);
        }
    }

    @Override
    public int codePage(int page) {
        return memory.read(codePages + page);
    }

    @Override
    public void setCodePage(int page, int flag) {
        memory.writeByte(codePages + page, (byte) flag);
    }

    @Override
    public int hopWord(int offset) {
        return memory.readInt(layout.hops + offset);
    }

    @Override
    public void setHopWord(int offset, int value) {
        memory.writeI32(layout.hops + offset, value);
    }

    @Override
    public void clearCodePages() {
        for (int page = 0; page < pages(); page++) {
            setCodePage(page, 0);
        }
    }

    @Override
    public void recycle() {
        clear();
        synchronized (ChicoryMemoryStorage.class) {
            spare = this;
        }
    }
}
