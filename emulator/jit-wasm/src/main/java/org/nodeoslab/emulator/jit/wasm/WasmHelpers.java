package org.nodeoslab.emulator.jit.wasm;

import org.nodeoslab.emulator.cpu.Cpu;
import org.nodeoslab.emulator.cpu.CpuFault;
import org.nodeoslab.emulator.cpu.JitBridge;

/**
 * The implementations of {@link WasmImports}: static methods acting on the CPU whose compiled region is running
 * ({@link #current}, set by {@link WasmCompiledRegion#run} around each chain of modules). One region runs at a
 * time (the emulator's thread on the JVM, the worker in the browser).
 *
 * <p>A guest fault in a memory helper is not thrown through the generated code: the helper keeps it
 * ({@link #caught}) and says so in its answer, the module then writes back the registers it holds in locals and
 * calls {@link #fault}, which delivers it as the interpreter's loop would. So registers stay in wasm locals across
 * memory accesses (writing them back before each one would cost a call per register). The helpers that leave the
 * region (registers already written back) deliver their own faults. Anything else thrown unwinds through the
 * module to the Java code that called {@code run}.
 */
public final class WasmHelpers {
    /** A read's answer when the access faulted (the value is in the low 32 bits otherwise). */
    public static final long FAULTED = 1L << 32;
    /** A write's status: done; faulted; done, but it wrote into the running region's code (leave after it). */
    public static final int OK = 0, FAULT = 1, BAIL = 2;
    /** In a deferred INC/DEC's code: the CF before it is bit {@code CARRY_SHIFT} (else the Alu holds it). */
    public static final int CARRY_KNOWN = JitBridge.CARRY_KNOWN, CARRY_SHIFT = JitBridge.CARRY_SHIFT;
    /** {@code at} of {@link #fault}: JitBridge's encoding in bits 0-21, the registers to write back in 24-31. */
    public static final int AT_MASK_SHIFT = 24;

    /**
     * What a module that reaches guest memory inline gets in its parameter {@code access}: the TLB entry bit of the
     * current privilege ({@code ACCESS_PRIVILEGE}), and per segment register s bit {@code ACCESS_READ << s} /
     * {@code ACCESS_WRITE << s} when its accesses need no limit or type check and the module knows its base: 0 for
     * ES, CS, SS and DS, FS's and GS's passed in with it. 0 when the machine's memory is not in a linear memory: every
     * access through the helpers.
     */
    public static final int ACCESS_PRIVILEGE = 3, ACCESS_READ = 1 << 8, ACCESS_WRITE = 1 << 16;
    /**
     * In {@code access}: CS's limit is 4 GiB and the stack 32-bit, so a page module's region may jump, call or fall
     * through into another of its regions without the leaving helpers (which check the limit and push through the
     * interpreter): see {@link PageModuleWriter}.
     */
    public static final int ACCESS_PAGE = 1 << 24;
    /** The segments whose bases go into run with {@code access} (the others' must be 0 for their bits). */
    private static final int BASES_PASSED = 1 << Cpu.FS | 1 << Cpu.GS;

    /** The CPU of the running region. */
    static JitBridge current;
    /** The fault a helper caught, for {@link #fault}. */
    private static CpuFault caught;

    private WasmHelpers() {
    }

    /** Makes {@code cpu} the one the helpers act on; returns the previous one (to restore it). */
    static JitBridge enter(JitBridge cpu) {
        JitBridge previous = current;
        current = cpu;
        return previous;
    }

    static void leave(JitBridge previous) {
        current = previous;
        caught = null;
    }

    /** {@link #ACCESS_PRIVILEGE}'s word for {@code cpu}: 0 if its memory is Java arrays. */
    static int access(JitBridge cpu) {
        return access(cpu, BASES_PASSED);
    }

    /** The same, where only the segments of {@code basesKnown} (bit s) may have a base other than 0. */
    private static int access(JitBridge cpu, int basesKnown) {
        if (cpu.layout == null) {
            return 0;
        }
        int access = cpu.privilegeBit() | (cpu.flatCode() && cpu.stack32() ? ACCESS_PAGE : 0);
        int[] base = cpu.segBase;
        boolean[] read = cpu.fastRead;
        boolean[] write = cpu.fastWrite;
        for (int s = 0; s < 6; s++) {
            if (base[s] == 0 || (basesKnown & 1 << s) != 0) {
                access |= (read[s] ? ACCESS_READ << s : 0) | (write[s] ? ACCESS_WRITE << s : 0);
            }
        }
        return access;
    }

    /** {@code at} for {@link #fault}: the instruction's EIP delta and index, JitBridge's flag bits, dirty registers. */
    public static int at(int delta, int index, boolean flagsSaved, int dirtyMask) {
        return (delta & 0xFFF) | index << JitBridge.AT_INDEX_SHIFT | (flagsSaved ? JitBridge.AT_FLAGS_SAVED : 0)
                | dirtyMask << AT_MASK_SHIFT;
    }

    // ---- Memory ----------------------------------------------------------------------------------------------

    public static long read8(int segment, int offset) {
        try {
            return current.read8(segment, offset) & 0xFFFFFFFFL;
        } catch (CpuFault f) {
            caught = f;
            return FAULTED;
        }
    }

    public static long read16(int segment, int offset) {
        try {
            return current.read16(segment, offset) & 0xFFFFFFFFL;
        } catch (CpuFault f) {
            caught = f;
            return FAULTED;
        }
    }

    public static long read32(int segment, int offset) {
        try {
            return current.read32(segment, offset) & 0xFFFFFFFFL;
        } catch (CpuFault f) {
            caught = f;
            return FAULTED;
        }
    }

    public static int write8(int segment, int offset, int value) {
        try {
            current.write8(segment, offset, value);
            return current.bail ? BAIL : OK;
        } catch (CpuFault f) {
            caught = f;
            return FAULT;
        }
    }

    public static int write16(int segment, int offset, int value) {
        try {
            current.write16(segment, offset, value);
            return current.bail ? BAIL : OK;
        } catch (CpuFault f) {
            caught = f;
            return FAULT;
        }
    }

    public static int write32(int segment, int offset, int value) {
        try {
            current.write32(segment, offset, value);
            return current.bail ? BAIL : OK;
        } catch (CpuFault f) {
            caught = f;
            return FAULT;
        }
    }

    // ---- The lazy-flag ALU -----------------------------------------------------------------------------------

    public static int adc(int a, int b, int mask) {
        return current.adc(a, b, mask);
    }

    public static int sbb(int a, int b, int mask) {
        return current.sbb(a, b, mask);
    }

    public static int imul32(int a, int b) {
        return current.imul32(a, b);
    }

    public static int shift(int op, int value, int count, int bits) {
        return current.shift(op, value, count, bits);
    }

    public static int shl32(int value, int count) {
        return current.shl32(value, count);
    }

    public static int shr32(int value, int count) {
        return current.shr32(value, count);
    }

    public static int sar32(int value, int count) {
        return current.sar32(value, count);
    }

    public static long mul32(int a, int b, int signed) {
        return current.mul32(a, b, signed != 0);
    }

    public static int direction() {
        return current.direction();
    }

    public static int condition(int cc) {
        return current.condition(cc) ? 1 : 0;
    }

    public static void saveFlags() {
        current.saveFlags();
    }

    /** As {@link JitBridge#pending}: the code of a deferred operation's flags (never 0). */
    public static int pending(int op, int size) {
        return JitBridge.pending(op, size);
    }

    /** Records in the Alu the flags of the deferred operation {@code pending} on {@code a} and {@code b}. */
    public static void materialize(int pending, int a, int b) {
        current.materialize(pending, a, b);
    }

    // ---- Registers -------------------------------------------------------------------------------------------

    public static int reg(int r) {
        return current.reg[r];
    }

    public static long reg2(int r, int s) {
        int[] reg = current.reg;
        return (long) reg[s] << 32 | reg[r] & 0xFFFFFFFFL;
    }

    /** Writes back the registers whose bit is set in {@code mask}. */
    private static void writeBack(int mask, int eax, int ecx, int edx, int ebx, int esp, int ebp, int esi, int edi) {
        int[] reg = current.reg;
        if ((mask & 0x01) != 0) {
            reg[0] = eax;
        }
        if ((mask & 0x02) != 0) {
            reg[1] = ecx;
        }
        if ((mask & 0x04) != 0) {
            reg[2] = edx;
        }
        if ((mask & 0x08) != 0) {
            reg[3] = ebx;
        }
        if ((mask & 0x10) != 0) {
            reg[4] = esp;
        }
        if ((mask & 0x20) != 0) {
            reg[5] = ebp;
        }
        if ((mask & 0x40) != 0) {
            reg[6] = esi;
        }
        if ((mask & 0x80) != 0) {
            reg[7] = edi;
        }
    }

    /** What every helper that leaves the region does first: the deferred flags recorded, the registers written. */
    private static void leave(int pending, int pa, int pb, int mask, int eax, int ecx, int edx, int ebx, int esp,
            int ebp, int esi, int edi) {
        if (pending != 0) {
            materialize(pending, pa, pb);
        }
        if (mask != 0) {
            writeBack(mask, eax, ecx, edx, ebx, esp, ebp, esi, edi);
        }
    }

    // ---- Leaving the region ----------------------------------------------------------------------------------

    public static int exit(int eip, int retired, int pending, int pa, int pb, int mask, int eax, int ecx, int edx,
            int ebx, int esp, int ebp, int esi, int edi) {
        leave(pending, pa, pb, mask, eax, ecx, edx, ebx, esp, ebp, esi, edi);
        return current.exit(eip, retired);
    }

    public static int branch(int target, int retired, int eip, int pending, int pa, int pb, int mask, int eax,
            int ecx, int edx, int ebx, int esp, int ebp, int esi, int edi) {
        leave(pending, pa, pb, mask, eax, ecx, edx, ebx, esp, ebp, esi, edi);
        try {
            return current.branch(target, retired);
        } catch (CpuFault f) {
            return delivered(f, eip, retired);
        }
    }

    public static int call(int target, int returnEip, int retired, int eip, int pending, int pa, int pb, int mask,
            int eax, int ecx, int edx, int ebx, int esp, int ebp, int esi, int edi) {
        leave(pending, pa, pb, mask, eax, ecx, edx, ebx, esp, ebp, esi, edi);
        try {
            return current.call(target, returnEip, retired);
        } catch (CpuFault f) {
            return delivered(f, eip, retired);
        }
    }

    public static int ret(int release, int retired, int eip, int pending, int pa, int pb, int mask, int eax, int ecx,
            int edx, int ebx, int esp, int ebp, int esi, int edi) {
        leave(pending, pa, pb, mask, eax, ecx, edx, ebx, esp, ebp, esi, edi);
        try {
            return current.ret(release, retired);
        } catch (CpuFault f) {
            return delivered(f, eip, retired);
        }
    }

    /** A native transfer of control at {@code eip} faulted: delivered; it counts as retired, as in the interpreter. */
    private static int delivered(CpuFault f, int eip, int retired) {
        current.fault(f, eip, 0);
        return retired;
    }

    public static int interpret(int eip, int next, int word, int form, int displacement, int retiredBefore,
            int pending, int pa, int pb, int mask, int eax, int ecx, int edx, int ebx, int esp, int ebp, int esi,
            int edi) {
        leave(pending, pa, pb, mask, eax, ecx, edx, ebx, esp, ebp, esi, edi);
        try {
            int r = current.interpret(eip, next, word, form, displacement, retiredBefore);
            if (current.layout != null) {
                // It may have ended the block or changed the mode, segments or paging: no more hops in this chain.
                current.setHopWord(HopCells.LIMIT, 0);
            }
            // Going on (negative): ~access, since the instruction may have changed a segment or the privilege; the
            // module's FS and GS bases may be stale now, so those two take the helpers until the region is left.
            return r >= 0 ? r : ~access(current, 0);
        } catch (CpuFault f) {
            current.fault(f, eip, JitBridge.AT_INTERPRETED);
            return retiredBefore + 1;
        }
    }

    public static int fault(int entryEip, int at, int pending, int pa, int pb, int eax, int ecx, int edx, int ebx,
            int esp, int ebp, int esi, int edi) {
        leave(pending, pa, pb, at >>> AT_MASK_SHIFT, eax, ecx, edx, ebx, esp, ebp, esi, edi);
        CpuFault f = caught;
        caught = null;
        if (f == null) {
            throw new IllegalStateException("a compiled region reported a fault no helper raised (at 0x"
                    + Integer.toHexString(at) + ")");
        }
        return current.fault(f, entryEip, at & ((1 << AT_MASK_SHIFT) - 1));
    }
}
