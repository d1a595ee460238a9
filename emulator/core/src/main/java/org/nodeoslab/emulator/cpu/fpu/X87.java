package org.nodeoslab.emulator.cpu.fpu;

import org.nodeoslab.emulator.cpu.CpuFault;

/** Placeholder until the FPU/SIMD work lands: every instruction is #UD. */
final class X87 {
    private final Fpu fpu;

    X87(Fpu fpu) {
        this.fpu = fpu;
    }

    void execute(int opcode, int modrm, int linear) {
        throw CpuFault.withoutCode(CpuFault.UD);
    }
}
