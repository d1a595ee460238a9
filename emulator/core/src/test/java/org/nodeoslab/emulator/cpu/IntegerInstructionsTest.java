package org.nodeoslab.emulator.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.nodeoslab.emulator.cpu.Cpu.EAX;
import static org.nodeoslab.emulator.cpu.Cpu.EBP;
import static org.nodeoslab.emulator.cpu.Cpu.EBX;
import static org.nodeoslab.emulator.cpu.Cpu.ECX;
import static org.nodeoslab.emulator.cpu.Cpu.EDI;
import static org.nodeoslab.emulator.cpu.Cpu.EDX;
import static org.nodeoslab.emulator.cpu.Cpu.ESI;
import static org.nodeoslab.emulator.cpu.Cpu.ESP;

import org.junit.jupiter.api.Test;

/** Small 32-bit flat protected-mode programs, assembled by nasm, and what they leave in registers and memory. */
class IntegerInstructionsTest {
    private static final int ARITH_FLAGS = 0x8D5;

    private static GuestMachine run(String source) {
        return GuestMachine.flat32(source).run();
    }

    @Test
    void loopSumsOneToThousand() {
        GuestMachine m = run("xor eax, eax\nmov ecx, 1000\nl: add eax, ecx\ndec ecx\njnz l\nhlt");
        assertEquals(500500, m.reg(EAX));
        assertEquals(0, m.reg(ECX));
    }

    @Test
    void addAndSubSetTheArithmeticFlags() {
        GuestMachine m = run("mov eax, 0x7fffffff\nadd eax, 1\npushfd\npop ebx\n"
                + "xor ecx, ecx\nsub ecx, 1\npushfd\npop edx\n"
                + "mov esi, 5\ncmp esi, 5\npushfd\npop edi\nhlt");
        assertEquals(0x80000000, m.reg(EAX));
        assertEquals(Cpu.FLAG_OF | Cpu.FLAG_SF | Cpu.FLAG_AF | Cpu.FLAG_PF, m.reg(EBX) & ARITH_FLAGS);
        assertEquals(Cpu.FLAG_CF | Cpu.FLAG_SF | Cpu.FLAG_AF | Cpu.FLAG_PF, m.reg(EDX) & ARITH_FLAGS);
        assertEquals(Cpu.FLAG_ZF | Cpu.FLAG_PF, m.reg(EDI) & ARITH_FLAGS);
        assertEquals(0x2, m.reg(EDI) & 0x2, "reserved bit 1 reads as 1");
    }

    @Test
    void adcAndSbbChainCarriesAcrossWords() {
        // 64-bit add 0x00000001_FFFFFFFF + 0x00000002_00000001 and 64-bit subtract back
        GuestMachine m = run("mov eax, 0xFFFFFFFF\nmov edx, 1\nadd eax, 1\nadc edx, 2\n"
                + "mov esi, eax\nmov edi, edx\nsub esi, 1\nsbb edi, 2\nhlt");
        assertEquals(0, m.reg(EAX));
        assertEquals(4, m.reg(EDX));
        assertEquals(0xFFFFFFFF, m.reg(ESI));
        assertEquals(1, m.reg(EDI));
    }

    @Test
    void rdrandIsAnnouncedAlwaysReadyAndRepeatableFromTheSameState() {
        String program = "mov eax, 1\ncpuid\nmov ebp, ecx\n"
                + "mov eax, 0x7fffffff\nadd eax, 1\n" // OF SF AF PF set, so that RDRAND must clear them
                + "rdrand ebx\npushfd\npop edi\nrdrand edx\nrdrand si\nhlt";
        GuestMachine m = run(program);
        assertEquals(1 << 30, m.reg(EBP) & 1 << 30, "CPUID.01H:ECX.RDRAND[bit 30]");
        assertEquals(Cpu.FLAG_CF, m.reg(EDI) & ARITH_FLAGS, "a value is ready: CF = 1, OF SF ZF AF PF clear");
        assertNotEquals(m.reg(EBX), m.reg(EDX), "successive values differ");
        GuestMachine again = run(program);
        assertEquals(m.reg(EBX), again.reg(EBX), "a fresh machine gives the same numbers: boots stay identical");
        assertEquals(m.reg(EDX), again.reg(EDX));
        assertEquals(0, m.reg(ESI) & 0xFFFF0000, "16-bit RDRAND writes SI only (ESI was 0)");
    }

    @Test
    void rdrandWithAMemoryOperandIsUndefined() {
        GuestMachine m = run("gate 6, ud\nmov eax, 1\ndb 0x0F, 0xC7, 0x30\nhlt\nud: mov eax, 6\nhlt");
        assertEquals(6, m.reg(EAX), "0F C7 /6 with a memory operand raises #UD");
    }

    @Test
    void incAndDecKeepTheCarryFlag() {
        GuestMachine m = run("stc\nmov eax, -1\ninc eax\nsetc bl\nsetz bh\nclc\ndec eax\nsetc cl\nsets ch\nhlt");
        assertEquals(0, m.reg(EAX) + 1);
        assertEquals(0x0101, m.reg(EBX) & 0xFFFF);
        assertEquals(0x0100, m.reg(ECX) & 0xFFFF);
    }

    @Test
    void multiplyAndDivide() {
        GuestMachine m = run("mov eax, 0x12345678\nmov ecx, 0x9abcdef\nmul ecx\nmov esi, eax\nmov edi, edx\n"
                + "mov eax, -100\ncdq\nmov ecx, 7\nidiv ecx\nmov ebx, edx\n"
                + "mov ecx, -3\nimul ecx, ecx, 1000\nmov ebp, ecx\nhlt");
        long p = 0x12345678L * 0x9abcdefL;
        assertEquals((int) p, m.reg(ESI));
        assertEquals((int) (p >>> 32), m.reg(EDI));
        assertEquals(-14, m.reg(EAX));
        assertEquals(-2, m.reg(EBX));
        assertEquals(-3000, m.reg(EBP));
    }

    @Test
    void unsignedDivideOf64BitDividend() {
        GuestMachine m = run("mov edx, 0x12345\nmov eax, 0x6789abcd\nmov ecx, 0xfedcba98\ndiv ecx\nhlt");
        long dividend = 0x12345_6789abcdL;
        long divisor = 0xfedcba98L;
        assertEquals((int) (dividend / divisor), m.reg(EAX));
        assertEquals((int) (dividend % divisor), m.reg(EDX));
    }

    @Test
    void recursiveCallsComputeFibonacci() {
        GuestMachine m = run("push 20\ncall fib\nadd esp, 4\nhlt\n"
                + "fib: push ebp\nmov ebp, esp\npush ebx\nmov eax, [ebp+8]\ncmp eax, 2\njb .done\n"
                + "lea ecx, [eax-1]\npush ecx\ncall fib\nadd esp, 4\nmov ebx, eax\n"
                + "mov eax, [ebp+8]\nsub eax, 2\npush eax\ncall fib\nadd esp, 4\nadd eax, ebx\n"
                + ".done: pop ebx\nleave\nret");
        assertEquals(6765, m.reg(EAX));
        assertEquals(GuestMachine.STACK_TOP, m.reg(ESP));
    }

    @Test
    void stringInstructionsCopyFillAndSearch() {
        GuestMachine m = run("cld\nmov esi, src\nmov edi, 0x20000\nmov ecx, 11\nrep movsb\n"
                + "mov edi, 0x30000\nmov eax, 0xdeadbeef\nmov ecx, 4\nrep stosd\n"
                + "mov edi, src\nmov al, 'w'\nmov ecx, 100\nrepne scasb\nmov ebx, edi\n"
                + "mov esi, src\nmov edi, 0x20000\nmov ecx, 11\nrepe cmpsb\nsetz dl\nhlt\n"
                + "src: db 'hello world'");
        byte[] copied = new byte[11];
        for (int i = 0; i < 11; i++) {
            copied[i] = (byte) m.memory.read8(0x20000 + i);
        }
        assertEquals("hello world", new String(copied, java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals(0xdeadbeef, m.read32(0x3000C));
        assertEquals(0, m.read32(0x30010));
        int src = m.reg(ESI) - 11;
        assertEquals(src + 7, m.reg(EBX), "EDI points past the 'w' at index 6");
        assertEquals(1, m.reg(EDX) & 0xFF);
        assertEquals(0, m.reg(ECX));
    }

    @Test
    void backwardStringMoveWithOverlap() {
        GuestMachine m = run("std\nmov esi, buf+7\nmov edi, buf+9\nmov ecx, 8\nrep movsb\ncld\n"
                + "mov eax, [buf]\nmov ebx, [buf+4]\nmov ecx, [buf+8]\nhlt\n"
                + "buf: db 1,2,3,4,5,6,7,8,0,0,0,0");
        assertEquals(0x02010201, m.reg(EAX));
        assertEquals(0x06050403, m.reg(EBX));
        assertEquals(0x00000807, m.reg(ECX));
    }

    @Test
    void forwardOverlappingMovesReplicateAsTheCpuDoes() {
        GuestMachine m = run("cld\nmov esi, a\nlea edi, [esi+1]\nmov ecx, 7\nrep movsb\n"
                + "mov esi, b\nlea edi, [esi+2]\nmov ecx, 2\nrep movsd\n"
                + "mov eax, [a]\nmov ebx, [a+4]\nmov ecx, [b]\nmov edx, [b+4]\nmov esi, [b+8]\nhlt\n"
                + "a: db 1,2,3,4,5,6,7,8\nb: db 1,2,3,4,5,6,7,8,9,10,11,12");
        assertEquals(0x01010101, m.reg(EAX));
        assertEquals(0x01010101, m.reg(EBX));
        // MOVSD element 0 copies bytes 1,2,3,4 to offset 2; element 1 then reads offset 4 = 3,4,... (per element)
        assertEquals(0x02010201, m.reg(ECX));
        assertEquals(0x04030403, m.reg(EDX));
        assertEquals(0x0C0B0807, m.reg(ESI));
    }

    @Test
    void repStosFillsManyPagesAndStopsAtTheCount() {
        GuestMachine m = run("cld\nmov edi, 0x100003\nmov eax, 0x11223344\nmov ecx, 5000\nrep stosd\n"
                + "mov edi, 0x200000\nmov al, 0x5A\nmov ecx, 9000\nrep stosb\nhlt");
        assertEquals(0x44000000, m.read32(0x100000), "the byte before the start is untouched");
        assertEquals(0x11223344, m.read32(0x100003));
        assertEquals(0x11223344, m.read32(0x100003 + 4 * 4999));
        assertEquals(0, m.read32(0x100003 + 4 * 5000));
        assertEquals(0x5A5A5A5A, m.read32(0x200000 + 8996));
        assertEquals(0, m.memory.read8(0x200000 + 9000));
        assertEquals(0x200000 + 9000, m.reg(EDI));
        assertEquals(0, m.reg(ECX));
    }

    @Test
    void shiftsAndRotates() {
        GuestMachine m = run("mov eax, 0x80000001\nshl eax, 1\nsetc bl\n"
                + "mov ecx, 0x80000000\nsar ecx, 4\n"
                + "mov edx, 0x12345678\nrol edx, 8\n"
                + "mov esi, 1\nstc\nrcr esi, 1\nsetc bh\n"
                + "mov edi, 0xF0\nmov cl, 36\nshr edi, cl\nhlt");
        assertEquals(2, m.reg(EAX));
        assertEquals(1, m.reg(EBX) & 0xFF);
        assertEquals(0xF8000000, m.reg(ECX) & 0xFFFFFF00 | 0);
        assertEquals(0x34567812, m.reg(EDX));
        assertEquals(0x80000000, m.reg(ESI));
        assertEquals(1, m.reg(EBX) >> 8 & 0xFF);
        assertEquals(0xF, m.reg(EDI), "shift counts are masked to 5 bits");
    }

    @Test
    void doubleShifts() {
        GuestMachine m = run("mov eax, 0x12345678\nmov edx, 0x9abcdef0\nshld eax, edx, 8\n"
                + "mov ebx, 0x12345678\nmov cl, 12\nshrd ebx, edx, cl\nhlt");
        assertEquals(0x3456789a, m.reg(EAX));
        assertEquals(0xef012345, m.reg(EBX));
    }

    @Test
    void bitTestsIncludingBitStringAddressing() {
        GuestMachine m = run("mov eax, -1\nbts [bitmap+4], eax\nmov eax, 37\nbts [bitmap], eax\n"
                + "mov ecx, 37\nbt [bitmap], ecx\nsetc dl\nbtr dword [bitmap], 5\nbtc dword [bitmap+8], 0\n"
                + "mov eax, [bitmap]\nmov ecx, [bitmap+4]\nmov edx, [bitmap+8]\nsetc dh\n"
                + "mov esi, 0x00F0\nbsf edi, esi\nbsr ebp, esi\nmov ebx, 1234\nxor esi, esi\nbsf ebx, esi\n"
                + "setz dl\nhlt\nbitmap: dd 0, 0, 0");
        assertEquals(0x80000000, m.reg(EAX), "bit -1 of [bitmap+4] is bit 31 of [bitmap]");
        assertEquals(0x20, m.reg(ECX), "bit 37 of [bitmap] is bit 5 of [bitmap+4]");
        assertEquals(1, m.reg(EDX), "BTC set bit 0 of [bitmap+8]");
        assertEquals(0, m.reg(EDX) >> 8 & 0xFF, "BTC saw a clear bit");
        assertEquals(4, m.reg(EDI));
        assertEquals(7, m.reg(EBP));
        assertEquals(1234, m.reg(EBX), "BSF with a zero source leaves the destination unchanged");
    }

    @Test
    void compareExchangeAndExchangeAdd() {
        GuestMachine m = run("mov dword [v], 5\nmov eax, 5\nmov ecx, 9\nlock cmpxchg [v], ecx\nsetz bl\n"
                + "mov eax, 1\ncmpxchg [v], ecx\nsetz bh\nmov esi, eax\n"
                + "mov edx, 10\nlock xadd [v], edx\nmov edi, [v]\n"
                + "mov eax, 1\nmov edx, 2\nmov ebx, 3\nmov ecx, 4\nmov dword [q], 1\nmov dword [q+4], 2\n"
                + "cmpxchg8b [q]\nsetz al\nmov ebp, [q+4]\nhlt\nv: dd 0\nq: dd 0, 0");
        assertEquals(9, m.reg(ESI));
        assertEquals(19, m.reg(EDI));
        assertEquals(1, m.reg(EAX) & 0xFF);
        assertEquals(4, m.reg(EBP));
    }

    @Test
    void conditionalMovesAndSets() {
        GuestMachine m = run("mov eax, 1\nmov ebx, 2\nmov ecx, -1\ncmp eax, ebx\ncmovl eax, ebx\n"
                + "cmp ecx, eax\nsetb dl\nsetl dh\nmov esi, 100\ncmp esi, 100\ncmovne esi, ecx\nhlt");
        assertEquals(2, m.reg(EAX));
        assertEquals(0, m.reg(EDX) & 0xFF, "-1 is not below 2 unsigned");
        assertEquals(1, m.reg(EDX) >> 8 & 0xFF);
        assertEquals(100, m.reg(ESI));
    }

    @Test
    void enterWithNestingLevelCopiesFramePointers() {
        GuestMachine m = run("mov ebp, 0x1234\nenter 16, 0\nmov esi, ebp\nmov dword [ebp-4], 0x5555\n"
                + "enter 8, 2\nmov edi, ebp\n"
                + "mov eax, [ebp-4]\nmov ebx, [ebp-8]\nmov ecx, esp\nleave\nmov edx, ebp\nleave\nhlt");
        int top = GuestMachine.STACK_TOP;
        assertEquals(top - 4, m.reg(ESI));
        int frame2 = top - 4 - 16 - 4;
        assertEquals(frame2, m.reg(EDI));
        assertEquals(0x5555, m.reg(EAX), "level 2 copies the enclosing frame's display entry");
        assertEquals(frame2, m.reg(EBX), "then pushes its own");
        assertEquals(frame2 - 8 - 8, m.reg(ECX));
        assertEquals(top - 4, m.reg(EDX));
        assertEquals(0x1234, m.reg(EBP));
        assertEquals(top, m.reg(ESP));
    }

    @Test
    void pushaPopaAndPushPopOfEsp() {
        GuestMachine m = run("mov eax, 1\nmov ecx, 2\nmov edx, 3\nmov ebx, 4\nmov ebp, 6\nmov esi, 7\nmov edi, 8\n"
                + "pushad\nmov eax, [esp+12]\nmov [save], eax\nxor eax, eax\nxor ecx, ecx\npopad\n"
                + "push esp\npop ebx\nhlt\nsave: dd 0");
        assertEquals(1, m.reg(EAX));
        assertEquals(2, m.reg(ECX));
        assertEquals(GuestMachine.STACK_TOP, m.reg(EBX), "PUSH ESP pushes the value before the push");
        assertEquals(GuestMachine.STACK_TOP, m.reg(ESP));
    }

    @Test
    void decimalAdjust() {
        GuestMachine m = run("mov al, 0x19\nadd al, 0x28\ndaa\nmov bl, al\n"
                + "mov al, 0x42\nsub al, 0x17\ndas\nmov bh, al\n"
                + "mov ax, 0x0009\nadd al, 3\naaa\nmov cx, ax\n"
                + "mov al, 77\naam\nmov dx, ax\nmov ax, 0x0705\naad\nmov si, ax\nhlt");
        assertEquals(0x47, m.reg(EBX) & 0xFF);
        assertEquals(0x25, m.reg(EBX) >> 8 & 0xFF);
        assertEquals(0x0102, m.reg(ECX) & 0xFFFF);
        assertEquals(0x0707, m.reg(EDX) & 0xFFFF);
        assertEquals(75, m.reg(ESI) & 0xFFFF);
    }

    @Test
    void extensionsAddressingAndTableLookup() {
        GuestMachine m = run("mov eax, 0x80\nmovsx ebp, al\nmovzx ecx, al\nmov esi, 3\n"
                + "lea edx, [esi*8+esi+5]\nmov ebx, table\nmov edi, [ebx+esi*4]\n"
                + "mov al, 9\nxlatb\nmov ah, 0xd5\nsahf\nmov ah, 0\nlahf\nhlt\n"
                + "table: dd 10, 20, 30, 40");
        assertEquals(0xFFFFFF80, m.reg(EBP));
        assertEquals(0x80, m.reg(ECX));
        assertEquals(32, m.reg(EDX));
        assertEquals(40, m.reg(EDI));
        assertEquals(0xd7, m.reg(EAX) >> 8 & 0xFF, "SAHF then LAHF round-trips SF ZF AF PF CF, bit 1 set");
        assertEquals(0, m.reg(EAX) & 0xFF, "XLAT read byte 9 of the table (the high byte of 30)");
    }

    @Test
    void operandSizePrefixInThirtyTwoBitCode() {
        GuestMachine m = run("mov eax, 0x12345678\nmov ax, 0xFFFF\ninc ax\nmov ebx, eax\n"
                + "mov ecx, 0xAAAA0000\nmov cx, 0x5555\nadd cx, 0xAAAB\nsetc dl\nhlt");
        assertEquals(0x12340000, m.reg(EBX));
        assertEquals(0xAAAA0000, m.reg(ECX));
        assertEquals(1, m.reg(EDX) & 0xFF);
    }

    @Test
    void selfModifyingCodeRunsTheNewBytes() {
        // A loop patches the immediate of an instruction it runs again (as Linux's text_poke does to live code).
        GuestMachine m = run("xor ebx, ebx\nmov ecx, 3\nl: mov byte [patch+1], cl\npatch: mov eax, 0x11\n"
                + "add ebx, eax\ndec ecx\njnz l\nhlt");
        assertEquals(3 + 2 + 1, m.reg(EBX));
    }

    @Test
    void portIo() {
        GuestMachine m = GuestMachine.flat32("mov dx, 0x3f8\nmov al, 'A'\nout dx, al\nin al, 0x40\nmov bl, al\n"
                + "in ax, dx\nhlt");
        StringBuilder out = new StringBuilder();
        m.io.register(0x3f8, 1, new org.nodeoslab.emulator.bus.IoDevice() {
            @Override
            public int read8(int port) {
                return 0x5A;
            }

            @Override
            public void write8(int port, int value) {
                out.append((char) value);
            }
        });
        m.run();
        assertEquals("A", out.toString());
        assertEquals(0xFF, m.reg(EBX) & 0xFF, "an unclaimed port reads as all ones");
    }
}
