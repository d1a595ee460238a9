package org.nodeoslab.emulator.cpu.jit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A compilation unit: the instructions from one entry point on, in one physical page, in the order they run
 * when no branch is taken. Conditional branches leave it on the side; it ends at an unconditional transfer, an
 * instruction that ends a block, an instruction it cannot decode, or its size limit. Compiled code is
 * position-independent: EIPs are the entry's EIP plus the deltas in the instructions.
 */
public final class Region {
    /** The entry's physical address (code-segment size bit 31 as in the interpreter's tags). */
    public final int key;
    public final List<Insn> instructions;
    /** Bytes from the entry to the end of the last instruction. */
    public final int bytes;

    Region(int key, List<Insn> instructions, int bytes) {
        this.key = key;
        this.instructions = Collections.unmodifiableList(new ArrayList<>(instructions));
        this.bytes = bytes;
    }

    public int physicalAddress() {
        return key & 0x7FFFFFFF;
    }

    /** The first {@code n} instructions (a back end that hits a size limit retries with fewer). */
    public Region prefix(int n) {
        List<Insn> head = instructions.subList(0, n);
        return new Region(key, head, head.get(n - 1).next);
    }

    public int nativeCount() {
        int n = 0;
        for (Insn i : instructions) {
            if (i.isNative()) {
                n++;
            }
        }
        return n;
    }

    /**
     * Per instruction index: the index of the instruction of this region a JCC or JMP there goes to, else -1. Both
     * back ends keep such a jump inside the compiled code (forward always, backward while the budget allows).
     */
    public int[] internalTargets() {
        int n = instructions.size();
        java.util.Map<Integer, Integer> indexOfStart = new java.util.HashMap<>();
        for (int i = 0; i < n; i++) {
            indexOfStart.put(instructions.get(i).start, i);
        }
        int[] targets = new int[n];
        for (int i = 0; i < n; i++) {
            Insn insn = instructions.get(i);
            Integer t = insn.kind == Insn.JCC || insn.kind == Insn.JMP ? indexOfStart.get(insn.target) : null;
            targets[i] = t == null ? -1 : t;
        }
        return targets;
    }

    /**
     * The general registers the native instructions name (operands, addresses, ESP of the stack ones, ESP and EBP of
     * LEAVE, EAX of CMPXCHG, EAX and EDX of CDQ/CWDE/MUL), bit r for register r (8-bit operands name their 32-bit register): what a back end keeps in
     * locals.
     */
    public int nativeRegisters() {
        int mask = 0;
        for (Insn insn : instructions) {
            if (!insn.isNative()) {
                continue;
            }
            mask |= named(insn.dst) | named(insn.src);
            switch (insn.kind) {
                case Insn.PUSH: case Insn.POP: case Insn.CALL: case Insn.CALL_INDIRECT: case Insn.RET:
                    mask |= 1 << 4;
                    break;
                case Insn.CDQ: case Insn.CWDE:
                    mask |= 1 | 1 << 2;
                    break;
                case Insn.LEAVE:
                    mask |= 1 << 4 | 1 << 5;
                    break;
                case Insn.CMPXCHG:
                    mask |= 1;
                    break;
                case Insn.MUL:
                    mask |= 1 | 1 << 2;
                    break;
                default:
                    break;
            }
        }
        return mask;
    }

    private static int named(Operand o) {
        if (o == null || o.type == Operand.IMMEDIATE) {
            return 0;
        }
        if (o.isRegister()) {
            return 1 << (o.size == 8 ? o.register & 3 : o.register);
        }
        return (o.register != Operand.NONE ? 1 << o.register : 0) | (o.index != Operand.NONE ? 1 << o.index : 0);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("region 0x" + Integer.toHexString(physicalAddress()) + " (" + bytes
                + " bytes)");
        for (Insn i : instructions) {
            s.append("\n  ").append(i);
        }
        return s.toString();
    }
}
