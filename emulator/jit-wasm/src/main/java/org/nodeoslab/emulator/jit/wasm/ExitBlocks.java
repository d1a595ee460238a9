package org.nodeoslab.emulator.jit.wasm;

import org.nodeoslab.emulator.cpu.jit.Insn;
import org.nodeoslab.emulator.cpu.jit.Region;

/**
 * The blocks around a run function's body whose ends lead to the code the exits of one kind share (see
 * {@link RegionModuleWriter}'s exits): written once at the function's end, after the fault block, entered by a
 * {@code br} from each site, which sets a local or two first. An exit's code written at every site made most of a
 * module's bytes (a leaving helper takes 14-18 arguments; a hop's checks and call_indirect ~60 instructions).
 *
 * <p>The kinds are in the order of their code after the body (the first one's block innermost, closed first); a
 * kind's code returns, branches to a later kind's, or falls through into the next one's. Only the kinds a function's
 * regions may use are opened (guessed from their instructions, never too few: an unopened block's label is refused),
 * and only the code of those used is written.
 */
final class ExitBlocks {
    /** Hops: the exits to a target in the entry's page (HOP_TARGET) whose fallback is EXIT / BRANCH. */
    static final int PAGE_EXIT = 0, PAGE_BRANCH = 1;
    /** Hops: a RET's (its address read at ESP into HOP_TARGET first). */
    static final int RET_HOP = 2;
    /** Hops: to a target known as the module runs (HOP_TARGET), falling back to EXIT, BRANCH, CALL. */
    static final int FETCH_EXIT = 3, FETCH_BRANCH = 4, FETCH_CALL = 5;
    /** Hops' common steps: CS flat, the target's page in the read TLB, its key in the entry's page; the cell. */
    static final int FETCH = 6, TLB = 7, PAGE = 8, KEYED = 9;
    /** A hop that cannot be made: to the leaving helper of its kind (the KIND local). */
    static final int FAIL = 10;
    /** The fault block (AT says where): after the hops' code, which may fault too (a CALL's push, a RET's read). */
    static final int FAULT = 11;
    /** Leaving through EXIT at the EIP the word says / at HOP_TARGET. */
    static final int EXIT_AT_WORD = 12, EXIT = 13;
    /** Leaving through BRANCH, CALL (to HOP_TARGET), RET. */
    static final int BRANCH = 14, CALL = 15, RET = 16;
    static final int KINDS = 17;
    /**
     * The leaving helper a hop that cannot be made falls back to (bit i of {@link #hopLeaves}; with more than one,
     * the KIND local says which, in FAIL's table).
     */
    static final int LEAVE_EXIT = 0, LEAVE_BRANCH = 1, LEAVE_CALL = 2, LEAVE_RET = 3;
    private static final int[] LEAVE_LABEL = {EXIT, BRANCH, CALL, RET};

    private final boolean[] open = new boolean[KINDS];
    /** The kinds some site or shared code branches to: only their code is written. */
    private final boolean[] used = new boolean[KINDS];
    private final int[] label = new int[KINDS];
    /** The fallbacks of the hops the function may make (bit LEAVE_...). */
    private int hopLeaves;

    /** The kinds {@code regions}' exits may use ({@code hops}: their exits may go on into other regions). */
    ExitBlocks(Region[] regions, boolean hops) {
        open[FAULT] = open[EXIT_AT_WORD] = open[EXIT] = true; // (2 bytes when unused: their code is not written)
        for (Region region : regions) {
            int[] internal = region.internalTargets();
            int entryOffset = region.physicalAddress() & 0xFFF;
            int n = region.instructions.size();
            for (int k = 0; k < n; k++) {
                Insn insn = region.instructions.get(k);
                switch (insn.kind) {
                    case Insn.JCC: case Insn.JMP:
                        if (internal[k] < 0) {
                            open[BRANCH] = true;
                            mayHop(hops, inPage(entryOffset, insn.target) ? PAGE_BRANCH : FETCH_BRANCH, LEAVE_BRANCH);
                        }
                        break;
                    case Insn.JMP_INDIRECT:
                        open[BRANCH] = true;
                        mayHop(hops, FETCH_BRANCH, LEAVE_BRANCH);
                        break;
                    case Insn.CALL: case Insn.CALL_INDIRECT:
                        open[CALL] = true;
                        mayHop(hops, FETCH_CALL, LEAVE_CALL);
                        break;
                    case Insn.RET:
                        open[RET] = true;
                        mayHop(hops, RET_HOP, LEAVE_RET);
                        break;
                    default:
                        break;
                }
            }
            if (endReached(region)) {
                mayHop(hops, inPage(entryOffset, region.bytes) ? PAGE_EXIT : FETCH_EXIT, LEAVE_EXIT);
            }
        }
        open[FETCH] = open[FETCH_EXIT] || open[FETCH_BRANCH] || open[FETCH_CALL];
        open[TLB] = open[FETCH] || open[RET_HOP];
        open[PAGE] = open[PAGE_EXIT] || open[PAGE_BRANCH];
        open[KEYED] = open[TLB] || open[PAGE];
        if (Integer.bitCount(hopLeaves) == 1) {
            // One fallback: no KIND to set, and a hop not made goes straight to its helper.
            open[PAGE_EXIT] = open[PAGE_BRANCH] = open[FETCH_EXIT] = open[FETCH_BRANCH] = open[FETCH_CALL] = false;
        } else {
            open[FAIL] = open[KEYED];
        }
    }

    private void mayHop(boolean hops, int entry, int leave) {
        if (hops) {
            open[entry] = true;
            hopLeaves |= 1 << leave;
        }
    }

    /** True unless the region's last instruction always leaves it (then no path reaches its end). */
    private static boolean endReached(Region region) {
        int kind = region.instructions.get(region.instructions.size() - 1).kind;
        return kind != Insn.JMP && kind != Insn.JMP_INDIRECT && kind != Insn.CALL && kind != Insn.CALL_INDIRECT
                && kind != Insn.RET;
    }

    /** True if the hops may fall back to more than one helper: the KIND local says which. */
    boolean hopKinds() {
        return open[FAIL];
    }

    /** True if some hop may fall back to helper {@code leave} (the CALL's push, the RET's ESP are written). */
    boolean hopsTo(int leave) {
        return (hopLeaves & 1 << leave) != 0;
    }

    /**
     * Where a hop that falls back to helper {@code leave} branches, entering at {@code entry} (PAGE_EXIT,
     * PAGE_BRANCH, FETCH_EXIT, FETCH_BRANCH, FETCH_CALL, RET_HOP): its stub, which sets KIND, or with one fallback
     * the step after.
     */
    int hopLabel(int entry) {
        if (open[FAIL] || entry == RET_HOP) {
            return label(entry);
        }
        return label(entry == PAGE_EXIT || entry == PAGE_BRANCH ? PAGE : FETCH);
    }

    /** Where a hop that cannot be made goes: FAIL, or with one fallback its helper's code. */
    int failLabel() {
        return open[FAIL] ? label(FAIL) : label(LEAVE_LABEL[Integer.numberOfTrailingZeros(hopLeaves)]);
    }

    /** True if EIP delta {@code d} from an entry at page offset {@code entryOffset} is in the entry's page. */
    static boolean inPage(int entryOffset, int d) {
        int offset = entryOffset + d;
        return offset >= 0 && offset < 4096;
    }

    /** Opens the blocks, the last kind's outermost. */
    void open(WasmCode code) {
        for (int kind = KINDS - 1; kind >= 0; kind--) {
            if (open[kind]) {
                label[kind] = code.block();
            }
        }
    }

    boolean isOpen(int kind) {
        return open[kind];
    }

    /** True if something branches to {@code kind}'s label or falls through into its code. */
    boolean isUsed(int kind) {
        return used[kind];
    }

    /** The label of {@code kind}'s block (its end leads to the kind's code, which is then written). */
    int label(int kind) {
        if (!open[kind]) {
            throw new IllegalStateException("exit block " + kind + " was not opened");
        }
        used[kind] = true;
        return label[kind];
    }

    /** The code being written falls through into {@code kind}'s (the next open one). */
    void fallInto(int kind) {
        label(kind);
    }
}
