package org.nodeoslab.emulator.cli;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import org.nodeoslab.emulator.pc.Pc;
import org.nodeoslab.emulator.pc.PcConfig;
import org.nodeoslab.emulator.pc.boot.BootImageException;
import org.nodeoslab.emulator.pc.boot.BzImage;
import org.nodeoslab.emulator.pc.boot.LinuxBoot;
import org.nodeoslab.emulator.pc.state.MachineState;

/** Makes a ready-to-run {@link Pc}: a fresh one with a kernel loaded, or one restored from a saved state. */
public final class MachineLoader {
    static {
        // Machines made through here (boot, bench, tests, sessions) compile guest code as nodeos.jit says, unless
        // the command line or a test installed a setting already.
        if (org.nodeoslab.emulator.cpu.jit.Jit.compiler() == null) {
            org.nodeoslab.emulator.jit.jvm.JvmJit.installFromSystemProperties();
        }
    }

    private MachineLoader() {
    }

    /** A bad file or option, with a message for the user. */
    public static final class LoadException extends Exception {
        public LoadException(String message) {
            super(message);
        }
    }

    public static Pc boot(PcConfig config, Path kernel, Path initrd, String cmdline) throws LoadException {
        return boot(config, kernel, initrd, cmdline, false);
    }

    /** {@code unpackKernel}: decompress the kernel on the host and start the guest in it (see KernelUnpacker). */
    public static Pc boot(PcConfig config, Path kernel, Path initrd, String cmdline, boolean unpackKernel)
            throws LoadException {
        Pc pc = new Pc(config);
        try {
            BzImage image = new BzImage(read(kernel), kernel.toString());
            byte[] initrdBytes = initrd == null ? null : read(initrd);
            String initrdName = initrd == null ? null : initrd.toString();
            if (unpackKernel) {
                LinuxBoot.loadUnpacked(pc.cpu, image, KernelUnpacker.unpack(image), initrdBytes, initrdName, cmdline);
            } else {
                LinuxBoot.load(pc.cpu, image, initrdBytes, initrdName, cmdline);
            }
        } catch (BootImageException e) {
            throw new LoadException(e.getMessage());
        }
        return pc;
    }

    /** Restores a state file; its RAM stays in memory, packed, and is unpacked as the guest touches it. */
    public static Pc restore(Path state, boolean virtualClock) throws LoadException {
        try {
            return MachineState.restore(Files.readAllBytes(state), state.toString(), virtualClock);
        } catch (NoSuchFileException e) {
            throw new LoadException(state + ": no such file");
        } catch (IOException e) {
            throw new LoadException(e.getMessage());
        }
    }

    /** Restores a state held in memory (virtual clock); {@code name} names it in error messages. */
    public static Pc restore(byte[] state, String name) throws LoadException {
        try {
            return MachineState.restore(new java.io.ByteArrayInputStream(state), name, true);
        } catch (IOException e) {
            throw new LoadException(e.getMessage());
        }
    }

    public static void save(Pc pc, Path state) throws IOException {
        save(pc, state, java.util.zip.Deflater.BEST_SPEED);
    }

    /** Saves with zlib level {@code level}; the file is replaced only once the new state is complete. */
    public static void save(Pc pc, Path state, int level) throws IOException {
        save(pc, state, level, org.nodeoslab.emulator.pc.state.PageOrder.ADDRESS);
    }

    /** Saves with zlib level {@code level}, RAM chunks in {@code order}; the file is replaced once complete. */
    public static void save(Pc pc, Path state, int level, org.nodeoslab.emulator.pc.state.PageOrder order)
            throws IOException {
        Path tmp = state.resolveSibling(state.getFileName() + ".tmp");
        try (var out = new java.io.BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
            MachineState.save(pc, out, level, order, MachineState.CHUNK_PAGES);
        }
        // Replace the old state only once the new one is complete.
        Files.move(tmp, state, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static byte[] read(Path file) throws LoadException {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new LoadException(file + ": no such file");
        } catch (IOException e) {
            throw new LoadException(file + ": " + e.getMessage());
        }
    }
}
