package org.nodeoslab.emulator.cli.lockstep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nodeoslab.emulator.pc.Pc;

/**
 * The lockstep against the real qemu-system-i386, on a 64 KiB BIOS image written here: a real-mode program at
 * F000:0000 (the reset vector jumps to it) with arithmetic, CPUID, RDTSC, IN, REP STOSB and a loop, ending in HLT.
 */
class LockstepWithQemuTest {
    /** Linear address of the loop's first instruction (the fast-forward target) and of the program. */
    private static final int PROGRAM = 0xF0000;
    private static final int[] CODE = {
        0x66, 0xB8, 0x78, 0x56, 0x34, 0x12,       // mov eax, 0x12345678
        0x66, 0xB9, 0x10, 0x00, 0x00, 0x00,       // mov ecx, 16
        0x66, 0x01, 0xC8,                         // add eax, ecx
        0x66, 0x31, 0xC0,                         // xor eax, eax
        0x0F, 0xA2,                               // cpuid          (QEMU's answer is taken)
        0x0F, 0x31,                               // rdtsc          (QEMU's answer is taken)
        0xE4, 0x61,                               // in al, 0x61    (QEMU's answer is taken)
        0xB8, 0x00, 0x10,                         // mov ax, 0x1000
        0x8E, 0xC0,                               // mov es, ax
        0x31, 0xFF,                               // xor di, di
        0xB9, 0x20, 0x00,                         // mov cx, 32
        0xB0, 0xAB,                               // mov al, 0xAB
        0xF3, 0xAA,                               // rep stosb
        0xBB, 0x05, 0x00,                         // mov bx, 5
        // LOOP (offset 41):
        0x66, 0x6B, 0xC9, 0x07,                   // imul ecx, ecx, 7
        0x66, 0x81, 0xC1, 0x11, 0x11, 0x00, 0x00, // add ecx, 0x1111
        0x4B,                                     // dec bx
        0x75, 0xF2,                               // jnz LOOP
        0xF4,                                     // hlt
    };
    private static final int LOOP = PROGRAM + 41;
    /** Offset of the 0x1111 immediate inside the loop: changing it in our memory only makes the machines differ. */
    private static final int LOOP_IMMEDIATE = LOOP + 7;

    @TempDir
    Path dir;

    @Test
    void theMachinesAgreeThroughTheProgramUpToItsHlt() throws Exception {
        LockstepOptions o = LockstepOptions.parse(new String[] {"--bios", bios().toString(), "--memory", "32"});
        Lockstep.Result result = LockstepCommand.run(o, quiet());
        assertFalse(result.diverged(), result.toString());
        assertTrue(result.stopReason.startsWith("HLT at 000f0037"), result.toString());
        // The reset vector's far jump; mov eax, mov ecx, add, xor, cpuid, rdtsc, in, mov ax, mov es, xor, mov cx,
        // mov al, rep stosb, mov bx; then 5 turns of 4 instructions.
        assertEquals(1 + 14 + 5 * 4, result.steps, result.toString());
        assertTrue(result.notes.startsWith("3 results of IN/RDTSC/CPUID/RDMSR taken from QEMU"), result.notes);
    }

    @Test
    void aDifferenceIsReportedAtTheInstructionThatMadeIt() throws Exception {
        LockstepOptions o = LockstepOptions.parse(new String[] {"--bios", bios().toString(), "--memory", "32",
            "--sync-at", "0x" + Integer.toHexString(LOOP) + ",3"});
        try (QemuMachine qemu = QemuMachine.start(o.qemuBoot(), o.memoryMiB, o.qemuCpu, dir.resolve("serial"))) {
            qemu.runTo(LOOP, 3, 30); // fast-forward: the third time round the loop
            Pc pc = LockstepCommand.synchronizedPc(qemu, o.memoryMiB);
            assertEquals(LOOP - PROGRAM, pc.cpu.eip);
            assertEquals(3, pc.cpu.reg[3] & 0xFFFF, "BX after two turns");
            pc.memory.write8(LOOP_IMMEDIATE, 0x22); // ours now adds 0x2211
            Lockstep.Result result = new Lockstep(pc.cpu, qemu, false, quiet()).run(100);
            assertTrue(result.diverged(), result.toString());
            assertTrue(result.divergence.startsWith("DIVERGENCE at instruction #2 (counted from the sync point), "
                    + "linear 000f002d\n  instruction bytes: 66 81 c1 22 11 00 00 4b 75 f2 f4"), result.divergence);
            assertTrue(result.divergence.contains("differs: ECX "), result.divergence);
        }
    }

    @Test
    void aStoreThatWentWrongIsFoundByTheMemoryCheck() throws Exception {
        LockstepOptions o = LockstepOptions.parse(new String[] {"--bios", bios().toString(), "--memory", "32"});
        try (QemuMachine qemu = QemuMachine.start(o.qemuBoot(), o.memoryMiB, o.qemuCpu, dir.resolve("serial"))) {
            Pc pc = LockstepCommand.synchronizedPc(qemu, o.memoryMiB);
            pc.memory.write8(0x10010, 0x5A); // a store only ours made (the program reaches REP STOSB after the check)
            Lockstep.Result result = new Lockstep(pc.cpu, qemu, true, quiet()).checkMemoryEvery(10).run(100);
            assertTrue(result.diverged(), result.toString());
            assertTrue(result.divergence.startsWith("MEMORY DIVERGENCE between instruction #1 and #10"),
                    result.divergence);
            assertTrue(result.divergence.contains("physical 00010010: ours 0000005a qemu 00000000"),
                    result.divergence);
        }
    }

    @Test
    void withoutStrictFlagsAMemoryDifferenceIsNotedAndQemusRamTaken() throws Exception {
        LockstepOptions o = LockstepOptions.parse(new String[] {"--bios", bios().toString(), "--memory", "32"});
        try (QemuMachine qemu = QemuMachine.start(o.qemuBoot(), o.memoryMiB, o.qemuCpu, dir.resolve("serial"))) {
            Pc pc = LockstepCommand.synchronizedPc(qemu, o.memoryMiB);
            pc.memory.write8(0x20000, 0x5A);
            Lockstep.Result result = new Lockstep(pc.cpu, qemu, false, quiet()).checkMemoryEvery(10).run(100);
            assertFalse(result.diverged(), result.toString());
            assertTrue(result.notes.contains("physical 00020000: ours 0000005a qemu 00000000"), result.notes);
            assertEquals(0, pc.memory.read8(0x20000));
        }
    }

    private Path bios() throws Exception {
        byte[] image = new byte[0x10000];
        java.util.Arrays.fill(image, (byte) 0xF4);
        for (int i = 0; i < CODE.length; i++) {
            image[i] = (byte) CODE[i];
        }
        // Reset vector F000:FFF0: jmp far F000:0000.
        int[] reset = {0xEA, 0x00, 0x00, 0x00, 0xF0};
        for (int i = 0; i < reset.length; i++) {
            image[0xFFF0 + i] = (byte) reset[i];
        }
        Path file = dir.resolve("bios.bin");
        Files.write(file, image);
        return file;
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream());
    }
}
