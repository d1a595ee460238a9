package org.nodeoslab.emulator.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.nodeoslab.emulator.cpu.Cpu.EAX;
import static org.nodeoslab.emulator.cpu.Cpu.EBX;

import org.junit.jupiter.api.Test;

/**
 * Code that changes after it ran must run as changed, although the CPU keeps pre-decoded instructions
 * ({@link DecodedCode}): each program runs an instruction (so it is decoded and cached), changes its bytes in one
 * of the ways a guest can, and runs it again. With a stale decoding the registers come out different.
 */
class SelfModifyingCodeTest {
    private static final int PRESENT_WRITABLE = 3;

    @Test
    void storeIntoTheInstructionRightAfterIt() {
        // Pass 1 stores the same byte (INC EAX) and runs it; pass 2 stores INC EBX into the next instruction.
        GuestMachine m = GuestMachine.flat32("xor eax, eax\nxor ebx, ebx\nmov ecx, 2\nmov dl, 0x40\n"
                + "again: mov [next], dl\n"
                + "next: inc eax\n"
                + "mov dl, 0x43\ndec ecx\njnz again\nhlt").run();
        assertEquals(1, m.reg(EAX));
        assertEquals(1, m.reg(EBX));
    }

    @Test
    void patchedDisplacementOfAMemoryOperandIsUsed() {
        // The displacement is part of the decoded form: MOV EDX, [EBX+0] becomes MOV EDX, [EBX+4].
        GuestMachine m = GuestMachine.flat32("mov ebx, data\nxor eax, eax\nmov ecx, 2\n"
                + "again:\nload: mov edx, [byte ebx+0]\n"
                + "add eax, edx\nmov byte [load+2], 4\ndec ecx\njnz again\nhlt\n"
                + "align 4\ndata: dd 10, 200").run();
        assertEquals(210, m.reg(EAX));
    }

    @Test
    void displacementInTheNext128ByteLinePatched() {
        // The cache tracks writes per 128-byte line: this MOV starts two bytes before a line boundary and its
        // displacement is the first byte of the next line, which alone is written.
        GuestMachine m = GuestMachine.flat32("mov ebx, data\nxor eax, eax\nmov ecx, 2\n"
                + "again: jmp load\n"
                + "align 128\ntimes 126 nop\n"
                + "load: mov edx, [byte ebx+0]\n"
                + "add eax, edx\nmov byte [load+2], 4\ndec ecx\njnz again\nhlt\n"
                + "align 4\ndata: dd 10, 200").run();
        assertEquals(210, m.reg(EAX));
    }

    @Test
    void codeInTheLastLineOfAPagePatched() {
        // The loop body sits in the last 128 bytes of page 0x1000 (line 31), on an odd page.
        GuestMachine m = GuestMachine.flat32("xor eax, eax\nxor ebx, ebx\nmov ecx, 2\n"
                + "again: jmp target\n"
                + "times 0x1000 - 64 - ($ - $$) db 0x90\n"
                + "target: inc eax\n"
                + "mov byte [target], 0x43\ndec ecx\njnz again\nhlt").run();
        assertEquals(1, m.reg(EAX));
        assertEquals(1, m.reg(EBX));
    }

    @Test
    void dataWrittenBesideCodeInTheSamePage() {
        // A loop storing into its own page (0x1F00, lines away from the code) on every iteration: the code's
        // decodings survive those writes and the loop still computes the right sum.
        GuestMachine m = GuestMachine.flat32("xor eax, eax\nmov ecx, 1000\n"
                + "again: add eax, ecx\nmov [0x1F00], eax\ndec ecx\njnz again\nhlt").run();
        assertEquals(500500, m.reg(EAX));
        assertEquals(500500, m.read32(0x1F00));
    }

    @Test
    void codeWrittenThroughAnotherLinearAddress() {
        // Linear 0x400000 maps the program's physical page 0x1000 a second time; the patch goes through it.
        GuestMachine m = GuestMachine.flat32("xor eax, eax\nxor ebx, ebx\nmov ecx, 2\n"
                + "again:\ntarget: inc eax\n"
                + "mov byte [0x400000 + target - 0x1000], 0x43\ndec ecx\njnz again\nhlt");
        identityPagingWithAlias(m, 0x400000, 0x1000);
        m.run();
        assertEquals(1, m.reg(EAX));
        assertEquals(1, m.reg(EBX));
    }

    @Test
    void instructionAcrossAPageBoundaryPatchedOnEitherPage() {
        // ADD EAX, imm32 (81 C0 ...) starts on the last byte of page 0x1000; its ModRM is on page 0x2000.
        // Pass 2 has its ModRM turned into C3 (ADD EBX, imm32); pass 3 has its opcode turned into 83 with a
        // sign-extended imm8 (ADD EBX, 1), leaving the rest of the bytes as a NOP's worth of padding.
        GuestMachine m = GuestMachine.flat32("xor eax, eax\nxor ebx, ebx\nxor esi, esi\n"
                + "again: jmp straddle\n"
                + "times 0x1000 - 1 - ($ - $$) db 0x90\n"
                + "straddle: db 0x81, 0xC0, 1, 0, 0, 0\n"
                + "cmp esi, 1\nje third\nja done\n"
                + "mov byte [straddle + 1], 0xC3\ninc esi\njmp again\n"
                + "third: mov byte [straddle], 0x83\nmov byte [straddle + 2], 1\nmov byte [straddle + 3], 0x90\n"
                + "mov word [straddle + 4], 0x9090\ninc esi\njmp again\n"
                + "done: hlt").run();
        assertEquals(1, m.reg(EAX));
        assertEquals(2, m.reg(EBX));
    }

    @Test
    void immediateOnTheNextPagePatched() {
        // MOV EDX, imm32: its opcode (the decoded part) ends page 0x1000, its immediate starts page 0x2000.
        GuestMachine m = GuestMachine.flat32("xor eax, eax\nmov ecx, 2\n"
                + "again: jmp load\n"
                + "times 0x1000 - 1 - ($ - $$) db 0x90\n"
                + "load: mov edx, strict dword 5\n"
                + "add eax, edx\nmov dword [load + 1], 300\ndec ecx\njnz again\nhlt").run();
        assertEquals(305, m.reg(EAX));
    }

    @Test
    void repMovsIntoTheRunningBlock() {
        // REP MOVSB (the bulk path: flat segments, forward) copies INC EBX over the INC EAX right after it.
        GuestMachine m = GuestMachine.flat32("xor eax, eax\nxor ebx, ebx\nmov edx, 2\nmov esi, original\n"
                + "again: mov edi, target\nmov ecx, 4\ncld\nrep movsb\n"
                + "target: inc eax\nnop\nnop\nnop\n"
                + "mov esi, patch\ndec edx\njnz again\nhlt\n"
                + "original: inc eax\nnop\nnop\nnop\n"
                + "patch: inc ebx\nnop\nnop\nnop").run();
        assertEquals(1, m.reg(EAX));
        assertEquals(1, m.reg(EBX));
    }

    @Test
    void repStosdOverALoopBody() {
        // Pass 2 fills the loop's first instruction with INC EBX (43) + NOPs by REP STOSD, element by element.
        GuestMachine m = GuestMachine.flat32("xor ebx, ebx\nxor esi, esi\nmov edx, 2\n"
                + "again:\nbody: inc esi\nnop\nnop\nnop\n"
                + "mov edi, body\nmov ecx, 1\nmov eax, 0x90909043\nrep stosd\ndec edx\njnz again\nhlt").run();
        assertEquals(1, m.cpu.reg[Cpu.ESI]);
        assertEquals(1, m.reg(EBX));
    }

    @Test
    void codeReplacedByALoaderBetweenRuns() {
        GuestMachine m = GuestMachine.flat32("mov eax, 7\nhlt").run();
        assertEquals(7, m.reg(EAX));
        m.load(GuestMachine.assemble("bits 32\nmov ebx, 9\nhlt"), GuestMachine.LOAD_ADDRESS);
        m.cpu.halted = false;
        m.cpu.eip = GuestMachine.LOAD_ADDRESS;
        m.run();
        assertEquals(7, m.reg(EAX));
        assertEquals(9, m.reg(EBX));
    }

    @Test
    void codeReplacedInRamDirectlyAfterRamReplaced() {
        GuestMachine m = GuestMachine.flat32("mov eax, 7\nhlt").run();
        m.memory.storage().write8(GuestMachine.LOAD_ADDRESS, 0xBB); // mov ebx, 7
        m.memory.ramReplaced();
        m.cpu.reg[EAX] = 0;
        m.cpu.halted = false;
        m.cpu.eip = GuestMachine.LOAD_ADDRESS;
        m.run();
        assertEquals(0, m.reg(EAX));
        assertEquals(7, m.reg(EBX));
    }

    @Test
    void sameBytesDecodeByTheCodeSegmentsDefaultSize() {
        // B8 01 00 00 00: MOV EAX, 1 in 32-bit code; in 16-bit code MOV AX, 1 then ADD [BX+SI], AL.
        GuestMachine m = GuestMachine.flat32("mov eax, 1\nhlt");
        m.cpu.reg[EAX] = 0x12340000;
        m.run();
        assertEquals(1, m.reg(EAX));
        m.cpu.reg[EAX] = 0x12340000;
        m.cpu.reg[EBX] = 0x3000;
        m.cpu.reg[Cpu.ESI] = 0;
        m.cpu.segAccess[Cpu.CS] &= ~0x400000; // 16-bit code segment, same base and limit
        m.cpu.modeChanged();
        m.cpu.halted = false;
        m.cpu.eip = GuestMachine.LOAD_ADDRESS;
        m.run();
        assertEquals(0x12340001, m.reg(EAX));
        assertEquals(1, m.memory.read8(0x3000));
    }

    /** Identity-maps the first 4 MiB and maps {@code aliasLinear} to {@code physical} as well; paging on. */
    private static void identityPagingWithAlias(GuestMachine m, int aliasLinear, int physical) {
        int directory = 0x100000;
        int low = 0x101000;
        int high = 0x102000;
        m.memory.write32(directory, low | PRESENT_WRITABLE);
        for (int i = 0; i < 1024; i++) {
            m.memory.write32(low + i * 4, i << 12 | PRESENT_WRITABLE);
        }
        m.memory.write32(directory + (aliasLinear >>> 22) * 4, high | PRESENT_WRITABLE);
        m.memory.write32(high + ((aliasLinear >>> 12) & 0x3FF) * 4, physical | PRESENT_WRITABLE);
        m.cpu.sys.writeCr(3, directory);
        m.cpu.sys.writeCr(0, m.cpu.cr0 | Cpu.CR0_PG);
    }
}
