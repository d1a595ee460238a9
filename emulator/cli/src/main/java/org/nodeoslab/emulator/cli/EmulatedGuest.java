package org.nodeoslab.emulator.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;

import org.nodeoslab.emulator.cli.session.GuestSession;
import org.nodeoslab.emulator.cli.session.Limits;
import org.nodeoslab.emulator.pc.Pc;

/**
 * A guest on our PC, in this process, on the virtual clock: the same inputs give the same console, byte for byte.
 * The {@link Guest} view of a {@link GuestSession}, so that tests and the benchmark drive ours and QEMU alike.
 */
public final class EmulatedGuest implements Guest {
    public final GuestSession session;
    public final Pc pc;

    private EmulatedGuest(GuestSession session) {
        this.session = session;
        this.pc = session.pc();
    }

    public static EmulatedGuest boot(Path kernel, Path initrd, String cmdline, int memoryMiB)
            throws MachineLoader.LoadException {
        return boot(kernel, initrd, cmdline, memoryMiB, false);
    }

    public static EmulatedGuest boot(Path kernel, Path initrd, String cmdline, int memoryMiB, boolean unpackKernel)
            throws MachineLoader.LoadException {
        return new EmulatedGuest(GuestSession.boot(kernel, initrd, cmdline, memoryMiB, unpackKernel));
    }

    public static EmulatedGuest restore(Path state) throws MachineLoader.LoadException {
        return new EmulatedGuest(GuestSession.restore(state));
    }

    @Override
    public void send(String text) {
        session.type(text);
    }

    @Override
    public String waitFor(String text, Duration timeout) throws GuestException {
        return session.waitFor(Pattern.compile(Pattern.quote(text)), Limits.host(timeout));
    }

    @Override
    public String console() {
        return session.console();
    }

    public long instructions() {
        return session.instructions();
    }

    @Override
    public void close() {
    }
}
