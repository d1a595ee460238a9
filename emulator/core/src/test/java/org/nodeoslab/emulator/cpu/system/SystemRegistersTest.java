package org.nodeoslab.emulator.cpu.system;

import org.junit.jupiter.api.Test;
import org.nodeoslab.emulator.cpu.Cpu;
import org.nodeoslab.emulator.cpu.CpuFault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nodeoslab.emulator.cpu.system.TestMachine.GDT;
import static org.nodeoslab.emulator.cpu.system.TestMachine.KERNEL_CS;
import static org.nodeoslab.emulator.cpu.system.TestMachine.KERNEL_DS;
import static org.nodeoslab.emulator.cpu.system.TestMachine.TSS;
import static org.nodeoslab.emulator.cpu.system.TestMachine.USER_CS;
import static org.nodeoslab.emulator.cpu.system.TestMachine.USER_DS;
import static org.nodeoslab.emulator.cpu.system.TestMachine.assertFault;

/** CPUID, MSRs, SYSENTER/SYSEXIT, RDTSC, control registers, descriptor queries and the I/O bitmap. */
class SystemRegistersTest extends ProtectedModeFixture {
    void cpuid(int leaf, int subleaf) {
        cpu.reg[Cpu.EAX] = leaf;
        cpu.reg[Cpu.ECX] = subleaf;
        cpu.sys.cpuid();
    }

    static String text(int... dwords) {
        StringBuilder s = new StringBuilder();
        for (int d : dwords) {
            for (int i = 0; i < 4; i++) {
                int ch = (d >>> (8 * i)) & 0xFF;
                if (ch != 0) {
                    s.append((char) ch);
                }
            }
        }
        return s.toString();
    }

    @Test
    void cpuidIdentifiesAFamilySixIntelWithTheImplementedFeatures() {
        cpuid(0, 0);
        assertEquals("GenuineIntel", text(cpu.reg[Cpu.EBX], cpu.reg[Cpu.EDX], cpu.reg[Cpu.ECX]));
        assertTrue(cpu.reg[Cpu.EAX] >= 0x16, "leaves up to 0x16 (TSC frequency)");
        cpuid(1, 0);
        assertEquals(6, (cpu.reg[Cpu.EAX] >>> 8) & 0xF, "family 6");
        int edx = cpu.reg[Cpu.EDX];
        for (int bit : new int[] {3, 4, 5, 6, 8, 11, 12, 13, 15, 16}) { // pse tsc msr pae cx8 sep mtrr pge cmov pat
            assertTrue((edx & 1 << bit) != 0, "feature bit " + bit);
        }
        assertEquals(cpu.fpu.cpuidEdxFeatures(), edx & cpu.fpu.cpuidEdxFeatures(), "the FPU's bits are ORed in");
        assertEquals(0, edx & (1 << 9 | 1 << 1), "no APIC, no VME");
        cpuid(0x80000000, 0);
        assertEquals(0x80000008, cpu.reg[Cpu.EAX]);
        StringBuilder brand = new StringBuilder();
        for (int leaf = 0x80000002; leaf <= 0x80000004; leaf++) {
            cpuid(leaf, 0);
            brand.append(text(cpu.reg[Cpu.EAX], cpu.reg[Cpu.EBX], cpu.reg[Cpu.ECX], cpu.reg[Cpu.EDX]));
        }
        assertEquals("NodeOS Lab i686 virtual CPU", brand.toString());
    }

    @Test
    void noSpeculationBugsAreDeclaredThroughArchCapabilities() {
        cpuid(7, 0);
        assertTrue((cpu.reg[Cpu.EDX] & 1 << 29) != 0, "IA32_ARCH_CAPABILITIES is enumerated");
        long caps = cpu.sys.readMsr(0x10A);
        assertEquals(1, caps & 1, "RDCL_NO: not vulnerable to Meltdown, so Linux needs no page-table isolation");
        assertEquals(1 << 5, caps & 1 << 5, "MDS_NO");
        assertEquals(0, caps & (1 << 1 | 1 << 7), "claims no IBRS_ALL or TSX_CTRL it does not have");
        assertFault(CpuFault.GP, 0, () -> cpu.sys.writeMsr(0x10A, 0)); // read-only
    }

    @Test
    void tscFrequencyLeavesFollowTheMachine() {
        cpu.sys.setTscFrequency(2_000_000_000L);
        cpuid(0x15, 0);
        long hz = (cpu.reg[Cpu.ECX] & 0xFFFFFFFFL) * cpu.reg[Cpu.EBX] / cpu.reg[Cpu.EAX];
        assertEquals(2_000_000_000L, hz);
        assertEquals(1_000_000, cpu.reg[Cpu.ECX], "a 1 MHz crystal keeps Linux's 32-bit products small");
        cpuid(0x16, 0);
        assertEquals(2000, cpu.reg[Cpu.EAX]);
        cpu.sys.setTscFrequency(1_234_567L);
        cpuid(0x15, 0);
        assertEquals(1_234_567L, (cpu.reg[Cpu.ECX] & 0xFFFFFFFFL) * cpu.reg[Cpu.EBX] / cpu.reg[Cpu.EAX]);
    }

    @Test
    void cacheLeafFourDescribesLevelsAndEnds() {
        cpuid(4, 0);
        assertEquals(1, cpu.reg[Cpu.EAX] & 0x1F, "L1 data");
        int ways = (cpu.reg[Cpu.EBX] >>> 22) + 1;
        int line = (cpu.reg[Cpu.EBX] & 0xFFF) + 1;
        assertEquals(32 * 1024, ways * line * (cpu.reg[Cpu.ECX] + 1));
        cpuid(4, 3);
        assertEquals(0, cpu.reg[Cpu.EAX] & 0x1F, "no more caches");
    }

    @Test
    void msrsReadBackAndUnknownOnesFault() {
        cpu.reg[Cpu.ECX] = 0x174;
        cpu.reg[Cpu.EAX] = 0x60;
        cpu.reg[Cpu.EDX] = 0;
        cpu.sys.wrmsr();
        cpu.reg[Cpu.EAX] = 0;
        cpu.sys.rdmsr();
        assertEquals(0x60, cpu.reg[Cpu.EAX]);
        assertEquals(0x0007040600070406L, cpu.sys.readMsr(0x277), "PAT reset value");
        assertEquals(0x508, cpu.sys.readMsr(0xFE), "MTRRcap: WC, fixed, 8 variable");
        cpu.sys.writeMsr(0x200, 0x6);
        assertEquals(6, cpu.sys.readMsr(0x200));
        assertFault(CpuFault.GP, 0, () -> cpu.sys.writeMsr(0x277, 0x02)); // memory type 2 is reserved
        cpu.reg[Cpu.ECX] = 0xC0000080; // EFER: no NX/long mode offered
        assertFault(CpuFault.GP, 0, () -> cpu.sys.rdmsr());
        m.enterUserMode(0, 0x1000);
        cpu.reg[Cpu.ECX] = 0x10;
        assertFault(CpuFault.GP, 0, () -> cpu.sys.rdmsr());
    }

    @Test
    void tscComesFromTheMachineAndWrmsrOffsetsIt() {
        long[] now = {1000};
        cpu.sys.setTscSource(() -> now[0]);
        cpu.sys.rdtsc();
        assertEquals(1000, cpu.reg[Cpu.EAX]);
        cpu.sys.writeMsr(0x10, 5_000_000_000L);
        now[0] = 1500;
        cpu.sys.rdtsc();
        assertEquals(5_000_000_500L, (cpu.reg[Cpu.EDX] & 0xFFFFFFFFL) << 32 | (cpu.reg[Cpu.EAX] & 0xFFFFFFFFL));
        cpu.sys.writeCr(4, Cpu.CR4_TSD);
        m.enterUserMode(0, 0x1000);
        assertFault(CpuFault.GP, 0, () -> cpu.sys.rdtsc());
    }

    @Test
    void defaultTscCountsRetiredInstructions() {
        cpu.instructionCount = 1234;
        cpu.sys.rdtsc();
        assertEquals(1234, cpu.reg[Cpu.EAX]);
    }

    @Test
    void sysenterAndSysexitUseFlatSegmentsFromTheMsr() {
        cpu.sys.writeMsr(0x174, KERNEL_CS);
        cpu.sys.writeMsr(0x175, 0x9F00);
        cpu.sys.writeMsr(0x176, 0xC0001000);
        m.enterUserMode(0x400, 0x6000);
        cpu.setEflags(Cpu.FLAG_IF);
        cpu.sys.sysenter();
        assertEquals(0, cpu.cpl);
        assertEquals(KERNEL_CS, cpu.segSelector[Cpu.CS]);
        assertEquals(KERNEL_DS, cpu.segSelector[Cpu.SS]);
        assertEquals(0x9F00, cpu.reg[Cpu.ESP]);
        assertEquals(0xC0001000, cpu.eip);
        assertEquals(0, cpu.getEflags() & Cpu.FLAG_IF);
        cpu.reg[Cpu.ECX] = 0x6000;
        cpu.reg[Cpu.EDX] = 0x402;
        cpu.sys.sysexit();
        assertEquals(3, cpu.cpl);
        assertEquals(USER_CS, cpu.segSelector[Cpu.CS]);
        assertEquals(USER_DS, cpu.segSelector[Cpu.SS]);
        assertEquals(0x6000, cpu.reg[Cpu.ESP]);
        assertEquals(0x402, cpu.eip);
        assertFault(CpuFault.GP, 0, () -> cpu.sys.sysexit());
    }

    @Test
    void controlRegisterRules() {
        assertFault(CpuFault.GP, 0, () -> cpu.sys.writeCr(4, Cpu.CR4_VME));
        assertFault(CpuFault.GP, 0, () -> cpu.sys.writeCr(0, Cpu.CR0_PG));
        assertFault(CpuFault.UD, 0, () -> cpu.sys.readCr(1));
        m.enterUserMode(0, 0x1000);
        assertFault(CpuFault.GP, 0, () -> cpu.sys.readCr(0));
        assertFault(CpuFault.GP, 0, () -> cpu.sys.lgdt(0, true));
    }

    @Test
    void lgdtWithSixteenBitOperandKeepsTwentyFourBitsOfBase() {
        m.write32(0x500, 0x3456_0027);
        m.write32(0x504, 0x0000_FF12);
        cpu.sys.lgdt(0x500, false);
        assertEquals(0x27, cpu.gdtrLimit);
        assertEquals(0x123456, cpu.gdtrBase);
        cpu.sys.lidt(0x500, true);
        assertEquals(0xFF123456, cpu.idtrBase);
    }

    @Test
    void ltrMarksTheTssBusy() {
        assertEquals(TestMachine.TSS_SEL, cpu.trSelector);
        assertEquals(TSS, cpu.trBase);
        assertEquals(0xB, (m.read32(GDT + TestMachine.TSS_SEL + 4) >>> 8) & 0xF, "busy 32-bit TSS");
        assertFault(CpuFault.GP, TestMachine.TSS_SEL, () -> cpu.sys.ltr(TestMachine.TSS_SEL));
    }

    @Test
    void descriptorQueries() {
        assertTrue(cpu.sys.lsl(KERNEL_DS));
        assertEquals(0xFFFFFFFF, cpu.sys.descriptorQueryResult);
        assertTrue(cpu.sys.lar(USER_CS));
        assertEquals(0xCFFA00, cpu.sys.descriptorQueryResult, "G, D, P, DPL 3, code (not yet accessed)");
        assertTrue(cpu.sys.verw(USER_DS));
        assertFalse(cpu.sys.verw(USER_CS));
        assertTrue(cpu.sys.verr(USER_CS));
        m.enterUserMode(0, 0x1000);
        assertFalse(cpu.sys.lar(KERNEL_DS), "ring 3 cannot see a DPL 0 descriptor");
        assertFalse(cpu.sys.lsl(0), "null selector");
    }

    @Test
    void ioPermissionBitmap() {
        m.write32(TSS + 0x64, 0x68 << 16); // bitmap right after the TSS
        for (int i = 0; i < 8192; i++) {
            m.memory.write8(TSS + 0x68 + i, 0xFF);
        }
        m.memory.write8(TSS + 0x68 + (0x3F8 >>> 3), 0xF0); // ports 0x3F8..0x3FB allowed
        m.enterUserMode(0, 0x1000);
        cpu.sys.checkIoPermission(0x3F8, 4);
        assertFault(CpuFault.GP, 0, () -> cpu.sys.checkIoPermission(0x3FA, 4));
        assertFault(CpuFault.GP, 0, () -> cpu.sys.checkIoPermission(0x80, 1));
        cpu.setEflags(Cpu.FLAG_IOPL);
        cpu.sys.checkIoPermission(0x80, 1); // IOPL 3: no bitmap check
    }
}
