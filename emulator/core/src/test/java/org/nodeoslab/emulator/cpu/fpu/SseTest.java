package org.nodeoslab.emulator.cpu.fpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.nodeoslab.emulator.cpu.Cpu;
import org.nodeoslab.emulator.cpu.CpuFault;

/** MMX aliasing, integer SIMD, moves and the SSE availability, alignment and exception rules. */
class SseTest {
    private final FpuRig rig = new FpuRig();
    private final Fpu f = rig.fpu;

    private void op(int op2, int prefix, int modrm) {
        f.execute0F(op2, prefix, modrm, 0);
    }

    private int fault(Runnable r) {
        return assertThrows(CpuFault.class, r::run).vector;
    }

    @Test
    void mmxRegistersAliasTheX87StackAndEmmsEmptiesIt() {
        rig.x87(0xD9, 0xE8); // FLD1: TOP = 7
        rig.cpu.reg[Cpu.EAX] = 0x12345678;
        op(0x6E, 0, 0xC0); // MOVD mm0, eax
        assertEquals(0x12345678L, f.mant[0]);
        assertEquals(0xFFFF, f.signExp[0]);
        assertEquals(0, f.top);
        assertEquals(0xFF, f.tagValid);
        // R0 now holds a "special" (exponent all ones), R1-R6 zeros, R7 the 1.0: tags 10, 01 x 6, 00.
        assertEquals(0x1556, f.fullTagWord());
        op(0x77, 0, 0); // EMMS
        assertEquals(0, f.tagValid);
    }

    @Test
    void mmxArithmeticWrapsOrSaturatesPerLane() {
        f.mant[0] = 0x7F80FF0001020304L;
        f.mant[1] = 0x0101010101010101L;
        op(0xFC, 0, 0xC1); // PADDB mm0, mm1
        assertEquals(0x8081000102030405L, f.mant[0]);
        f.mant[0] = 0x7F80FF0001020304L;
        op(0xEC, 0, 0xC1); // PADDSB
        assertEquals(0x7F81000102030405L, f.mant[0]);
        f.mant[0] = 0x7F80FF0001020304L;
        op(0xDC, 0, 0xC1); // PADDUSB
        assertEquals(0x8081FF0102030405L, f.mant[0]);
        op(0xD7, 0, 0xC0); // PMOVMSKB eax, mm0
        assertEquals(0xE0, rig.cpu.reg[Cpu.EAX]);
    }

    @Test
    void xmmShufflesUnpacksPacksAndByteShifts() {
        f.xmm[2] = 0x3333333322222222L; // xmm1 = dwords 0x22222222 0x33333333 0x44444444 0x11111111
        f.xmm[3] = 0x1111111144444444L;
        rig.cpu.simdImmediate8 = 0x1B; // reverse
        op(0x70, 0x66, 0xC1); // PSHUFD xmm0, xmm1, 0x1B
        assertEquals(0x4444444411111111L, f.xmm[0]);
        assertEquals(0x2222222233333333L, f.xmm[1]);
        f.xmm[0] = 0x0706050403020100L;
        f.xmm[2] = 0x1716151413121110L;
        op(0x60, 0x66, 0xC1); // PUNPCKLBW
        assertEquals(0x1303120211011000L, f.xmm[0]);
        assertEquals(0x1707160615051404L, f.xmm[1]);
        f.xmm[0] = 0x7FFF8000FFFF0100L; // words 0x0100 0xFFFF 0x8000 0x7FFF
        f.xmm[1] = 0;
        op(0x63, 0x66, 0xC0); // PACKSSWB xmm0, xmm0
        assertEquals(0x7F80FF7FL, f.xmm[0] & 0xFFFFFFFFL);
        f.xmm[0] = 0x0807060504030201L;
        f.xmm[1] = 0x100F0E0D0C0B0A09L;
        rig.cpu.simdImmediate8 = 3;
        op(0x73, 0x66, 0xD8); // PSRLDQ xmm0, 3
        assertEquals(0x0B0A090807060504L, f.xmm[0]);
        assertEquals(0x000000100F0E0D0CL, f.xmm[1]);
    }

    @Test
    void scalarDoubleMovesAndConversionsWithGeneralRegisters() {
        rig.cpu.reg[Cpu.ECX] = -7;
        op(0x2A, 0xF2, 0xC1); // CVTSI2SD xmm0, ecx
        assertEquals(Double.doubleToLongBits(-7.0), f.xmm[0]);
        f.xmm[2] = Double.doubleToLongBits(2.5);
        op(0x59, 0xF2, 0xC1); // MULSD xmm0, xmm1
        assertEquals(-17.5, Double.longBitsToDouble(f.xmm[0]));
        op(0x2D, 0xF2, 0xD0); // CVTSD2SI edx, xmm0: -17.5 rounds to even
        assertEquals(-18, rig.cpu.reg[Cpu.EDX]);
        f.xmm[0] = Double.doubleToLongBits(3e9);
        op(0x2C, 0xF2, 0xD0); // CVTTSD2SI: out of range
        assertEquals(0x80000000, rig.cpu.reg[Cpu.EDX]);
        assertEquals(Fpu.FSW_IE | Fpu.FSW_PE, f.mxcsr & 0x3F); // PE from the rounding of -17.5 above
    }

    @Test
    void sseNeedsOsfxsrAndRaisesDeviceNotAvailableWhenTaskSwitched() {
        rig.cpu.cr4 &= ~Cpu.CR4_OSFXSR;
        assertEquals(CpuFault.UD, fault(() -> op(0x58, 0xF2, 0xC1)));
        rig.cpu.cr4 |= Cpu.CR4_OSFXSR;
        rig.cpu.cr0 |= Cpu.CR0_TS;
        assertEquals(CpuFault.NM, fault(() -> op(0x58, 0xF2, 0xC1)));
        assertEquals(CpuFault.NM, fault(() -> op(0xFC, 0, 0xC1)));
    }

    @Test
    void alignedMovesFaultOnMisalignedAddresses() {
        assertEquals(CpuFault.GP, fault(() -> f.execute0F(0x28, 0, 0x05, 0x2008))); // MOVAPS xmm0, [0x2008]
        f.execute0F(0x10, 0, 0x05, 0x2008); // MOVUPS is fine
        f.execute0F(0x28, 0, 0x05, 0x2010);
    }

    @Test
    void unmaskedExceptionRaisesSimdFaultAndLeavesTheDestination() {
        f.mxcsr = 0x1F80 & ~(Fpu.FSW_ZE << 7);
        f.xmm[0] = Double.doubleToLongBits(1.0);
        f.xmm[2] = 0;
        assertEquals(CpuFault.XM, fault(() -> op(0x5E, 0xF2, 0xC1))); // DIVSD by zero
        assertEquals(Double.doubleToLongBits(1.0), f.xmm[0]);
        assertEquals(Fpu.FSW_ZE, f.mxcsr & 0x3F);
        rig.cpu.cr4 &= ~Cpu.CR4_OSXMMEXCPT;
        assertEquals(CpuFault.UD, fault(() -> op(0x5E, 0xF2, 0xC1)));
    }

    @Test
    void ldmxcsrRejectsReservedBits() {
        rig.memory.write32(0x2000, 0x10000);
        assertEquals(CpuFault.GP, fault(() -> f.execute0F(0xAE, 0, 0x15, 0x2000)));
        rig.memory.write32(0x2000, 0x7F80);
        f.execute0F(0xAE, 0, 0x15, 0x2000);
        assertEquals(0x7F80, f.mxcsr);
        f.execute0F(0xAE, 0, 0x1D, 0x2004); // STMXCSR
        assertEquals(0x7F80, rig.memory.read32(0x2004));
    }

    @Test
    void cpuidReportsFpuMmxFxsrSseSse2AndSse3WithoutMonitor() {
        assertEquals(1 | 1 << 23 | 1 << 24 | 1 << 25 | 1 << 26, f.cpuidEdxFeatures());
        assertEquals(1, f.cpuidEcxFeatures());
    }
}
