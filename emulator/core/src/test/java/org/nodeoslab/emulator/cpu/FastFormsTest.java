package org.nodeoslab.emulator.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.nodeoslab.emulator.cpu.Cpu.EBP;
import static org.nodeoslab.emulator.cpu.Cpu.EBX;
import static org.nodeoslab.emulator.cpu.Cpu.EDI;
import static org.nodeoslab.emulator.cpu.Cpu.ESI;
import static org.nodeoslab.emulator.cpu.Cpu.ESP;

import org.junit.jupiter.api.Test;

/**
 * Integer forms run from the pre-decoded cache (FastForms' loop) as the general path runs them: loops whose first
 * pass decodes their instructions and whose later passes find them decoded.
 */
class FastFormsTest {
    @Test
    void memoryFormsWithAnImmediateComputeAsTheFirstPassWhateverTheSizes() {
        // Displacement and immediate both small (kept together in the decoded entry), a displacement or an
        // immediate beyond 16 bits (the immediate read from the code), byte and dword immediates, negative ones;
        // each pass clears what the last one stored (through forms without an immediate).
        GuestMachine m = GuestMachine.flat32("mov ecx, 3\nmov esi, 0x20000\nxor ebx, ebx\nxor edi, edi\n"
                + "again: xor eax, eax\nmov [esi+8], eax\nmov [esi+0x10000], eax\nmov [esi-2], al\n"
                + "mov dword [esi+8], -3\nadd ebx, [esi+8]\n"
                + "mov dword [esi+0x10000], 0x12345\nadd ebx, [esi+0x10000]\n"
                + "add dword [esi+4], 0x40000\n"
                + "mov byte [esi-2], 0x80\nmovzx eax, byte [esi-2]\nadd ebx, eax\n"
                + "cmp dword [esi+8], -3\njne skip\ninc edi\n"
                + "skip: cmp dword [esi+0x10000], 0x12345\njne skip2\nadd edi, 0x100\n"
                + "skip2: test byte [esi-2], 0x80\njz skip3\nadd edi, 0x10000\n"
                + "skip3: dec ecx\njnz again\nhlt");
        m.run();
        assertEquals(3 * (-3 + 0x12345 + 0x80), m.reg(EBX));
        assertEquals(3 * 0x40000, m.read32(0x20004));
        assertEquals(3 * 0x10101, m.reg(EDI), "every comparison held in every pass");
    }

    @Test
    void comparesAndTestsFusedWithTheirJccBranchAsTheFirstPass() {
        // CMP/TEST of registers (dword and byte, with a register or a byte immediate) and the Jcc after it run as one
        // pre-decoded entry from the second pass on; a CMP with a dword immediate does not fuse. The last Jcc, the
        // first bytes of a 128-byte line of code whose TEST ends the line before, is rewritten (JE <-> JNE) every pass:
        // the fused entry must go with the write to its Jcc's line, and the entries of the lines before must stay.
        GuestMachine m = GuestMachine.flat32("mov ecx, 6\nxor ebx, ebx\nxor edi, edi\nxor esi, esi\nxor ebp, ebp\n"
                + "mov edx, 4\n"
                + "again: cmp ecx, 3\njb small\ninc ebx\n"
                + "small: test cl, 1\njz even\nadd edi, 0x10\n"
                + "even: cmp ecx, edx\njg strict near big\nadd esi, 0x100\n"
                + "big: cmp cl, dl\njne ne\nadd esi, 0x10000\n"
                + "ne: mov eax, ecx\ncmp eax, 0x12345\njae never\ntest eax, eax\njs never\ncmp al, -128\njae never\n"
                + "xor eax, eax\njmp pad\nalign 128, int3\ntimes 126 int3\npad: test eax, eax\nflip: je skip\ninc ebp\n"
                + "skip: xor byte [flip], 1\ndec ecx\njnz again\nhlt\n"
                + "never: mov ebx, -1\nhlt");
        m.run();
        assertEquals(4, m.reg(EBX), "CMP ECX,3 / JB: ECX 6..3 not below");
        assertEquals(3 * 0x10, m.reg(EDI), "TEST CL,1 / JZ: three odd counts");
        assertEquals(4 * 0x100 + 0x10000, m.reg(ESI), "CMP ECX,EDX / JG near; CMP CL,DL / JNE");
        assertEquals(3, m.reg(EBP), "the rewritten Jcc ran as written in every pass");
    }

    @Test
    void pageFaultAfterAReadModifyWriteReportsTheFaultingInstructionsOwnFlagsAndEip() {
        // Page 0x41 is mapped by the #PF handler and unmapped again at the start of the second pass, whose ADD m,imm
        // (flags saved for its own roll-back), XOR (ZF set) and faulting load run in one go from the pre-decoded
        // cache: the fault frame must hold the XOR's flags and the load's EIP, and the load is retried.
        GuestMachine m = GuestMachine.flat32("gate 14, pf\nmov ecx, 3\nxor esi, esi\nxor edi, edi\nxor ebx, ebx\n"
                + "again: cmp ecx, 2\njne go\nand dword [0x300000 + 0x41 * 4], ~1\ninvlpg [0x41000]\n"
                + "go: add dword [0x20000], 1\nxor eax, eax\n"
                + "load: add ebx, [0x41000]\n"
                + "dec ecx\njnz again\nhlt\n"
                + "pf: mov edx, [esp+12]\nand edx, 0x40\nadd esi, edx\n"
                + "cmp dword [esp+4], load\nje same\ninc edi\n"
                + "same: inc ebp\nor dword [0x300000 + 0x41 * 4], 1\ninvlpg [0x41000]\nadd esp, 4\niret");
        for (int i = 0; i < 1024; i++) {
            m.memory.write32(0x300000 + 4 * i, (i << 12) | (i == 0x41 ? 0x6 : 0x7));
        }
        m.memory.write32(0x200000, 0x300000 | 7);
        m.memory.write32(0x41000, 5);
        m.cpu.reg[EBP] = 0;
        m.cpu.sys.writeCr(3, 0x200000);
        m.cpu.sys.writeCr(0, m.cpu.cr0 | Cpu.CR0_PG);
        m.run(1_000_000);
        assertEquals(2, m.reg(EBP), "a fault in the first pass (decoding) and one in the second (pre-decoded)");
        assertEquals(2 * 0x40, m.reg(ESI), "ZF set by the XOR before each faulting load");
        assertEquals(0, m.reg(EDI), "each fault frame's EIP was the load's");
        assertEquals(3 * 5, m.reg(EBX));
        assertEquals(3, m.read32(0x20000));
        assertEquals(GuestMachine.STACK_TOP, m.reg(ESP));
    }
}
