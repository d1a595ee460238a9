package org.nodeoslab.emulator.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.nodeoslab.emulator.cpu.Cpu.EBX;
import static org.nodeoslab.emulator.cpu.Cpu.ESI;

import org.junit.jupiter.api.Test;

/**
 * MMX/SSE moves run from the pre-decoded cache (FastForms' SIMD handlers) as the general path runs them: a loop
 * whose later passes find them decoded, and a #NM raised by one of them there, undone and retried.
 */
class FastFormsSimdTest {
    /** Three passes; each adds ECX twice (through MOVD/MOVQ stores and loads, PUNPCKLDQ) to EBX: 2 * (3 + 2 + 1). */
    private static final String LOOP = "mov ecx, 3\nxor ebx, ebx\nxor esi, esi\n"
            + "again: %s\n"
            + "movd xmm0, ecx\n"
            + "movq [buf], xmm0\n"
            + "movq xmm1, [buf]\n"
            + "punpckldq xmm1, xmm1\n"
            + "movq [buf2], xmm1\n"
            + "movd eax, xmm1\n"
            + "add ebx, eax\n"
            + "movd [buf3], xmm1\n"
            + "add ebx, [buf3]\n"
            + "sub ebx, [buf2 + 4]\n"
            + "add ebx, [buf2]\n"
            + "dec ecx\njnz again\nhlt\n"
            + "nm: inc esi\nclts\niret\n"
            + "align 8\nbuf: dq 0\nbuf2: dq 0\nbuf3: dd 0\n";

    @Test
    void movesFromThePreDecodedCacheComputeAsTheFirstPass() {
        GuestMachine m = GuestMachine.flat32(String.format(LOOP, "nop"));
        m.cpu.cr4 |= Cpu.CR4_OSFXSR;
        m.run();
        assertEquals(2 * (3 + 2 + 1), m.reg(EBX));
    }

    @Test
    void deviceNotAvailableFromAPreDecodedMoveIsRetriedAfterTheHandler() {
        // The last pass sets CR0.TS: the pre-decoded MOVD xmm0, ecx raises #NM, whose handler clears TS and returns
        // to it.
        String setTs = "cmp ecx, 1\njne go\nmov eax, cr0\nor eax, 8\nmov cr0, eax\ngo:";
        GuestMachine m = GuestMachine.flat32("gate 7, nm\n" + String.format(LOOP, setTs));
        m.cpu.cr4 |= Cpu.CR4_OSFXSR;
        m.run();
        assertEquals(1, m.reg(ESI));
        assertEquals(2 * (3 + 2 + 1), m.reg(EBX));
    }
}
