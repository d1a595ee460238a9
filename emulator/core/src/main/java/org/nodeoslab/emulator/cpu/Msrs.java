package org.nodeoslab.emulator.cpu;

/**
 * The model-specific registers this CPU has: TSC, SYSENTER, APIC base (read-only, no APIC enabled), MTRRs
 * (capabilities, default type, 8 variable pairs, the fixed ranges), PAT, MISC_ENABLE and the few identification
 * MSRs Linux reads. Anything else is #GP(0), as on hardware, so the kernel's *_safe accessors see it missing.
 */
final class Msrs {
    static final int TSC = 0x10, PLATFORM_ID = 0x17, APIC_BASE = 0x1B, BIOS_SIGN_ID = 0x8B, MTRR_CAP = 0xFE,
            SYSENTER_CS = 0x174, SYSENTER_ESP = 0x175, SYSENTER_EIP = 0x176, MISC_ENABLE = 0x1A0,
            DEBUGCTL = 0x1D9, MTRR_PHYS_FIRST = 0x200, MTRR_PHYS_LAST = 0x20F, MTRR_FIX_64K = 0x250,
            MTRR_FIX_16K_80000 = 0x258, MTRR_FIX_16K_A0000 = 0x259, MTRR_FIX_4K_FIRST = 0x268,
            MTRR_FIX_4K_LAST = 0x26F, PAT = 0x277, MTRR_DEF_TYPE = 0x2FF, ARCH_CAPABILITIES = 0x10A;

    /**
     * IA32_ARCH_CAPABILITIES: an interpreter does not speculate, so it has none of the speculative-execution
     * bugs the "_NO" bits deny (RDCL_NO 0, SKIP_L1DFL_VMENTRY 3, SSB_NO 4, MDS_NO 5, PSCHANGE_MC_NO 6, TAA_NO 8,
     * SBDR_SSDP_NO 13, FBSDP_NO 14, PSDP_NO 15, BHI_NO 20, PBRSB_NO 24, GDS_NO 26, RFDS_NO 27). Linux then
     * skips page-table isolation, which would otherwise switch CR3 (and refill the TLB) on every system call.
     */
    static final long ARCH_CAPABILITIES_VALUE = 1L | 1L << 3 | 1L << 4 | 1L << 5 | 1L << 6 | 1L << 8 | 1L << 13
            | 1L << 14 | 1L << 15 | 1L << 20 | 1L << 24 | 1L << 26 | 1L << 27;

    private static final long PAT_RESET = 0x0007040600070406L;

    private final SystemRegisters sys;
    int sysenterCs;
    int sysenterEsp;
    int sysenterEip;
    private long tscOffset;
    private long pat = PAT_RESET;
    private long mtrrDefType;
    private final long[] mtrrVariable = new long[16];
    private final long[] mtrrFixed = new long[11];
    private long miscEnable = 1; // fast strings
    private long debugCtl;
    private long biosSignId;

    Msrs(SystemRegisters sys) {
        this.sys = sys;
    }

    void reset() {
        sysenterCs = 0;
        sysenterEsp = 0;
        sysenterEip = 0;
        tscOffset = 0;
        pat = PAT_RESET;
        mtrrDefType = 0;
        java.util.Arrays.fill(mtrrVariable, 0);
        java.util.Arrays.fill(mtrrFixed, 0);
        miscEnable = 1;
        debugCtl = 0;
        biosSignId = 0;
    }

    long tsc() {
        return sys.rawTsc() + tscOffset;
    }

    long read(int index) {
        switch (index) {
            case TSC: return tsc();
            case PLATFORM_ID: return 0;
            case APIC_BASE: return 0xFEE00000L | 1 << 8; // bootstrap processor; the APIC is not enabled
            case BIOS_SIGN_ID: return biosSignId;
            case MTRR_CAP: return 1 << 10 | 1 << 8 | 8; // write-combining, fixed ranges, 8 variable ranges
            case ARCH_CAPABILITIES: return ARCH_CAPABILITIES_VALUE;
            case SYSENTER_CS: return sysenterCs & 0xFFFFFFFFL;
            case SYSENTER_ESP: return sysenterEsp & 0xFFFFFFFFL;
            case SYSENTER_EIP: return sysenterEip & 0xFFFFFFFFL;
            case MISC_ENABLE: return miscEnable;
            case DEBUGCTL: return debugCtl;
            case PAT: return pat;
            case MTRR_DEF_TYPE: return mtrrDefType;
            default:
                int fixed = fixedMtrrIndex(index);
                if (fixed >= 0) {
                    return mtrrFixed[fixed];
                }
                if (index >= MTRR_PHYS_FIRST && index <= MTRR_PHYS_LAST) {
                    return mtrrVariable[index - MTRR_PHYS_FIRST];
                }
                throw CpuFault.withCode(CpuFault.GP, 0);
        }
    }

    void write(int index, long value) {
        switch (index) {
            case TSC: tscOffset = value - sys.rawTsc(); return;
            case APIC_BASE: return; // no APIC to move or enable
            case BIOS_SIGN_ID: biosSignId = value; return;
            case SYSENTER_CS: sysenterCs = (int) value; return;
            case SYSENTER_ESP: sysenterEsp = (int) value; return;
            case SYSENTER_EIP: sysenterEip = (int) value; return;
            case MISC_ENABLE: miscEnable = value; return;
            case DEBUGCTL: debugCtl = value; return;
            case PAT:
                checkMemoryTypes(value, true);
                pat = value;
                return;
            case MTRR_DEF_TYPE:
                if ((value & ~0xCFFL) != 0) {
                    throw CpuFault.withCode(CpuFault.GP, 0);
                }
                mtrrDefType = value;
                return;
            default:
                int fixed = fixedMtrrIndex(index);
                if (fixed >= 0) {
                    checkMemoryTypes(value, false);
                    mtrrFixed[fixed] = value;
                    return;
                }
                if (index >= MTRR_PHYS_FIRST && index <= MTRR_PHYS_LAST) {
                    // Physical address bits above 35 are reserved (MAXPHYADDR is 36).
                    long reserved = (index & 1) == 0 ? 0xFFFFFFF000000F00L : 0xFFFFFFF0000007FFL;
                    if ((value & reserved) != 0) {
                        throw CpuFault.withCode(CpuFault.GP, 0);
                    }
                    mtrrVariable[index - MTRR_PHYS_FIRST] = value;
                    return;
                }
                throw CpuFault.withCode(CpuFault.GP, 0);
        }
    }

    private static int fixedMtrrIndex(int index) {
        if (index == MTRR_FIX_64K) {
            return 0;
        }
        if (index == MTRR_FIX_16K_80000 || index == MTRR_FIX_16K_A0000) {
            return index - MTRR_FIX_16K_80000 + 1;
        }
        if (index >= MTRR_FIX_4K_FIRST && index <= MTRR_FIX_4K_LAST) {
            return index - MTRR_FIX_4K_FIRST + 3;
        }
        return -1;
    }

    /** Each byte must be a valid memory type (0 UC, 1 WC, 4 WT, 5 WP, 6 WB; 7 UC- in the PAT only). */
    private static void checkMemoryTypes(long value, boolean pat) {
        for (int i = 0; i < 8; i++) {
            int type = (int) (value >>> (8 * i)) & 0xFF;
            boolean ok = type == 0 || type == 1 || type == 4 || type == 5 || type == 6 || (pat && type == 7);
            if (!ok) {
                throw CpuFault.withCode(CpuFault.GP, 0);
            }
        }
    }
}
