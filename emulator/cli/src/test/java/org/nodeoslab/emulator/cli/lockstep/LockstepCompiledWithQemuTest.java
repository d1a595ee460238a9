package org.nodeoslab.emulator.cli.lockstep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.nodeoslab.emulator.cpu.jit.Jit;
import org.nodeoslab.emulator.cpu.jit.JitConfig;
import org.nodeoslab.emulator.jit.jvm.JvmJit;
import org.nodeoslab.emulator.pc.Pc;
import org.nodeoslab.image.TestAssets;

/**
 * Compiled guest code in lockstep with the real qemu-system-i386: every region our PC runs compiled (the JIT
 * forced: each branch target compiled the first time it is reached) is run whole, QEMU steps as many
 * instructions, and the two machines' registers are compared at the region's end. On a 32-bit loop of our own
 * (a BIOS image that switches to protected mode), and on Debian's kernel from its entry and from the entry of the
 * decompressed kernel. Heavy (QEMU stepping over gdb, minutes): {@code -Djit.proof=true}, not in CI.
 */
@EnabledIfSystemProperty(named = "jit.proof", matches = "true")
class LockstepCompiledWithQemuTest {
    /** Real mode to flat 32-bit protected mode, then a loop with memory operands and a call. */
    private static final String BIOS = String.join("\n",
            "bits 16", "org 0",
            "start: cli", "o32 lgdt [cs:gdtr]", "mov eax, cr0", "or al, 1", "mov cr0, eax",
            "jmp dword 0x08:(pm32 + 0xF0000)",
            "bits 32",
            "pm32: mov ax, 0x10", "mov ds, ax", "mov es, ax", "mov ss, ax", "mov esp, 0x9000",
            "mov ecx, 2000", "xor eax, eax", "mov esi, 0x2000",
            "top: add eax, ecx", "mov [esi + 4], eax", "call step", "xor [esi], eax", "dec ecx", "jnz top", "hlt",
            "step: shl eax, 1", "inc dword [esi + 8]", "ret",
            "align 8",
            "gdt: dq 0, 0x00CF9A000000FFFF, 0x00CF92000000FFFF",
            "gdtr: dw 23", "dd gdt + 0xF0000",
            "times 0xFFF0 - ($ - $$) db 0xF4",
            "bits 16", "jmp 0xF000:start",
            "times 0x10000 - ($ - $$) db 0xF4", "");
    /** Linear address of `top` (the fast-forward target), and of its ADD's opcode byte. */
    private static final int TOP = 0xF0033;
    private static final Pattern REGIONS = Pattern.compile("(\\d+) compiled regions ran \\((\\d+) instructions\\)");

    @TempDir
    Path dir;

    @AfterEach
    void interpreterAgain() {
        Jit.install(null, JitConfig.OFF);
    }

    @Test
    void compiledRegionsOfALoopAgreeWithQemu() throws Exception {
        JvmJit.install(forced());
        LockstepOptions o = LockstepOptions.parse(new String[] {"--bios", bios().toString(), "--memory", "32",
            "--sync-at", "0x" + Integer.toHexString(TOP)});
        Lockstep.Result result = LockstepCommand.run(o, quiet());
        assertFalse(result.diverged(), result.toString());
        assertTrue(result.stopReason.startsWith("HLT at 000f0042"), result.toString());
        assertEquals(2000 * 9, result.steps, result.toString());
        assertTrue(compiledInstructions(result) > 17_000, result.notes);
    }

    @Test
    void aWrongResultOfCompiledCodeIsFoundAtTheEndOfItsRegion() throws Exception {
        JvmJit.install(forced());
        LockstepOptions o = LockstepOptions.parse(new String[] {"--bios", bios().toString(), "--memory", "32"});
        try (QemuMachine qemu = QemuMachine.start(o.qemuBoot(), o.memoryMiB, o.qemuCpu, dir.resolve("serial"))) {
            qemu.runTo(TOP, 3, 30);
            Pc pc = LockstepCommand.synchronizedPc(qemu, o.memoryMiB);
            pc.memory.write8(TOP, 0x29); // ours subtracts ECX where QEMU adds it
            Lockstep.Result result = new Lockstep(pc.cpu, qemu, false, quiet()).run(1000);
            assertTrue(result.diverged(), result.toString());
            assertTrue(result.divergence.startsWith("DIVERGENCE at instruction #"), result.divergence);
            assertTrue(result.divergence.contains("after a compiled region of"), result.divergence);
            assertTrue(result.divergence.contains("EAX"), result.divergence);
        }
    }

    @Test
    void linuxFromItsEntryAgreesWithQemuWithCompiledCode() throws Exception {
        assertKernelAgrees("0x100000", 100_000);
    }

    @Test
    void theDecompressedKernelAgreesWithQemuWithCompiledCode() throws Exception {
        // Debian's 686 kernel runs from 16 MiB (CONFIG_PHYSICAL_START) once the decompressor has placed it.
        assertKernelAgrees("0x1000000", 100_000);
    }

    private void assertKernelAgrees(String syncAt, long steps) throws Exception {
        JvmJit.install(forced());
        TestAssets.Boot boot = TestAssets.busyboxBoot();
        LockstepOptions o = LockstepOptions.parse(new String[] {"--kernel", boot.bzImage().toString(), "--initrd",
            boot.initramfs().toString(), "--append", boot.cmdline() + " nokaslr", "--sync-at", syncAt, "--steps",
            Long.toString(steps)});
        Lockstep.Result result = LockstepCommand.run(o, quiet());
        assertFalse(result.diverged(), result.toString());
        assertEquals(steps, result.steps, result.toString());
        assertTrue(compiledInstructions(result) > steps / 2, result.notes);
    }

    private static JitConfig forced() {
        return new JitConfig(JitConfig.Mode.FORCE, 1, 0, JitConfig.DEFAULT_MAX_INSTRUCTIONS);
    }

    private static long compiledInstructions(Lockstep.Result result) {
        Matcher m = REGIONS.matcher(result.notes);
        assertTrue(m.find(), result.notes);
        return Long.parseLong(m.group(2));
    }

    private Path bios() throws Exception {
        Path source = dir.resolve("bios.asm");
        Path image = dir.resolve("bios.bin");
        Files.writeString(source, BIOS, StandardCharsets.UTF_8);
        Process nasm = new ProcessBuilder("nasm", "-f", "bin", "-o", image.toString(), source.toString())
                .redirectErrorStream(true).start();
        String out = new String(nasm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, nasm.waitFor(), out);
        return image;
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream());
    }
}
