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
    static final int GDT = 0x500;
    static final int IDT = 0x800;

    /**
     * Put before every 32-bit program: {@code gate VECTOR, LABEL} assembles code that writes a ring-0 32-bit
     * interrupt gate to LABEL into the IDT, so a test can catch an exception in its own handler.
     */
    private static final String PRELUDE_32 = "bits 32\norg " + LOAD_ADDRESS + "\n"
            + "%macro gate 2\n"
            + "  push eax\n"
            + "  mov eax, %2\n"
            + "  mov [" + IDT + " + (%1) * 8], ax\n"
            + "  mov word [" + IDT + " + (%1) * 8 + 2], 0x08\n"
            + "  mov word [" + IDT + " + (%1) * 8 + 4], 0x8E00\n"
            + "  shr eax, 16\n"
            + "  mov [" + IDT + " + (%1) * 8 + 6], ax\n"
            + "  pop eax\n"
            + "%endmacro\n";

    final PhysicalMemory memory = new PhysicalMemory(4 << 20);
    final IoBus io = new IoBus();
    final Cpu cpu = new Cpu(memory, io);

    /** Assembles {@code source} (nasm syntax, without BITS/ORG) for 32-bit flat protected mode and loads it. */
    static GuestMachine flat32(String source) {
        return flat32(assemble(PRELUDE_32 + source));
    }

    /** Machine code loaded at {@link #LOAD_ADDRESS} in flat 32-bit protected mode with a GDT and an empty IDT. */
    static GuestMachine flat32(byte[] code) {
        GuestMachine m = new GuestMachine();
        m.load(code, LOAD_ADDRESS);
        m.enterFlat32();
        return m;
    }

    /** Resets the CPU into flat 32-bit protected mode at {@link #LOAD_ADDRESS} (GDT rewritten, IDT at IDT). */
    void enterFlat32() {
        GuestMachine m = this;
        Cpu c = m.cpu;
        c.reset();
        // GDT: null, flat 32-bit code (0x08), flat data (0x10), flat 32-bit ring-3 code (0x1B), ring-3 data (0x23)
        int[] gdt = {0, 0, 0x0000FFFF, 0x00CF9A00, 0x0000FFFF, 0x00CF9200, 0x0000FFFF, 0x00CFFA00,
            0x0000FFFF, 0x00CFF200};
        for (int i = 0; i < gdt.length; i++) {
            m.memory.write32(GDT + 4 * i, gdt[i]);
        }
        c.gdtrBase = GDT;
        c.gdtrLimit = gdt.length * 4 - 1;
        c.idtrBase = IDT;
        c.idtrLimit = 0x7FF;
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
    }

    /** Assembles {@code source} for real mode at 0000:7C00 (a boot sector's place) with SS:SP = 0000:7000. */
    static GuestMachine real16(String source) {
        return real16(assemble("bits 16\norg 0x7C00\n" + source));
    }

    /** Machine code loaded at 0000:7C00 in real mode, SS:SP = 0000:7000. */
    static GuestMachine real16(byte[] code) {
        GuestMachine m = new GuestMachine();
        m.load(code, 0x7C00);
        m.enterReal16();
        return m;
    }

    /** Resets the CPU into real mode at 0000:7C00 with all segments 0 and SS:SP = 0000:7000. */
    void enterReal16() {
        Cpu c = cpu;
        c.reset();
        for (int s = 0; s < 6; s++) {
            c.segments.loadRealMode(s, 0);
        }
        c.eip = 0x7C00;
        c.reg[Cpu.ESP] = 0x7000;
        c.modeChanged();
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
