package org.nodeoslab.emulator.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nodeoslab.emulator.cpu.jit.Jit;
import org.nodeoslab.emulator.cpu.jit.JitConfig;
import org.nodeoslab.emulator.cpu.jit.Region;

/**
 * The front end's IR for known code (golden text, as v86 keeps expected output of its code generator): which forms
 * become native IR, which run through the interpreter inside the region, where a region ends.
 */
class RegionIrTest {
    @AfterEach
    void interpreterAgain() {
        JitModes.reset();
    }

    /** The regions the front end builds for {@code source} (run once, every region forced, nothing compiled). */
    private static List<String> regions(String source) {
        List<String> seen = new ArrayList<>();
        Jit.install(region -> {
            seen.add(region.toString());
            return null;
        }, new JitConfig(JitConfig.Mode.FORCE, 1, 0, JitConfig.DEFAULT_MAX_INSTRUCTIONS));
        GuestMachine.flat32("jmp start\nstart:\n" + source).run();
        return seen;
    }

    @Test
    void aLoopWithMemoryFlagsAndAnInterpretedInstruction() {
        List<String> seen = regions("mov ecx, 3\nmov esi, 0x2000\n"
                + "top: lea eax, [esi + ecx*4 + 8]\nadd [esi], eax\nmov dl, [esi + 1]\nimul eax, ecx\n"
                + "cmp ecx, 1\njne next\nnext: dec ecx\njnz top\nhlt");
        assertEquals(String.join("\n",
                "region 0x1002 (31 bytes)",
                "  +0 mov r32:1, 0x3",
                "  +5 mov r32:6, 0x2000",
                "  +10 lea r32:0, m32[seg3 +r6 +r1*4 +0x8]",
                "  +14 alu/0 m32[seg3 +r6 +0x0], r32:0",
                "  +16 mov r8:2, m8[seg3 +r6 +0x1]",
                "  +19 imul r32:0, r32:1",
                "  +22 alu/7 r32:1, 0x1",
                "  +25 jcc/5 -> +27",
                "  +27 dec r32:1",
                "  +28 jcc/5 -> +10",
                "  +30 interpret f4 (last)"), seen.get(0));
    }

    @Test
    void aRegionGoesOnPastAJmpOrCallWhereItsOwnJumpsLead() {
        // An if/else: the JMP over the else goes on (its target is ahead in the page), the CALL that the JZ jumps
        // past too, and the JMP to the HLT; the CALL and JMP still leave (or jump inside), as before. The RET,
        // which nothing jumps past, ends f's region.
        List<String> seen = regions("mov eax, 1\ncmp eax, 1\nje other\ninc ebx\njmp join\nother: dec ebx\n"
                + "jz over\ncall f\nover: add ecx, ebx\njoin: jmp end\nnop\nend: hlt\nf: ret\nnop");
        assertEquals(String.join("\n",
                "region 0x1002 (27 bytes)",
                "  +0 mov r32:0, 0x1",
                "  +5 alu/7 r32:0, 0x1",
                "  +8 jcc/4 -> +13",
                "  +10 inc r32:3",
                "  +11 jmp -> +23 (last)",
                "  +13 dec r32:3",
                "  +14 jcc/4 -> +21",
                "  +16 call -> +27 (last)",
                "  +21 alu/0 r32:1, r32:3",
                "  +23 jmp -> +26 (last)",
                "  +25 nop",
                "  +26 interpret f4 (last)"), seen.get(0));
        assertTrue(seen.contains("region 0x101d (1 bytes)\n  +0 ret (last)"), String.join("\n", seen));
    }

    @Test
    void callsReturnsAndTheStack() {
        List<String> seen = regions("push ebx\ncall f\npop ebx\nhlt\nf: push ebp\nmov ebp, esp\nmovzx eax, byte [ebp+4]\n"
                + "sete al\ncmove eax, ebx\nshl eax, cl\npop ebp\nret");
        assertEquals(String.join("\n",
                "region 0x1002 (6 bytes)",
                "  +0 push r32:3",
                "  +1 call -> +8 (last)"), seen.get(0));
        assertEquals(String.join("\n",
                "region 0x100a (17 bytes)",
                "  +0 push r32:5",
                "  +1 mov r32:5, r32:4",
                "  +3 movzx r32:0, m8[seg2 +r5 +0x4]",
                "  +7 setcc/4 r8:0",
                "  +10 cmov/4 r32:0, r32:3",
                "  +13 shift/4 r32:0, r32:1",
                "  +15 pop r32:5",
                "  +16 ret (last)"), seen.get(1));
    }

    @Test
    void operandSizeAndSegmentOverridesAreNativeOtherPrefixesInterpretedAndSystemFormsEndTheRegion() {
        List<String> seen = regions("xor ebx, ebx\nmov ax, 5\nrep stosb\nmov eax, [fs:0x10]\ncpuid\ninc eax\nhlt");
        assertEquals(String.join("\n",
                "region 0x1002 (16 bytes)",
                "  +0 alu/6 r32:3, r32:3",
                "  +2 mov r16:0, 0x5",
                "  +6 interpret aa",
                "  +8 mov r32:0, m32[seg4 +0x10]",
                "  +14 interpret 0f a2 (last)"), seen.get(0));
    }

    @Test
    void hintsAndTestWithAnImmediateAreNative() {
        List<String> seen = regions("test byte [esi+1], 4\ntest ecx, 0x100\ntest dx, 3\npause\nlfence\nxchg ax, ax\n"
                + "movsx cx, byte [esi]\nmov al, [es:0x3010]\nmov [0x3014], eax\nrdtsc\nhlt");
        assertEquals(String.join("\n",
                "region 0x1002 (39 bytes)",
                "  +0 test m8[seg3 +r6 +0x1], 0x4",
                "  +4 test r32:1, 0x100",
                "  +10 test r16:2, 0x3",
                "  +15 nop",
                "  +17 nop",
                "  +20 nop",
                "  +22 movsx r16:1, m8[seg3 +r6 +0x0]",
                "  +26 mov r8:0, m8[seg0 +0x3010]",
                "  +32 mov m32[seg3 +0x3014], r32:0",
                "  +37 interpret 0f 31 (last)"), seen.get(0));
    }

    @Test
    void unaryOperationsExchangesLeaveAndStringInstructionsWithoutRepAreNative() {
        List<String> seen = regions("not dword [esi+4]\nneg cl\nxchg [esi], eax\nxchg al, ah\nxchg esi, eax\n"
                + "bswap ecx\nfs lodsd\nmovsw\nscasb\nrep stosb\nleave\nhlt");
        assertEquals(String.join("\n",
                "region 0x1002 (21 bytes)",
                "  +0 not m32[seg3 +r6 +0x4]",
                "  +3 neg r8:1",
                "  +5 xchg m32[seg3 +r6 +0x0], r32:0",
                "  +7 xchg r8:4, r8:0",
                "  +9 xchg r32:6, r32:0",
                "  +10 bswap r32:1",
                "  +12 string/ad r32:0, m32[seg4 +r6 +0x0]",
                "  +14 string/a5 m16[seg0 +r7 +0x0], m16[seg3 +r6 +0x0]",
                "  +16 string/ae r8:0, m8[seg0 +r7 +0x0]",
                "  +17 interpret aa",
                "  +19 leave",
                "  +20 interpret f4 (last)"), seen.get(0));
    }

    @Test
    void compareExchangeExchangeAddOneOperandMultiplyAndLockedFormsAreNative() {
        List<String> seen = regions("cmpxchg [esi], ecx\nxadd dl, bl\nmul ebx\nimul dword [esi]\nlock add [esi], eax\n"
                + "bt eax, ecx\nmul bl\nhlt");
        assertEquals(String.join("\n",
                "region 0x1002 (19 bytes)",
                "  +0 cmpxchg m32[seg3 +r6 +0x0], r32:1",
                "  +3 xadd r8:2, r8:3",
                "  +6 mul/0 r32:3",
                "  +8 mul/1 m32[seg3 +r6 +0x0]",
                "  +10 alu/0 m32[seg3 +r6 +0x0], r32:0",
                "  +13 interpret 0f a3",
                "  +16 interpret f6",
                "  +18 interpret f4 (last)"), seen.get(0));
    }
}
