package org.nodeoslab.emulator.cpu.fpu;

import org.nodeoslab.emulator.bench.CpuBench;

import org.nodeoslab.emulator.cpu.Cpu;

/**
 * Guest MIPS on an SSE2 scalar-double loop (CVTSI2SD, MULSD, ADDSD, DIVSD, UCOMISD, CVTTSD2SI: what V8 emits for
 * number crunching) and on an x87 loop (FADD, FLD, FMUL, FDIV, FSTP). Not a test: run it with
 * {@code java -cp emulator/core/target/classes:emulator/core/target/test-classes
 * org.nodeoslab.emulator.cpu.fpu.FpuBench [seconds]} after {@code mvn -pl emulator/core test-compile}.
 */
public final class FpuBench {

    private static final int[] SSE2_LOOP = {
        0xb9, 0xff, 0xff, 0xff, 0x7f,   // mov ecx, 7FFFFFFFh
        0xb8, 0x03, 0x00, 0x00, 0x00,   // mov eax, 3
        0xf2, 0x0f, 0x2a, 0xc0,         // cvtsi2sd xmm0, eax
        0xf2, 0x0f, 0x2a, 0xc9,         // cvtsi2sd xmm1, ecx
        0x66, 0x0f, 0x57, 0xd2,         // xorpd xmm2, xmm2
        0xf2, 0x0f, 0x2a, 0xd9,         // l: cvtsi2sd xmm3, ecx
        0xf2, 0x0f, 0x59, 0xd8,         //    mulsd xmm3, xmm0
        0xf2, 0x0f, 0x58, 0xd3,         //    addsd xmm2, xmm3
        0xf2, 0x0f, 0x5e, 0xd9,         //    divsd xmm3, xmm1
        0x66, 0x0f, 0x2e, 0xd8,         //    ucomisd xmm3, xmm0
        0x76, 0x01,                     //    jbe skip
        0x47,                           //    inc edi
        0xf2, 0x0f, 0x2c, 0xc3,         // skip: cvttsd2si eax, xmm3
        0x49,                           //    dec ecx
        0x75, 0xe2,                     //    jnz l
        0xf4,
    };

    private static final int[] X87_LOOP = {
        0xb9, 0xff, 0xff, 0xff, 0x7f,   // mov ecx, 7FFFFFFFh
        0xdb, 0xe3,                     // fninit
        0xd9, 0xe8,                     // fld1
        0xd9, 0xee,                     // fldz
        0xd8, 0xc1,                     // l: fadd st0, st1
        0xd9, 0xc0,                     //    fld st0
        0xd8, 0xca,                     //    fmul st0, st2
        0xd8, 0xf1,                     //    fdiv st0, st1
        0xdd, 0xd8,                     //    fstp st0
        0x49,                           //    dec ecx
        0x75, 0xf3,                     //    jnz l
        0xf4,
    };

    private FpuBench() {
    }

    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 3;
        report("SSE2 scalar double loop", SSE2_LOOP, seconds);
        report("x87 loop", X87_LOOP, seconds);
    }

    private static void report(String name, int[] program, double seconds) {
        Cpu cpu = flatMachine(program);
        CpuBench.measure(cpu, seconds); // warm-up
        double[] mips = CpuBench.measure(cpu, seconds);
        System.out.printf("%-26s %8.1f MIPS (wall clock), %8.1f MIPS per CPU second%n", name + ":", mips[0], mips[1]);
    }

    /** CpuBench's flat machine, with the FPU and SSE enabled as Linux enables them. */
    private static Cpu flatMachine(int[] program) {
        Cpu cpu = CpuBench.flatMachine(program, false);
        cpu.sys.writeCr(0, cpu.cr0 | Cpu.CR0_NE);
        cpu.cr4 |= Cpu.CR4_OSFXSR | Cpu.CR4_OSXMMEXCPT;
        cpu.modeChanged();
        return cpu;
    }
}
