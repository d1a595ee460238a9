package org.nodeoslab.emulator.cli.session;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import org.nodeoslab.emulator.cli.Guest.GuestException;
import org.nodeoslab.emulator.cli.MachineLoader;
import org.nodeoslab.emulator.pc.CpuStateDump;
import org.nodeoslab.emulator.pc.Pc;
import org.nodeoslab.emulator.pc.PcConfig;
import org.nodeoslab.emulator.pc.state.ChunkFetcher;
import org.nodeoslab.emulator.pc.state.MachineState;
import org.nodeoslab.emulator.pc.state.PageOrder;
import org.nodeoslab.image.agent.AgentProtocol;
import org.nodeoslab.image.agent.AgentResult;

/**
 * A headless guest on our PC, driven from the caller's thread on the virtual clock (the same calls give the same
 * bytes): the student's console on COM1 (type, wait for a pattern such as nsh's prompt) and the lab agent on COM2
 * (run a command as root, get its status and output). Agent frames never reach COM1. Not thread-safe: one caller
 * at a time.
 */
public final class GuestSession implements AutoCloseable {
    /** nsh's prompt as its line editor draws it: {@code nodeos:<cwd>$ } then "clear to end of screen" (ESC [ J). */
    public static final Pattern NSH_PROMPT = Pattern.compile("nodeos:[^\\r\\n]*?\\$ \u001b\\[J");
    /** Cycles per {@link Pc#run} call: how often limits and answers are looked at (10 ms of guest time). */
    private static final int TURN = 1_000_000;
    /** A HELLO to the agent each guest second until it answers (bytes sent before it opened ttyS1 are lost). */
    private static final Duration HELLO_EVERY = Duration.ofSeconds(1);
    /** The host's patience with a command the guest limits itself: the guest's limit, scaled, plus slack. */
    private static final int HOST_FACTOR = 10;
    private static final Duration HOST_SLACK = Duration.ofSeconds(60);

    private final Pc pc;
    private final ConsoleText console = new ConsoleText();
    private final AgentProtocol.Decoder decoder = new AgentProtocol.Decoder();
    private final ArrayDeque<AgentProtocol.Frame> frames = new ArrayDeque<>();
    private int nextId = 1;

    private GuestSession(Pc pc) {
        this.pc = pc;
        pc.com1.setSink(console::append);
        pc.com2.setSink(b -> {
            AgentProtocol.Frame frame = decoder.feed(b);
            if (frame != null) {
                frames.add(frame);
            }
        });
    }

    /** Boots a Linux kernel; {@code unpackKernel} decompresses it on the host first (saves ~2.3e9 instructions). */
    public static GuestSession boot(Path kernel, Path initrd, String cmdline, int memoryMiB, boolean unpackKernel)
            throws MachineLoader.LoadException {
        return new GuestSession(MachineLoader.boot(PcConfig.virtual(memoryMiB << 20), kernel, initrd, cmdline,
                unpackKernel));
    }

    /** Restores a saved machine state (see {@link MachineState}); a foreign or broken file is refused. */
    public static GuestSession restore(Path state) throws MachineLoader.LoadException {
        return new GuestSession(MachineLoader.restore(state, true));
    }

    /** Restores a machine state held in memory; {@code name} names it in error messages. */
    public static GuestSession restore(byte[] state, String name) throws MachineLoader.LoadException {
        return new GuestSession(MachineLoader.restore(state, name));
    }

    /**
     * Restores a machine from the first bytes of a state; the RAM chunks not in them come from {@code rest} when the
     * guest first touches them (the start-up state's builder records that order this way).
     */
    public static GuestSession restore(byte[] prefix, String name, ChunkFetcher rest)
            throws MachineLoader.LoadException {
        try {
            return new GuestSession(MachineState.restore(prefix, name, true, rest));
        } catch (java.io.IOException e) {
            throw new MachineLoader.LoadException(e.getMessage());
        }
    }

    /** Runs for {@code guestTime} of guest time (an idle guest skips ahead to its next timer on the virtual clock). */
    public void idle(Duration guestTime) throws GuestException {
        long until = pc.clock.nanos() + guestTime.toNanos();
        runUntil(() -> pc.clock.nanos() >= until ? Boolean.TRUE : null,
                Limits.of(guestTime.plusSeconds(1), guestTime.multipliedBy(HOST_FACTOR).plus(HOST_SLACK)),
                guestTime.toMillis() + " ms of guest time to pass");
    }

    /** Types {@code text} on the console (COM1), as bytes (ISO-8859-1); nsh wants "\r" to end a line. */
    public void type(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        pc.com1.receive(bytes, 0, bytes.length);
    }

    /**
     * Runs until the console output after the previous wait matches {@code pattern}; returns that output through the
     * match. Throws (with the console's tail) when a limit passes or the guest stops.
     */
    public String waitFor(Pattern pattern, Limits limits) throws GuestException {
        return runUntil(() -> console.take(pattern), limits, "console output matching /" + pattern + "/");
    }

    /** Types {@code line} and Enter at nsh's prompt and returns what it printed through the next prompt. */
    public String command(String line, Limits limits) throws GuestException {
        type(line + "\r");
        return waitFor(NSH_PROMPT, limits);
    }

    /** Runs until the lab agent on COM2 says it is ready, saying hello each guest second. */
    public void awaitAgent(Limits limits) throws GuestException {
        long[] nextHello = {0};
        runUntil(() -> {
            for (AgentProtocol.Frame frame; (frame = frames.poll()) != null; ) {
                if (frame instanceof AgentProtocol.Ready) {
                    return Boolean.TRUE;
                }
            }
            if (pc.clock.nanos() >= nextHello[0] && !pc.com2.hasPendingInput()) {
                sendToAgent(AgentProtocol.hello());
                nextHello[0] = pc.clock.nanos() + HELLO_EVERY.toNanos();
            }
            return null;
        }, limits, "NODEOS-AGENT-READY from the lab agent");
    }

    /**
     * Runs {@code command} (busybox sh, as root, in /) through the lab agent. The guest kills it with everything it
     * started after {@code limit} of guest time ({@link AgentResult#timedOut()}) and stays usable; the host waits
     * ten times that plus a minute before it gives up.
     */
    public AgentResult run(String command, Duration limit) throws GuestException {
        return run(command, limit, limit.multipliedBy(HOST_FACTOR).plus(HOST_SLACK));
    }

    /** As {@link #run(String, Duration)}, giving up after {@code hostLimit} of wall-clock time. */
    public AgentResult run(String command, Duration limit, Duration hostLimit) throws GuestException {
        String id = Integer.toString(nextId++);
        sendToAgent(AgentProtocol.run(id, command, limit));
        // The guest's own limit comes first; the guest-time margin covers the agent's start-up and answer.
        return runUntil(() -> {
            for (AgentProtocol.Frame frame; (frame = frames.poll()) != null; ) {
                if (frame instanceof AgentProtocol.Exit exit && exit.id().equals(id)) {
                    return exit.result();
                }
                if (frame instanceof AgentProtocol.Error error) {
                    throw new IllegalStateException("lab agent: " + error.text());
                }
                // A READY (an answered hello, or the agent restarted) is no answer to this request.
            }
            return null;
        }, Limits.of(limit.plus(Duration.ofSeconds(30)), hostLimit), "the lab agent's answer to: " + command);
    }

    private void sendToAgent(byte[] frame) {
        pc.com2.receive(frame, 0, frame.length);
    }

    /** Saves the machine (see {@link MachineState}) to {@code file}, replacing it only once complete. */
    public void save(Path file) throws IOException {
        MachineLoader.save(pc, file);
    }

    /**
     * As {@link #save(Path)}, compressed harder (zlib level 9) with RAM chunks in {@code order}: for a state built once
     * and downloaded often.
     */
    public void saveCompact(Path file, PageOrder order) throws IOException {
        MachineLoader.save(pc, file, java.util.zip.Deflater.BEST_COMPRESSION, order);
    }

    /** The machine state as bytes, with every RAM page in a chunk of its own (to learn the order pages are touched). */
    public byte[] savePerPage() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 << 20);
        MachineState.save(pc, out, java.util.zip.Deflater.BEST_SPEED, PageOrder.ADDRESS, 1);
        return out.toByteArray();
    }

    /** Guest RAM pages (4 KiB) that are not all zero: what a saved state carries. */
    public int nonZeroPages() {
        int pages = 0;
        for (int p = 0; p < pc.memory.size(); p += 4096) {
            if (!pc.memory.isZeroPage(p)) {
                pages++;
            }
        }
        return pages;
    }

    /** The machine state as bytes. */
    public byte[] save() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 << 20);
        MachineState.save(pc, out);
        return out.toByteArray();
    }

    /** Everything the guest printed on its console since this session began. */
    public String console() {
        return console.toString();
    }

    /** Console output after the last wait's match. */
    public String consoleSinceLastWait() {
        return console.sinceMark();
    }

    public long instructions() {
        return pc.cpu.instructionCount;
    }

    /** Guest time since power-on, on the machine's clock. */
    public Duration guestTime() {
        return Duration.ofNanos(pc.clock.nanos());
    }

    public Pc pc() {
        return pc;
    }

    @Override
    public void close() {
    }

    private <T> T runUntil(Supplier<T> done, Limits limits, String what) throws GuestException {
        long hostDeadline = System.nanoTime() + limits.host().toNanos();
        long guestStart = pc.clock.nanos();
        long guestLimit = limits.guest().toNanos();
        while (true) {
            T result;
            try {
                result = done.get();
            } catch (IllegalStateException e) {
                throw new GuestException(e.getMessage(), console());
            }
            if (result != null) {
                return result;
            }
            if (pc.clock.nanos() - guestStart > guestLimit) {
                throw new GuestException("no " + what + " within " + limits.guest().toSeconds()
                        + " s of guest time (" + pc.cpu.instructionCount + " instructions)", console());
            }
            if (System.nanoTime() > hostDeadline) {
                throw new GuestException("no " + what + " within " + limits.host().toSeconds()
                        + " s of host time (" + pc.cpu.instructionCount + " instructions)\n"
                        + CpuStateDump.describe(pc.cpu), console());
            }
            Pc.Stop stop;
            try {
                stop = pc.run(TURN);
            } catch (RuntimeException e) {
                GuestException g = new GuestException("emulator error " + e + " waiting for " + what + "\n"
                        + CpuStateDump.describe(pc.cpu), console());
                g.initCause(e);
                throw g;
            }
            if (stop == Pc.Stop.IDLE) {
                throw new GuestException("the guest is idle with no timer set, waiting for input, before " + what,
                        console());
            }
            if (stop != Pc.Stop.BUDGET) {
                throw new GuestException("the guest stopped (" + stop + ") before " + what + "\n"
                        + CpuStateDump.describe(pc.cpu), console());
            }
        }
    }
}
