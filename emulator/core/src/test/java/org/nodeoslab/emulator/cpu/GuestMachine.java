package org.nodeoslab.emulator.cpu;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.nodeoslab.emulator.bus.IoBus;
import org.nodeoslab.emulator.bus.PhysicalMemory;

/**
 * A CPU over 4 MiB of RAM with a program assembled by nasm at test time, in flat 32-bit protected mode (set up
 * directly in the descriptor caches, as the contract allows) or in real mode. Programs end with HLT.
 */
final class GuestMachine {
    static final int LOAD_ADDRESS = 0x1000;
    static final int STACK_TOP = 0x80000;

    final PhysicalMemory memory = new PhysicalMemory(4 << 20);
    final IoBus io = new IoBus();
    final Cpu cpu = new Cpu(memory, io);

    /** Assembles {@code source} (nasm syntax, without BITS/ORG) for 32-bit flat protected mode and loads it. */
    static GuestMachine flat32(String source) {
        GuestMachine m = new GuestMachine();
        m.load(assemble("bits 32\norg " + LOAD_ADDRESS + "\n" + source), LOAD_ADDRESS);
        Cpu c = m.cpu;
        for (int s = 0; s < 6; s++) {
            c.segSelector[s] = s == Cpu.CS ? 0x08 : 0x10;
            c.segBase[s] = 0;
            c.segLimit[s] = 0xFFFFFFFF;
            c.segAccess[s] = s == Cpu.CS ? 0xC09B00 : 0xC09300;
        }
        c.cr0 |= Cpu.CR0_PE;
        c.eip = LOAD_ADDRESS;
        c.reg[Cpu.ESP] = STACK_TOP;
        c.modeChanged();
        return m;
    }

    /** Assembles {@code source} for real mode at 0000:7C00 (a boot sector's place) with SS:SP = 0000:7000. */
    static GuestMachine real16(String source) {
        GuestMachine m = new GuestMachine();
        m.load(assemble("bits 16\norg 0x7C00\n" + source), 0x7C00);
        Cpu c = m.cpu;
        for (int s = 0; s < 6; s++) {
            c.segments.loadRealMode(s, 0);
        }
        c.eip = 0x7C00;
        c.reg[Cpu.ESP] = 0x7000;
        c.modeChanged();
        return m;
    }

    void load(byte[] code, int address) {
        memory.load(address, code, 0, code.length);
    }

    /** Runs until HLT; fails if the program does not halt within {@code limit} instructions. */
    GuestMachine run(int limit) {
        int done = cpu.run(limit);
        if (!cpu.halted) {
            throw new AssertionError("program did not halt after " + done + " instructions; EIP=0x"
                    + Integer.toHexString(cpu.eip));
        }
        return this;
    }

    GuestMachine run() {
        return run(10_000_000);
    }

    int reg(int r) {
        return cpu.reg[r];
    }

    int read32(int address) {
        return memory.read32(address);
    }

    static byte[] assemble(String source) {
        try {
            Path dir = Files.createTempDirectory("nasm");
            try {
                Path src = dir.resolve("t.asm");
                Path out = dir.resolve("t.bin");
                Files.write(src, source.getBytes(StandardCharsets.UTF_8));
                Process p = new ProcessBuilder("nasm", "-f", "bin", "-o", out.toString(), src.toString())
                        .redirectErrorStream(true).start();
                String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                    throw new AssertionError("nasm failed:\n" + log + "\nsource:\n" + source);
                }
                return Files.readAllBytes(out);
            } finally {
                try (var files = Files.list(dir)) {
                    for (Path f : (Iterable<Path>) files::iterator) {
                        Files.delete(f);
                    }
                }
                Files.delete(dir);
            }
        } catch (IOException e) {
            throw new AssertionError("cannot run nasm (Debian package nasm, see tools/debian-packages.txt)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
