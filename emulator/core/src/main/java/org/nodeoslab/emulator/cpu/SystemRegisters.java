package org.nodeoslab.emulator.cpu;

/**
 * Control and debug registers, descriptor-table registers (GDTR, IDTR, LDTR, TR), LAR/LSL/VERR/VERW, MSRs,
 * CPUID, SYSENTER/SYSEXIT, RDTSC and the I/O permission check.
 */
public final class SystemRegisters {
    /** Where the time-stamp counter comes from: the machine's clock (real or virtual). */
    public interface TscSource {
        long tsc();
    }

    // CR4 bits this CPU implements (anything else is reserved: #GP).
    private static final int CR4_SUPPORTED = Cpu.CR4_TSD | Cpu.CR4_DE | Cpu.CR4_PSE | Cpu.CR4_PAE | Cpu.CR4_MCE
            | Cpu.CR4_PGE | Cpu.CR4_PCE | Cpu.CR4_OSFXSR | Cpu.CR4_OSXMMEXCPT;
    // CPUID.1:EDX bits of the integer/system side: pse tsc msr pae cx8 sep mtrr pge cmov pat.
    private static final int EDX_FEATURES = 1 << 3 | 1 << 4 | 1 << 5 | 1 << 6 | 1 << 8 | 1 << 11 | 1 << 12
            | 1 << 13 | 1 << 15 | 1 << 16;
    private static final int CPUID_SIGNATURE = 0x000006FB; // family 6, model 15, stepping 11
    private static final String BRAND = "NodeOS Lab i686 virtual CPU";

    private final Cpu cpu;
    private final Msrs msrs;
    private final Descriptor descriptor = new Descriptor();

    private TscSource tscSource;
    private long tscFrequencyHz = 1_000_000_000L;
    /** CPUID.01H:ECX bit 30: RDRAND. */
    static final int ECX_RDRAND = 1 << 30;
    /** Fixed at power-on, so that boots stay byte-identical; kept in the machine state. */
    public static final long RANDOM_SEED = 0x4E6F64654F534C61L; // "NodeOSLa"
    /** RDRAND's generator state (splitmix64): a machine's random numbers are a function of its history. */
    private long randomState = RANDOM_SEED;

    public SystemRegisters(Cpu cpu) {
        this.cpu = cpu;
        this.msrs = new Msrs(this);
        this.tscSource = () -> cpu.instructionCount;
    }

    /** RESET: MSRs back to their power-on values (the time source and frequency belong to the machine). */
    public void reset() {
        msrs.reset();
    }

    // ---- Time ---------------------------------------------------------------------------------------------

    /** The machine's clock for RDTSC and MSR 0x10; by default {@code cpu.instructionCount}. */
    public void setTscSource(TscSource source) {
        this.tscSource = source;
    }

    /** TSC frequency reported by CPUID leaves 0x15/0x16 (so Linux needs no calibration). */
    public void setTscFrequency(long hz) {
        this.tscFrequencyHz = hz;
    }

    long rawTsc() {
        return tscSource.tsc();
    }

    // ---- Random numbers -----------------------------------------------------------------------------------

    /**
     * The next RDRAND value: splitmix64, deterministic (Linux trusts RDRAND to seed its random number generator,
     * so boot never waits for entropy; a deterministic machine gives the same numbers on every run, which is what
     * a reproducible emulator wants and no place to make keys).
     */
    long nextRandom() {
        long z = randomState += 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** RDRAND's generator state, for the machine state. */
    public long randomState() {
        return randomState;
    }

    public void setRandomState(long state) {
        randomState = state;
    }

    // ---- Control registers --------------------------------------------------------------------------------

    private void requireCpl0() {
        if (cpu.cpl != 0 || (cpu.eflags & Cpu.FLAG_VM) != 0) {
            throw CpuFault.withCode(CpuFault.GP, 0);
        }
    }

    public int readCr(int n) {
        requireCpl0();
        switch (n) {
            case 0: return cpu.cr0;
            case 2: return cpu.cr2;
            case 3: return cpu.cr3;
            case 4: return cpu.cr4;
            default: throw CpuFault.withoutCode(CpuFault.UD);
        }
    }

    public void writeCr(int n, int value) {
        requireCpl0();
        switch (n) {
            case 0: writeCr0(value); break;
            case 2: cpu.cr2 = value; break;
            case 3: loadCr3(value); break;
            case 4: writeCr4(value); break;
            default: throw CpuFault.withoutCode(CpuFault.UD);
        }
    }

    private void writeCr0(int value) {
        value |= Cpu.CR0_ET;
        if ((value & Cpu.CR0_PG) != 0 && (value & Cpu.CR0_PE) == 0) {
            throw CpuFault.withCode(CpuFault.GP, 0);
        }
        if ((value & Cpu.CR0_NW) != 0 && (value & Cpu.CR0_CD) == 0) {
            throw CpuFault.withCode(CpuFault.GP, 0);
        }
        int old = cpu.cr0;
        boolean enablingPaePaging = (value & Cpu.CR0_PG) != 0 && (old & Cpu.CR0_PG) == 0
                && (cpu.cr4 & Cpu.CR4_PAE) != 0;
        cpu.cr0 = value;
        if (enablingPaePaging) {
            try {
                cpu.mmu.loadPdptes();
            } catch (CpuFault f) {
                cpu.cr0 = old;
                throw f;
            }
        }
        int changed = old ^ value;
        if ((changed & (Cpu.CR0_PG | Cpu.CR0_WP | Cpu.CR0_PE)) != 0) {
            cpu.mmu.flushTlb(true);
        }
        if ((changed & (Cpu.CR0_PE | Cpu.CR0_PG)) != 0) {
            cpu.modeChanged();
        }
    }

    /** Loads CR3 (MOV CR3 or a task switch): PDPTEs in PAE paging mode, then a flush of non-global entries. */
    public void loadCr3(int value) {
        int old = cpu.cr3;
        cpu.cr3 = value;
        if ((cpu.cr0 & Cpu.CR0_PG) != 0 && (cpu.cr4 & Cpu.CR4_PAE) != 0) {
            try {
                cpu.mmu.loadPdptes();
            } catch (CpuFault f) {
                cpu.cr3 = old;
                throw f;
            }
        }
        cpu.mmu.flushTlb(false);
    }

    private void writeCr4(int value) {
        if ((value & ~CR4_SUPPORTED) != 0) {
            throw CpuFault.withCode(CpuFault.GP, 0);
        }
        int old = cpu.cr4;
        cpu.cr4 = value;
        int changed = old ^ value;
        if ((value & Cpu.CR4_PAE) != 0 && (changed & Cpu.CR4_PAE) != 0 && (cpu.cr0 & Cpu.CR0_PG) != 0) {
            try {
                cpu.mmu.loadPdptes();
            } catch (CpuFault f) {
                cpu.cr4 = old;
                throw f;
            }
        }
        if ((changed & (Cpu.CR4_PSE | Cpu.CR4_PGE | Cpu.CR4_PAE)) != 0) {
            cpu.mmu.flushTlb(true);
        }
    }

    public int readDr(int n) {
        requireCpl0();
        switch (n) {
            case 4: return cpu.dr[6] | 0xFFFF0FF0;
            case 5: return cpu.dr[7] | 0x400;
            case 6: return cpu.dr[6] | 0xFFFF0FF0;
            case 7: return cpu.dr[7] | 0x400;
            default: return cpu.dr[n];
        }
    }

    /** Debug registers are stored (Linux saves and restores them) but breakpoints do not fire. */
    public void writeDr(int n, int value) {
        requireCpl0();
        switch (n) {
            case 4: cpu.dr[6] = value; break;
            case 5: cpu.dr[7] = value; break;
            default: cpu.dr[n] = value; break;
        }
    }

    public void clts() {
        requireCpl0();
        cpu.cr0 &= ~Cpu.CR0_TS;
    }

    /** LMSW: sets PE, MP, EM, TS from the low 4 bits; cannot clear PE. */
    public void lmsw(int value) {
        requireCpl0();
        int cr0 = (cpu.cr0 & ~0xE) | (value & 0xF);
        if ((cr0 & Cpu.CR0_PE) != (cpu.cr0 & Cpu.CR0_PE)) {
            cpu.cr0 = cr0;
            cpu.modeChanged();
        } else {
            cpu.cr0 = cr0;
        }
    }

    public int smsw() {
        return cpu.cr0;
    }

    // ---- Descriptor-table registers -----------------------------------------------------------------------

    /** In protected mode the "load" instructions need CPL 0; in real mode anyone may (CPL is 0 there anyway). */
    private void requireCpl0InProtectedMode() {
        if ((cpu.cr0 & Cpu.CR0_PE) != 0) {
            requireCpl0();
        }
    }

    /** LGDT from a 6-byte operand at a linear address; a 16-bit operand size keeps only 24 bits of base. */
    public void lgdt(int linear, boolean operand32) {
        requireCpl0InProtectedMode();
        int limit = cpu.mmu.read16(linear);
        int base = cpu.mmu.read32(linear + 2);
        cpu.gdtrLimit = limit;
        cpu.gdtrBase = operand32 ? base : base & 0x00FFFFFF;
    }

    public void lidt(int linear, boolean operand32) {
        requireCpl0InProtectedMode();
        int limit = cpu.mmu.read16(linear);
        int base = cpu.mmu.read32(linear + 2);
        cpu.idtrLimit = limit;
        cpu.idtrBase = operand32 ? base : base & 0x00FFFFFF;
    }

    public void sgdt(int linear, boolean operand32) {
        cpu.mmu.checkWrite(linear, 6);
        cpu.mmu.write16(linear, cpu.gdtrLimit);
        cpu.mmu.write32(linear + 2, cpu.gdtrBase);
    }

    public void sidt(int linear, boolean operand32) {
        cpu.mmu.checkWrite(linear, 6);
        cpu.mmu.write16(linear, cpu.idtrLimit);
        cpu.mmu.write32(linear + 2, cpu.idtrBase);
    }

    /** LLDT: a null selector disables the LDT; otherwise an LDT descriptor in the GDT. */
    public void lldt(int selector) {
        requireProtectedMode();
        requireCpl0();
        selector &= 0xFFFF;
        if ((selector & 0xFFFC) == 0) {
            cpu.ldtrSelector = selector;
            cpu.ldtrBase = 0;
            cpu.ldtrLimit = 0;
            return;
        }
        Descriptor d = descriptor;
        if ((selector & 4) != 0) {
            throw CpuFault.withCode(CpuFault.GP, selector & 0xFFFC);
        }
        cpu.segments.tables.readOrFault(selector, d, CpuFault.GP);
        if (!d.isSystem() || d.type() != Descriptor.LDT) {
            throw CpuFault.withCode(CpuFault.GP, selector & 0xFFFC);
        }
        if (!d.present()) {
            throw CpuFault.withCode(CpuFault.NP, selector & 0xFFFC);
        }
        cpu.ldtrSelector = selector;
        cpu.ldtrBase = d.base();
        cpu.ldtrLimit = d.limit();
    }

    /** LTR: an available TSS descriptor in the GDT, which becomes busy. */
    public void ltr(int selector) {
        requireProtectedMode();
        requireCpl0();
        selector &= 0xFFFF;
        if ((selector & 0xFFFC) == 0) {
            throw CpuFault.withCode(CpuFault.GP, 0);
        }
        Descriptor d = descriptor;
        if ((selector & 4) != 0) {
            throw CpuFault.withCode(CpuFault.GP, selector & 0xFFFC);
        }
        cpu.segments.tables.readOrFault(selector, d, CpuFault.GP);
        int type = d.type();
        if (!d.isSystem() || (type != Descriptor.TSS16_AVAILABLE && type != Descriptor.TSS32_AVAILABLE)) {
            throw CpuFault.withCode(CpuFault.GP, selector & 0xFFFC);
        }
        if (!d.present()) {
            throw CpuFault.withCode(CpuFault.NP, selector & 0xFFFC);
        }
        cpu.segments.tables.setBusy(d, true);
        cpu.trSelector = selector;
        cpu.trBase = d.base();
        cpu.trLimit = d.limit();
        cpu.trAccess = d.access();
    }

    private void requireProtectedMode() {
        if (!cpu.segments.protectedMode()) {
            throw CpuFault.withoutCode(CpuFault.UD);
        }
    }

    public int sldt() {
        return cpu.ldtrSelector;
    }

    public int str() {
        return cpu.trSelector;
    }

    // ---- LAR, LSL, VERR, VERW -----------------------------------------------------------------------------

    /** LAR/LSL/VERR/VERW: true = ZF set; LAR/LSL leave their result in {@link #descriptorQueryResult}. */
    public int descriptorQueryResult;

    /** Reads the descriptor and applies the privilege rule shared by the four instructions (DPL >= CPL, RPL). */
    private Descriptor visibleDescriptor(int selector) {
        requireProtectedMode();
        if ((selector & 0xFFFC) == 0) {
            return null;
        }
        Descriptor d = descriptor;
        if (!cpu.segments.tables.read(selector, d)) {
            return null;
        }
        if (!d.isConformingCode() && (d.dpl() < cpu.cpl || d.dpl() < (selector & 3))) {
            return null;
        }
        return d;
    }

    public boolean lar(int selector) {
        Descriptor d = visibleDescriptor(selector & 0xFFFF);
        if (d == null || (d.isSystem() && !larSystemType(d.type()))) {
            return false;
        }
        descriptorQueryResult = d.hi & 0x00FFFF00;
        return true;
    }

    private static boolean larSystemType(int type) {
        switch (type) {
            case Descriptor.TSS16_AVAILABLE: case Descriptor.LDT: case Descriptor.TSS16_BUSY:
            case Descriptor.CALL_GATE16: case Descriptor.TASK_GATE: case Descriptor.TSS32_AVAILABLE:
            case Descriptor.TSS32_BUSY: case Descriptor.CALL_GATE32:
                return true;
            default:
                return false;
        }
    }

    public boolean lsl(int selector) {
        Descriptor d = visibleDescriptor(selector & 0xFFFF);
        if (d == null) {
            return false;
        }
        if (d.isSystem()) {
            int type = d.type();
            boolean segmentLike = type == Descriptor.TSS16_AVAILABLE || type == Descriptor.LDT
                    || type == Descriptor.TSS16_BUSY || type == Descriptor.TSS32_AVAILABLE
                    || type == Descriptor.TSS32_BUSY;
            if (!segmentLike) {
                return false;
            }
        }
        descriptorQueryResult = d.limit();
        return true;
    }

    public boolean verr(int selector) {
        Descriptor d = visibleDescriptor(selector & 0xFFFF);
        return d != null && !d.isSystem() && d.isReadable();
    }

    public boolean verw(int selector) {
        Descriptor d = visibleDescriptor(selector & 0xFFFF);
        return d != null && d.isWritableData();
    }

    // ---- MSRs ---------------------------------------------------------------------------------------------

    /** RDMSR: ECX names the MSR; EDX:EAX receives it. #GP(0) at CPL > 0 or for an MSR we do not have. */
    public void rdmsr() {
        requireCpl0();
        long value = msrs.read(cpu.reg[Cpu.ECX]);
        cpu.reg[Cpu.EAX] = (int) value;
        cpu.reg[Cpu.EDX] = (int) (value >>> 32);
    }

    public void wrmsr() {
        requireCpl0();
        long value = (cpu.reg[Cpu.EDX] & 0xFFFFFFFFL) << 32 | (cpu.reg[Cpu.EAX] & 0xFFFFFFFFL);
        msrs.write(cpu.reg[Cpu.ECX], value);
    }

    public long readMsr(int index) {
        return msrs.read(index);
    }

    public void writeMsr(int index, long value) {
        msrs.write(index, value);
    }

    // ---- CPUID --------------------------------------------------------------------------------------------

    public void cpuid() {
        int leaf = cpu.reg[Cpu.EAX];
        int subleaf = cpu.reg[Cpu.ECX];
        int a = 0;
        int b = 0;
        int c = 0;
        int d = 0;
        switch (leaf) {
            case 0:
                a = 0x16;
                b = 0x756E6547; // "Genu"
                d = 0x49656E69; // "ineI"
                c = 0x6C65746E; // "ntel"
                break;
            case 1:
                a = CPUID_SIGNATURE;
                b = 8 << 8 | 1 << 16; // CLFLUSH line 8*8 bytes, one logical processor, APIC ID 0
                c = cpu.fpu.cpuidEcxFeatures() | ECX_RDRAND;
                d = EDX_FEATURES | cpu.fpu.cpuidEdxFeatures();
                break;
            case 2:
                a = 0x00000001; // one round; descriptor 0xFF would defer to leaf 4: none needed, leaf 4 answers
                break;
            case 4:
                switch (subleaf) {
                    case 0: a = cacheLeaf(1, 1); b = cacheGeometry(8, 64); c = 63; break;  // L1d 32 KiB
                    case 1: a = cacheLeaf(2, 1); b = cacheGeometry(8, 64); c = 63; break;  // L1i 32 KiB
                    case 2: a = cacheLeaf(3, 2); b = cacheGeometry(8, 64); c = 1023; break; // L2 512 KiB
                    default: break;
                }
                break;
            case 7:
                if (subleaf == 0) {
                    d = 1 << 29; // IA32_ARCH_CAPABILITIES exists (it says which speculation bugs this CPU lacks)
                }
                break;
            case 0x15: {
                // TSC = crystal * EBX / EAX. Linux computes crystal_khz * EBX (and crystal_khz * 1000 for the
                // APIC timer) in 32 bits, so a 1 MHz crystal with EBX = TSC MHz keeps both small; a frequency
                // that is not a whole number of MHz is reported as the crystal itself.
                if (tscFrequencyHz % 1_000_000L == 0 && tscFrequencyHz / 1_000_000L <= 0xFFFFFFL) {
                    a = 1;
                    b = (int) (tscFrequencyHz / 1_000_000L);
                    c = 1_000_000;
                } else {
                    a = 1;
                    b = 1;
                    c = (int) Math.min(tscFrequencyHz, 0xFFFFFFFFL);
                }
                break;
            }
            case 0x16: {
                int mhz = (int) (tscFrequencyHz / 1_000_000L);
                a = mhz;
                b = mhz;
                c = 100;
                break;
            }
            case 0x80000000:
                a = 0x80000008;
                break;
            case 0x80000002: case 0x80000003: case 0x80000004: {
                int at = (leaf - 0x80000002) * 16;
                a = brandDword(at);
                b = brandDword(at + 4);
                c = brandDword(at + 8);
                d = brandDword(at + 12);
                break;
            }
            case 0x80000006:
                c = 512 << 16 | 6 << 12 | 64; // L2: 512 KiB, 8-way, 64-byte lines
                break;
            case 0x80000007:
                d = 1 << 8; // invariant TSC: the machine's clock does not change rate
                break;
            case 0x80000008:
                a = 32 << 8 | 36; // 32 linear, 36 physical address bits (PAE)
                break;
            default:
                break;
        }
        cpu.reg[Cpu.EAX] = a;
        cpu.reg[Cpu.EBX] = b;
        cpu.reg[Cpu.ECX] = c;
        cpu.reg[Cpu.EDX] = d;
    }

    /** Leaf 4 EAX: cache type (1 data, 2 instruction, 3 unified), level, self-initializing. */
    private static int cacheLeaf(int type, int level) {
        return type | level << 5 | 1 << 8;
    }

    /** Leaf 4 EBX: ways-1, partitions-1 (0), line size-1. */
    private static int cacheGeometry(int ways, int lineSize) {
        return (ways - 1) << 22 | (lineSize - 1);
    }

    private static int brandDword(int at) {
        int value = 0;
        for (int i = 0; i < 4; i++) {
            int ch = at + i < BRAND.length() ? BRAND.charAt(at + i) : 0;
            value |= ch << (8 * i);
        }
        return value;
    }

    // ---- SYSENTER / SYSEXIT -------------------------------------------------------------------------------

    /** SYSENTER: flat ring-0 CS/SS from IA32_SYSENTER_CS, ESP/EIP from their MSRs; clears VM, IF, RF. */
    public void sysenter() {
        int cs = msrs.sysenterCs;
        if ((cpu.cr0 & Cpu.CR0_PE) == 0 || (cs & 0xFFFC) == 0) {
            throw CpuFault.withCode(CpuFault.GP, 0);
        }
        cpu.setEflags(cpu.getEflags() & ~(Cpu.FLAG_VM | Cpu.FLAG_IF | Cpu.FLAG_RF));
        loadFlat(Cpu.CS, cs & 0xFFFC, 0x00CF9B00);
        loadFlat(Cpu.SS, (cs & 0xFFFC) + 8, 0x00CF9300);
        cpu.cpl = 0;
        cpu.reg[Cpu.ESP] = msrs.sysenterEsp;
        cpu.eip = msrs.sysenterEip;
        cpu.modeChanged();
    }

    /** SYSEXIT: flat ring-3 CS = SYSENTER_CS+16, SS = +24; ESP = ECX, EIP = EDX. */
    public void sysexit() {
        int cs = msrs.sysenterCs;
        if ((cpu.cr0 & Cpu.CR0_PE) == 0 || (cpu.eflags & Cpu.FLAG_VM) != 0 || cpu.cpl != 0
                || (cs & 0xFFFC) == 0) {
            throw CpuFault.withCode(CpuFault.GP, 0);
        }
        loadFlat(Cpu.CS, ((cs & 0xFFFC) + 16) | 3, 0x00CFFB00);
        loadFlat(Cpu.SS, ((cs & 0xFFFC) + 24) | 3, 0x00CFF300);
        cpu.cpl = 3;
        cpu.reg[Cpu.ESP] = cpu.reg[Cpu.ECX];
        cpu.eip = cpu.reg[Cpu.EDX];
        cpu.modeChanged();
    }

    /** SYSENTER/SYSEXIT load fixed flat descriptors without reading the GDT. */
    private void loadFlat(int seg, int selector, int access) {
        cpu.segSelector[seg] = selector & 0xFFFF;
        cpu.segBase[seg] = 0;
        cpu.segmentBaseChanged(seg);
        cpu.segLimit[seg] = 0xFFFFFFFF;
        cpu.segAccess[seg] = access;
    }

    // ---- RDTSC --------------------------------------------------------------------------------------------

    public void rdtsc() {
        if ((cpu.cr4 & Cpu.CR4_TSD) != 0 && (cpu.cpl != 0 || (cpu.eflags & Cpu.FLAG_VM) != 0)
                && (cpu.cr0 & Cpu.CR0_PE) != 0) {
            throw CpuFault.withCode(CpuFault.GP, 0);
        }
        long tsc = msrs.tsc();
        cpu.reg[Cpu.EAX] = (int) tsc;
        cpu.reg[Cpu.EDX] = (int) (tsc >>> 32);
    }

    // ---- I/O permission -----------------------------------------------------------------------------------

    /**
     * IN/OUT/INS/OUTS: in protected mode at CPL > IOPL, or in virtual-8086 mode, every port of the access must
     * have its bit clear in the 32-bit TSS's I/O permission bitmap; otherwise #GP(0).
     */
    public void checkIoPermission(int port, int size) {
        if ((cpu.cr0 & Cpu.CR0_PE) == 0) {
            return;
        }
        int eflags = cpu.eflags;
        boolean v86 = (eflags & Cpu.FLAG_VM) != 0;
        if (!v86 && cpu.cpl <= ((eflags >>> 12) & 3)) {
            return;
        }
        boolean tss32 = (cpu.trAccess & 0x0900) == 0x0900 && (cpu.trAccess & 0x1000) == 0;
        if (!tss32 || Integer.compareUnsigned(cpu.trLimit, 0x67) < 0) {
            throw CpuFault.withCode(CpuFault.GP, 0);
        }
        int bitmap = cpu.mmu.readSupervisor16(cpu.trBase + 0x66);
        port &= 0xFFFF;
        int at = bitmap + (port >>> 3);
        if (Integer.compareUnsigned(at + 1, cpu.trLimit) > 0) {
            throw CpuFault.withCode(CpuFault.GP, 0);
        }
        int bits = cpu.mmu.readSupervisor16(cpu.trBase + at);
        int mask = ((1 << size) - 1) << (port & 7);
        if ((bits & mask) != 0) {
            throw CpuFault.withCode(CpuFault.GP, 0);
        }
    }
}
