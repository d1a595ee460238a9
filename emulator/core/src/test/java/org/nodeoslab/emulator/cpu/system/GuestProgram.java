package org.nodeoslab.emulator.cpu.system;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.nodeoslab.emulator.bus.IoBus;
import org.nodeoslab.emulator.bus.PhysicalMemory;
import org.nodeoslab.emulator.cpu.Cpu;

/**
 * A guest program from this package's test resources (nasm source, {@code org 0x7C00}), assembled at test time
 * and started in real mode at 0000:7C00 as a boot sector would be, on a CPU with 16 MiB of RAM.
 */
final class GuestProgram {
    final PhysicalMemory memory = new PhysicalMemory(16 << 20);
    final Cpu cpu = new Cpu(memory, new IoBus());

    /** {@code defines} are nasm symbols to define (-D), e.g. "PAE". */
    GuestProgram(String resource, String... defines) {
        byte[] image = assemble(resource, defines);
        memory.load(0x7C00, image, 0, image.length);
        for (int seg = 0; seg < 6; seg++) {
            cpu.segments.loadRealMode(seg, 0);
        }
        cpu.eip = 0x7C00;
        cpu.modeChanged();
    }

    /** Runs until the guest halts or shuts down; fails if it does neither within {@code limit} instructions. */
    GuestProgram run(int limit) {
        int done = cpu.run(limit);
        if (!cpu.halted && !cpu.shutdown) {
            throw new AssertionError("guest neither halted nor shut down after " + done
                    + " instructions; EIP=0x" + Integer.toHexString(cpu.eip));
        }
        return this;
    }

    int read32(int physical) {
        return memory.read32(physical);
    }

    private static byte[] assemble(String resource, String... defines) {
        try (InputStream in = GuestProgram.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new AssertionError("missing test resource " + resource);
            }
            Path dir = Files.createTempDirectory("guest");
            Path source = dir.resolve(resource);
            Path binary = dir.resolve(resource + ".bin");
            try {
                Files.write(source, in.readAllBytes());
                java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of("nasm", "-f", "bin"));
                for (String define : defines) {
                    command.add("-D" + define);
                }
                command.addAll(java.util.List.of("-o", binary.toString(), source.toString()));
                Process nasm = new ProcessBuilder(command).redirectErrorStream(true).start();
                String output = new String(nasm.getInputStream().readAllBytes());
                if (!nasm.waitFor(30, TimeUnit.SECONDS) || nasm.exitValue() != 0) {
                    throw new AssertionError("nasm rejected " + resource + ":\n" + output);
                }
                return Files.readAllBytes(binary);
            } finally {
                Files.deleteIfExists(binary);
                Files.deleteIfExists(source);
                Files.deleteIfExists(dir);
            }
        } catch (IOException e) {
            throw new AssertionError("cannot assemble " + resource + " (needs nasm, see tools/debian-packages.txt)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
