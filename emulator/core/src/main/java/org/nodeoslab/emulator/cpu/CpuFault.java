package org.nodeoslab.emulator.cpu;

/**
 * An x86 fault or trap raised while executing an instruction (#DE, #UD, #GP, #PF, ...). Thrown out of the
 * instruction, caught by the run loop, which rolls EIP back to the instruction's start (for faults) and delivers
 * it through the IDT/IVT. Carries no Java stack trace: it is control flow, not an error of the emulator.
 */
public final class CpuFault extends RuntimeException {
    public static final int DE = 0, DB = 1, NMI = 2, BP = 3, OF = 4, BR = 5, UD = 6, NM = 7, DF = 8,
            TS = 10, NP = 11, SS = 12, GP = 13, PF = 14, MF = 16, AC = 17, MC = 18, XM = 19;

    public final int vector;
    public final int errorCode;
    public final boolean hasErrorCode;

    public CpuFault(int vector, int errorCode, boolean hasErrorCode) {
        super(null, null, false, false);
        this.vector = vector;
        this.errorCode = errorCode;
        this.hasErrorCode = hasErrorCode;
    }

    public static CpuFault withoutCode(int vector) {
        return new CpuFault(vector, 0, false);
    }

    public static CpuFault withCode(int vector, int errorCode) {
        return new CpuFault(vector, errorCode, true);
    }

    @Override
    public String getMessage() {
        return "exception " + vector + (hasErrorCode ? " error code 0x" + Integer.toHexString(errorCode) : "");
    }
}
