package org.nodeoslab.emulator.cli.lockstep;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The reference machine for the lockstep: {@code qemu-system-i386} started frozen ({@code -S}) with its gdbstub
 * on a free local port, driven one instruction at a time. While single-stepping, QEMU's stub keeps interrupts
 * and timers off (its default sstep flags), which the lockstep matches by keeping our PIC away from our CPU.
 */
public final class QemuMachine implements AutoCloseable {
    /**
     * The default CPU model: a P6 with what our CPU implements (CPUID values are copied from QEMU anyway, so
     * what matters is that QEMU offers nothing we lack, above all no local APIC).
     */
    public static final String DEFAULT_CPU = "pentium3,-apic,-vme,-de,-mce,-mca,-pse36,+pae,+pat,+sse2,+sse3";

    private final Process process;
    private final GdbRemote gdb;
    private final Path serialLog;

    private final Thread killOnExit;
    /** EFLAGS' number in the 'g' packet order. */
    private static final int GDB_EIP = 8, GDB_EFLAGS = 9;

    private QemuMachine(Process process, GdbRemote gdb, Path serialLog) {
        this.process = process;
        this.gdb = gdb;
        this.serialLog = serialLog;
        // A lockstep ended by a signal (Ctrl-C, timeout) must not leave a frozen QEMU behind.
        this.killOnExit = new Thread(process::destroyForcibly, "qemu-kill-on-exit");
        Runtime.getRuntime().addShutdownHook(killOnExit);
    }

    /**
     * Starts QEMU frozen before its first instruction. {@code boot} is the machine-specific part of the command
     * line ({@code -kernel/-initrd/-append}, or {@code -bios}); the serial port goes to {@code serialLog}.
     */
    public static QemuMachine start(List<String> boot, int memoryMiB, String cpuModel, Path serialLog)
            throws IOException {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of("qemu-system-i386", "-m", Integer.toString(memoryMiB),
                "-cpu", cpuModel, "-display", "none", "-vga", "none", "-monitor", "none", "-nodefaults",
                "-no-reboot", "-serial", "file:" + serialLog, "-S", "-gdb", "tcp:127.0.0.1:" + port));
        command.addAll(boot);
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new IOException("cannot run qemu-system-i386 (Debian package qemu-system-x86, in "
                    + "tools/debian-packages.txt): " + e.getMessage(), e);
        }
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (true) {
            try {
                Socket socket = new Socket();
                socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                GdbRemote gdb = new GdbRemote(socket);
                gdb.handshake();
                return new QemuMachine(process, gdb, serialLog);
            } catch (IOException notYet) {
                if (!process.isAlive()) {
                    throw new IOException("qemu-system-i386 exited (status " + process.exitValue() + ") before its "
                            + "gdbstub answered: " + String.join(" ", command));
                }
                if (System.nanoTime() > deadline) {
                    process.destroyForcibly();
                    throw new IOException("qemu-system-i386's gdbstub did not answer on port " + port + " within 20 s");
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted");
                }
            }
        }
    }

    public Registers registers() throws IOException {
        return Registers.ofGdb(gdb.readRegisters());
    }

    /** EIP alone (one register read: cheaper than {@link #registers}). */
    public int eip() throws IOException {
        String hex = gdb.request("p" + Integer.toHexString(GDB_EIP));
        return GdbRemote.word(hex, 0);
    }

    /** Executes one instruction (or one iteration of a REP string instruction, as QEMU counts them). */
    public void step() throws IOException {
        expectStop(gdb.step(), "step");
    }

    /** Runs until the linear address of CS:EIP is {@code address} (a hardware breakpoint), {@code hits} times. */
    public void runTo(int address, int hits, int timeoutSeconds) throws IOException {
        gdb.breakpoint(true, 1, address);
        try {
            for (int i = 0; i < hits; i++) {
                if (i > 0) {
                    step(); // QEMU resuming at a breakpoint would stop there again without executing anything
                }
                expectStop(gdb.cont(timeoutSeconds), "run to 0x" + Integer.toHexString(address));
            }
        } finally {
            gdb.breakpoint(false, 1, address);
        }
    }

    /**
     * Like {@link #runTo} once, with EFLAGS.IF clear while QEMU runs (its stub masks interrupts only while
     * stepping): for finishing an instruction that does not touch IF, without interrupt handlers running unseen.
     */
    public void finishTo(int address, Registers now) throws IOException {
        boolean interruptsOn = (now.eflags & 0x200) != 0;
        if (interruptsOn) {
            gdb.writeRegister(GDB_EFLAGS, now.eflags & ~0x200);
        }
        runTo(address, 1, 60);
        if (interruptsOn) {
            Registers after = registers();
            gdb.writeRegister(GDB_EFLAGS, after.eflags | 0x200);
        }
    }

    public byte[] readMemory(int linear, int length) throws IOException {
        return gdb.readMemory(linear, length);
    }

    /** QEMU's CPU state with descriptor caches and control registers (the monitor's "info registers"). */
    public QemuSystemState systemState() throws IOException {
        return QemuSystemState.parse(gdb.monitor("info registers"));
    }

    /** Copies QEMU's RAM (physical 0 up to {@code into.length}) into {@code into}, through the monitor's pmemsave. */
    public void copyPhysicalMemory(byte[] into) throws IOException {
        Path file = Files.createTempFile("nodeos-lockstep-ram", ".bin");
        try {
            String out = gdb.monitor("pmemsave 0 " + into.length + " \"" + file + "\"");
            try (java.io.InputStream in = Files.newInputStream(file)) {
                int n = in.readNBytes(into, 0, into.length);
                if (n != into.length) {
                    throw new IOException("QEMU's pmemsave wrote " + n + " of " + into.length + " bytes: " + out);
                }
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** What the guest printed on QEMU's COM1 so far. */
    public String serialOutput() {
        try {
            return Files.readString(serialLog, java.nio.charset.StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return "";
        }
    }

    private void expectStop(String reply, String what) throws IOException {
        if (reply.startsWith("W") || reply.startsWith("X")) {
            throw new IOException("QEMU ended during " + what + " (" + reply + ")");
        }
        if (!reply.startsWith("T") && !reply.startsWith("S")) {
            throw new IOException("QEMU's gdbstub answered '" + reply + "' to " + what);
        }
    }

    @Override
    public void close() {
        try {
            gdb.close();
        } catch (IOException ignored) {
            // The process goes anyway.
        }
        process.destroy();
        try {
            Runtime.getRuntime().removeShutdownHook(killOnExit);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running or ran: the process goes either way.
        }
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
