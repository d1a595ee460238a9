package org.nodeoslab.emulator.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

import org.nodeoslab.emulator.bus.IoBus;
import org.nodeoslab.emulator.bus.PhysicalMemory;
import org.nodeoslab.emulator.cpu.Cpu;

/**
 * Guest MIPS of the CPU on two 32-bit loops: an integer loop (ALU, LEA, shifts, compare and branches) and a
 * memory-heavy loop (loads, stores, read-modify-write, PUSH/POP) with 4 KiB paging on. Not a test: run it with
 * {@code mvn -q -pl emulator/core compile exec:java -Dexec.mainClass=org.nodeoslab.emulator.bench.CpuBench} or
 * {@code java -cp emulator/core/target/classes org.nodeoslab.emulator.bench.CpuBench [seconds]}.
 */
public final class CpuBench {
    private static final int CODE = 0x1000;
    private static final int PAGE_DIRECTORY = 0x800000;

    /** mov ecx,7FFFFFFFh; xor eax,eax; mov ebx,1; xor edx,edx; xor edi,edi; then the loop (see the class comment). */
    private static final int[] INTEGER_LOOP = {
        0xb9, 0xff, 0xff, 0xff, 0x7f, 0x31, 0xc0, 0xbb, 0x01, 0x00, 0x00, 0x00,
        0x31, 0xd2, 0x31, 0xff,
        0x01, 0xd8,             // l: add eax, ebx
        0x31, 0xc2,             //    xor edx, eax
        0x8d, 0x5c, 0x53, 0x01, //    lea ebx, [ebx+edx*2+1]
        0x29, 0xca,             //    sub edx, ecx
        0xc1, 0xea, 0x03,       //    shr edx, 3
        0x39, 0xd0,             //    cmp eax, edx
        0x76, 0x01,             //    jbe skip
        0x47,                   //    inc edi
        0x49,                   // skip: dec ecx
        0x75, 0xeb,             //    jnz l
        0xf4,                   //    hlt
    };

    /** mov ecx,7FFFFFFFh; xor esi,esi; mov ebx,100000h; then the loop over a 256 KiB buffer. */
    private static final int[] MEMORY_LOOP = {
        0xb9, 0xff, 0xff, 0xff, 0x7f, 0x31, 0xf6, 0xbb, 0x00, 0x00, 0x10, 0x00,
        0x8b, 0x04, 0xb3,             // l: mov eax, [ebx+esi*4]
        0x01, 0xc8,                   //    add eax, ecx
        0x89, 0x44, 0xb3, 0x04,       //    mov [ebx+esi*4+4], eax
        0x50,                         //    push eax
        0x5a,                         //    pop edx
        0x01, 0x14, 0xf3,             //    add [ebx+esi*8], edx
        0x46,                         //    inc esi
        0x81, 0xe6, 0xff, 0xff, 0x00, 0x00, // and esi, 0FFFFh
        0x49,                         //    dec ecx
        0x75, 0xe8,                   //    jnz l
        0xf4,                         //    hlt
    };

    private CpuBench() {
    }

    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 5;
        report("integer loop", INTEGER_LOOP, false, seconds);
        report("memory loop (paging on, 4 KiB pages)", MEMORY_LOOP, true, seconds);
    }

    /**
     * Runs the program in flat 32-bit protected mode for about {@code seconds} after a warm-up of the same, and
     * prints guest MIPS per wall-clock second and per second of this thread's CPU time (the figure that stays
     * meaningful on a loaded machine).
     */
    private static void report(String name, int[] program, boolean paging, double seconds) {
        Cpu cpu = flatMachine(program, paging);
        measure(cpu, seconds); // warm-up: let the JIT compile the executor
        double[] mips = measure(cpu, seconds);
        System.out.printf("%-38s %8.1f MIPS (wall clock), %8.1f MIPS per CPU second%n", name + ":", mips[0], mips[1]);
    }

    /** Guest MIPS per wall-clock second and per CPU-second of this thread; FpuBench measures with it too. */
    public static double[] measure(Cpu cpu, double seconds) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long instructions = 0;
        long cpuStart = threads.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        long now;
        do {
            instructions += cpu.run(1_000_000);
            if (cpu.halted) {
                throw new IllegalStateException("benchmark program halted at EIP 0x" + Integer.toHexString(cpu.eip));
            }
            now = System.nanoTime();
        } while (now < end);
        long cpuNanos = threads.getCurrentThreadCpuTime() - cpuStart;
        return new double[] {instructions / ((now - start) / 1e3), instructions / (cpuNanos / 1e3)};
    }

    /** A CPU in flat 32-bit protected mode with {@code program} at its entry point (FpuBench builds on it). */
    public static Cpu flatMachine(int[] program, boolean paging) {
        PhysicalMemory memory = new PhysicalMemory(16 << 20);
        Cpu cpu = new Cpu(memory, new IoBus());
        for (int i = 0; i < program.length; i++) {
            memory.write8(CODE + i, program[i]);
        }
        for (int s = 0; s < 6; s++) {
            cpu.segSelector[s] = s == Cpu.CS ? 0x08 : 0x10;
            cpu.segBase[s] = 0;
            cpu.segLimit[s] = 0xFFFFFFFF;
            cpu.segAccess[s] = s == Cpu.CS ? 0xC09B00 : 0xC09300;
        }
        cpu.eip = CODE;
        cpu.reg[Cpu.ESP] = 0x80000;
        cpu.sys.writeCr(0, cpu.cr0 | Cpu.CR0_PE);
        if (paging) {
            identityMap16MiB(memory);
            cpu.sys.writeCr(3, PAGE_DIRECTORY);
            cpu.sys.writeCr(0, cpu.cr0 | Cpu.CR0_PG);
        }
        cpu.modeChanged();
        return cpu;
    }

    /** A page directory at 8 MiB with four page tables after it mapping the first 16 MiB 1:1 in 4 KiB pages. */
    private static void identityMap16MiB(PhysicalMemory memory) {
        for (int t = 0; t < 4; t++) {
            int table = PAGE_DIRECTORY + 0x1000 * (t + 1);
            memory.write32(PAGE_DIRECTORY + 4 * t, table | 0x7);
            for (int i = 0; i < 1024; i++) {
                memory.write32(table + 4 * i, ((t * 1024 + i) << 12) | 0x7);
            }
        }
    }
}
