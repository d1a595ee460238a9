package org.nodeoslab.emulator.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;

import org.nodeoslab.emulator.pc.Pc;
import org.nodeoslab.emulator.pc.PcConfig;
import org.nodeoslab.emulator.pc.boot.BootImageException;
import org.nodeoslab.emulator.pc.boot.BzImage;
import org.nodeoslab.emulator.pc.boot.LinuxBoot;
import org.nodeoslab.emulator.bus.LazyPages;
import org.nodeoslab.emulator.bus.MemoryStorage;
import org.nodeoslab.emulator.pc.state.ChunkFetcher;
import org.nodeoslab.emulator.pc.state.MachineState;
import org.nodeoslab.emulator.pc.state.StateBase;
import org.nodeoslab.emulator.pc.state.StateIndex;

/**
 * The whole PC of emulator/core for a page: boots a bzImage (with an initramfs) the way {@code nodeos-emu boot} does,
 * or continues from a saved machine state, with COM1 as the page's serial console.
 */
public final class PcMachine extends GuestMachine {
    private final Pc pc;
    /** Where the RAM of the state this machine was restored from is, and how many of its bytes it was given. */
    private StateIndex index;
    private long stateBytes;
    private final ByteQueue serialOutput = new ByteQueue();
    /** COM2 (ttyS1): the lab agent's line, kept apart from the student's console. */
    private final ByteQueue com2Output = new ByteQueue();

    /** {@code storage}: where RAM is kept (the browser build: {@link LinearStorage}; tests on the JVM: arrays). */
    public PcMachine(int memoryMiB, boolean virtualClock, MemoryStorage.Factory storage) {
        this(new Pc(config(memoryMiB, virtualClock, storage)));
    }

    private PcMachine(Pc pc) {
        super(pc.memory, pc.cpu);
        this.pc = pc;
        pc.com1.setSink(serialOutput::put);
        pc.com2.setSink(com2Output::put);
    }

    /** PcConfig checks the size; only a count of MiB that overflows an int in bytes needs catching first. */
    private static PcConfig config(int memoryMiB, boolean virtualClock, MemoryStorage.Factory storage) {
        if (memoryMiB < 0 || memoryMiB > 2047) {
            throw new IllegalArgumentException("memory must be a whole number of MiB from 16M to 2040M, not "
                    + memoryMiB + " MiB");
        }
        int bytes = memoryMiB << 20;
        return virtualClock ? PcConfig.virtual(bytes, storage) : PcConfig.real(bytes, storage);
    }

    /** A machine continuing from a state saved by {@link #saveState()} or {@code nodeos-emu --state-out}. */
    public static PcMachine restore(MemoryStorage.Factory storage, byte[] state, String name, boolean virtualClock) {
        try {
            PcMachine machine = new PcMachine(MachineState.restore(storage, state, name, virtualClock));
            machine.index = MachineState.index(state, name);
            machine.stateBytes = state.length;
            return machine;
        } catch (IOException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /**
     * A machine from the first bytes of a state (a site's start-up state: CPU, devices and the RAM its prompt needs);
     * the other RAM chunks come from {@code rest} when the guest first touches them.
     */
    public static PcMachine restore(MemoryStorage.Factory storage, byte[] prefix, String name, boolean virtualClock,
            ChunkFetcher rest) {
        try {
            PcMachine machine = new PcMachine(MachineState.restore(storage, prefix, name, virtualClock, rest));
            machine.index = MachineState.index(prefix, name);
            machine.stateBytes = prefix.length;
            return machine;
        } catch (IOException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /**
     * A machine from a saved one (a delta of the base state, or a whole state) on the base state whose first bytes are
     * {@code basePrefix}, its other chunks from {@code rest}: the base's chunks the delta names come lazily, as for
     * the base's own machine, and {@link #chunksToFetch} names the base's chunks still to come.
     */
    public static PcMachine restoreOn(MemoryStorage.Factory storage, byte[] saved, String name, boolean virtualClock,
            byte[] basePrefix, String baseName, ChunkFetcher rest) {
        try {
            StateBase base = StateBase.of(basePrefix, baseName, rest);
            PcMachine machine = new PcMachine(MachineState.restore(storage, saved, name, virtualClock, base));
            machine.index = MachineState.index(basePrefix, baseName);
            machine.stateBytes = basePrefix.length;
            return machine;
        } catch (IOException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /**
     * RAM chunks the machine may still ask its {@link ChunkFetcher} for (not yet touched, not in the bytes it was
     * restored from), in file order, which is the order a typical session first needs them; {@code hotOnly}: only
     * those a first session needs (the page fetches them in the background).
     */
    public int[] chunksToFetch(boolean hotOnly) {
        LazyPages lazy = pc.memory.lazyPages();
        if (index == null || lazy == null) {
            return new int[0];
        }
        int end = hotOnly ? index.eagerChunks() + index.hotChunks() : index.chunkCount();
        int[] list = new int[end];
        int n = 0;
        for (int c = 0; c < end; c++) {
            if (lazy.isChunkMissing(c) && index.offset(c) + index.length(c) > stateBytes) {
                list[n++] = c;
            }
        }
        return java.util.Arrays.copyOf(list, n);
    }

    /** Loads the kernel, initrd (may be null) and command line, and points the CPU at the kernel's 32-bit entry. */
    public void bootLinux(byte[] kernel, String kernelName, byte[] initrd, String initrdName, String cmdline) {
        try {
            LinuxBoot.load(cpu, new BzImage(kernel, kernelName), initrd, initrdName, cmdline);
        } catch (BootImageException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    public byte[] saveState() {
        return save(out -> MachineState.save(pc, out));
    }

    /** The machine as a delta against the state it was restored from ({@link MachineState#saveDelta}). */
    public byte[] saveDelta() {
        return save(out -> MachineState.saveDelta(pc, out));
    }

    private interface Saver {
        void save(java.io.OutputStream out) throws IOException;
    }

    private static byte[] save(Saver saver) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            saver.save(out);
        } catch (IOException e) {
            throw new IllegalStateException("saving the machine state failed: " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    @Override
    public Status run(int budget) {
        switch (pc.run(budget)) {
            case IDLE: return Status.IDLE;
            case POWER_OFF: return Status.HALTED;
            case SHUTDOWN: return Status.SHUTDOWN;
            case RESET: return Status.RESET;
            default: return Status.BUDGET;
        }
    }

    /** After {@link Status#IDLE}: milliseconds until the next timer interrupt, or -1 when only input can wake it. */
    public double idleMillis() {
        long next = pc.nextEventNanos();
        if (next == Long.MAX_VALUE) {
            return -1;
        }
        return Math.max(0, next - pc.clock.nanos()) / 1e6;
    }

    @Override
    public void sendSerial(byte[] bytes) {
        pc.com1.receive(bytes, 0, bytes.length);
    }

    @Override
    public byte[] takeSerialOutput() {
        return serialOutput.takeAll();
    }

    /** Bytes for the guest's second serial port (COM2, ttyS1), where NodeOS runs the lab agent. */
    public void sendCom2(byte[] bytes) {
        pc.com2.receive(bytes, 0, bytes.length);
    }

    /** The bytes the guest sent on COM2 since the last call. */
    public byte[] takeCom2Output() {
        return com2Output.takeAll();
    }
}
