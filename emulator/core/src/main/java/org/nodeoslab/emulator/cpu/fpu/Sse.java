package org.nodeoslab.emulator.cpu.fpu;

import org.nodeoslab.emulator.cpu.CpuFault;

/** Placeholder until the FPU/SIMD work lands: every instruction is #UD. */
final class Sse {
    private final Fpu fpu;

    Sse(Fpu fpu) {
        this.fpu = fpu;
    }

    void execute(int op2, int mandatoryPrefix, int modrm, int linear) {
        throw CpuFault.withoutCode(CpuFault.UD);
    }
}
