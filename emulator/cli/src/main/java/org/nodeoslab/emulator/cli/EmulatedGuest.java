package org.nodeoslab.emulator.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import org.nodeoslab.emulator.pc.CpuStateDump;
import org.nodeoslab.emulator.pc.Pc;
import org.nodeoslab.emulator.pc.PcConfig;

/** A guest on our PC, in this process, on the virtual clock: the same inputs give the same console, byte for byte. */
public final class EmulatedGuest implements Guest {
    private static final int TURN = 1_000_000;

    public final Pc pc;
    private final ConsoleText console = new ConsoleText();

    private EmulatedGuest(Pc pc) {
        this.pc = pc;
        pc.com1.setSink(console::append);
    }

    public static EmulatedGuest boot(Path kernel, Path initrd, String cmdline, int memoryMiB)
            throws MachineLoader.LoadException {
        return boot(kernel, initrd, cmdline, memoryMiB, false);
    }

    public static EmulatedGuest boot(Path kernel, Path initrd, String cmdline, int memoryMiB, boolean unpackKernel)
            throws MachineLoader.LoadException {
        return new EmulatedGuest(MachineLoader.boot(PcConfig.virtual(memoryMiB << 20), kernel, initrd, cmdline,
                unpackKernel));
    }

    public static EmulatedGuest restore(Path state) throws MachineLoader.LoadException {
        return new EmulatedGuest(MachineLoader.restore(state, true));
    }

    @Override
    public void send(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        pc.com1.receive(bytes, 0, bytes.length);
    }

    @Override
    public String waitFor(String text, Duration timeout) throws GuestException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String upTo = console.take(text);
            if (upTo != null) {
                return upTo;
            }
            if (System.nanoTime() > deadline) {
                throw new GuestException("no \"" + text + "\" within " + timeout.toSeconds() + " s ("
                        + pc.cpu.instructionCount + " instructions)\n" + CpuStateDump.describe(pc.cpu), console());
            }
            Pc.Stop stop;
            try {
                stop = pc.run(TURN);
            } catch (RuntimeException e) {
                GuestException g = new GuestException("emulator error " + e + " waiting for \"" + text + "\"\n"
                        + CpuStateDump.describe(pc.cpu), console());
                g.initCause(e);
                throw g;
            }
            if (stop == Pc.Stop.IDLE) {
                throw new GuestException("the guest is idle with no timer set, waiting for input, before \""
                        + text + "\"", console());
            }
            if (stop != Pc.Stop.BUDGET) {
                throw new GuestException("the guest stopped (" + stop + ") before \"" + text + "\"\n"
                        + CpuStateDump.describe(pc.cpu), console());
            }
        }
    }

    @Override
    public String console() {
        return console.toString();
    }

    public long instructions() {
        return pc.cpu.instructionCount;
    }

    @Override
    public void close() {
    }
}
