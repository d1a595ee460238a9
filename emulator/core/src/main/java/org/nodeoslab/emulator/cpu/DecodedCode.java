package org.nodeoslab.emulator.cpu;

import org.nodeoslab.emulator.bus.MemoryStorage;
import org.nodeoslab.emulator.bus.PhysicalMemory;

/**
 * The pre-decoded instruction cache: for an instruction starting at a physical address, what the decoder found
 * up to its immediate (prefixes, opcode, ModRM, the form of the memory operand and its displacement), so running
 * it again skips prefix, ModRM, SIB and displacement decoding and the table look-ups. Immediates are still read
 * from the code page when the instruction runs (they are not part of the entry).
 *
 * <p>Direct-mapped on the low bits of the physical address (2K slots per MiB of RAM, in two tables of four and
 * three ints a slot: 28 MiB for 512 MiB; no allocation after construction): consecutive instructions use consecutive slots, and only
 * instructions whose addresses are equal modulo the slot count evict each other. An entry is made only for an instruction whose
 * decoded bytes lie in one 4 KiB page (and inside the CS limit); it is valid for the default operand size of the
 * code segment it was decoded under, which is bit 31 of its tag ({@link #TAG_CS32}).
 *
 * <p>Exactness under self-modifying and cross-modifying code: decoding an instruction flags its physical page in
 * the code-page flags of the {@link MemoryStorage} and the 128-byte lines its decoded bytes start and end in
 * ({@link #codeLines}, as Bochs does); every write to a flagged page, whatever linear address it went through and whoever made it (the
 * CPU's fast path, REP MOVS/STOS in bulk, a device, a loader), calls {@link #codeWritten}, which drops the entries
 * of the lines written (and of the line before, where an entry reaching into them may start) before the next
 * instruction is looked up. Data written next to code in the same page costs a call, not a re-decode. The cache is not machine
 * state: a saved state does not contain it and a restored one starts with it empty.
 *
 * <p>Entry layout (also the input of a later compiler's front end): {@code [tag, word, form, displacement]} in
 * {@link #entries}, and for {@link FastForms#run} alone {@code [tag | handler | whole length, operands, value]} in
 * {@link #fast}: every instruction run loads its slot from a table far larger than the host's caches, and that
 * load was the hottest spot of the interpreter (perf in Chromium; 31% of a JVM node -e's samples with one table of
 * five ints a slot, 17-26% with FastForms' own of three), so the loop reads 12 bytes a slot, all it needs. The operands
 * int packs the ModRM, the opcode's low bits and the memory operand (see {@link #F_OP_SHIFT} and the fields
 * after it); the value is the displacement of a memory operand, else the immediate (an instruction with both
 * keeps both in it when they fit 16 bits each, else reads its immediate from the page). For an entry without a
 * handler the fast slot holds the word and form instead, so the general path reads the other table only for a
 * displacement.
 * The tag is the physical address, with {@link #TAG_CS32} for 32-bit code segments (-1 when empty; a fast
 * tag keeps only the address's bits above the slot index, with the handler and whole length below them). {@code word} packs the opcode index (0x000-0x0FF one-byte map,
 * 0x100-0x1FF the 0F map), the ModRM byte, the length of the decoded bytes and the prefix state (see the
 * constants). {@code form} describes the memory operand: base and index register (8 = none), scale, the segment
 * it uses after overrides, and the segment override itself, and names the {@link FastForms} handler, if any. For
 * an entry with a handler, the immediate (sign-extended) is in its fast slot. The length in {@code word} stops
 * before the immediate (the general path reads it from the page when the instruction runs); {@code form} also
 * holds the bytes the entry needs in its page: the whole instruction for an entry with a handler. A form with a handler may be kept in its equivalent encoding (see FastForms), which
 * has the same immediate at the same place, so the general path runs any entry.
 */
final class DecodedCode implements PhysicalMemory.CodeWatcher {
    /**
     * Slots per MiB of RAM, between {@link #MIN_SLOTS} and {@link #MAX_SLOTS}: a cold {@code node -e} on 512 MiB runs
     * about 0.5M distinct instructions, which 2^18 slots missed 6.9M times by conflict, 2^19 3.3M, 2^20 1.8M.
     */
    private static final int SLOTS_PER_MIB = 1 << 11;
    private static final int MIN_SLOTS = 1 << 16, MAX_SLOTS = 1 << 20;
    /** In a tag: decoded with a 32-bit default operand and address size (RAM is below 2 GiB). */
    static final int TAG_CS32 = 1 << 31;

    // ---- word ----------------------------------------------------------------------------------------------
    static final int INDEX_MASK = 0x1FF;
    static final int MODRM_SHIFT = 9;
    static final int LENGTH_SHIFT = 17;
    /** The most bytes an entry may cover (the length field is 4 bits). */
    static final int MAX_LENGTH = 15;
    static final int O32 = 1 << 21;
    static final int A32 = 1 << 22;
    /** Any of 66, 67, a segment override, REP/REPNE: the decode state differs from the mode's defaults. */
    static final int PREFIXED = 1 << 23;
    static final int REP_SHIFT = 24;
    static final int PREFIX66 = 1 << 26;
    static final int LOCK = 1 << 27;
    /** The attribute check is not the plain "defined" case (LOCK, protected-mode only...): run it again. */
    static final int CHECK = 1 << 28;
    static final int HAS_MEMORY_OPERAND = 1 << 29;
    /** The instruction belongs to cpu.fpu's SIMD part of the 0F map. */
    static final int SIMD = 1 << 30;

    // ---- form ----------------------------------------------------------------------------------------------
    static final int NO_REGISTER = 8;
    static final int INDEX_SHIFT = 4;
    static final int SCALE_SHIFT = 8;
    static final int SEGMENT_SHIFT = 10;
    /** Segment override + 1 (0 = none). */
    static final int OVERRIDE_SHIFT = 13;
    /** The {@link FastForms} handler (8 bits; 0 = the general one). */
    static final int FAST_SHIFT = 16;
    static final int FAST_MASK = 0xFF;
    /**
     * The instruction's whole length, its immediate included (4 bits): the bytes that must lie in the page and CS
     * limit for the entry to be used, and where a FastForms handler leaves EIP.
     */
    static final int FULL_LENGTH_SHIFT = 24;
    /** Ints per slot. */
    static final int SLOT_INTS = 4;

    // ---- The FastForms table: three ints a slot, {tag, operands, value} --------------------------------------
    /** Ints per slot of {@link #fast}. */
    static final int FAST_INTS = 3;
    /**
     * In a fast tag: the handler (bits 0-7), the whole length (bits 8-11) and {@link #FAST_JIT_ENTRY} below the
     * physical address's high bits (at least 2^16 slots: bits 12-15 are free).
     */
    static final int FAST_TAG_LOW = 0x1FFF;
    static final int FAST_LENGTH_SHIFT = 8;
    /**
     * In a fast tag: compiled code may start at this entry (set by cpu.jit when a look-up found a region there, lost
     * when the entry is decoded again), so {@link FastForms#run} has the run loop look it up at a branch (see
     * {@link org.nodeoslab.emulator.cpu.jit.JitConfig#lookupSampling}).
     */
    static final int FAST_JIT_ENTRY = 1 << 12;
    // Operands: the ModRM (bits 0-7), then these fields.
    /** The opcode's low four bits (the register of B8+r, 50+r..., the condition of Jcc, SETcc, CMOVcc). */
    static final int F_OP_SHIFT = 8;
    static final int F_BASE_SHIFT = 12;
    static final int F_INDEX_SHIFT = 16;
    static final int F_SCALE_SHIFT = 20;
    /** The memory operand's segment after overrides (a moffs form's too). */
    static final int F_SEGMENT_SHIFT = 22;
    /** A memory operand: the value is its displacement, and an immediate, if any, is beside it or in the code. */
    static final int F_MEMORY = 1 << 25;
    /**
     * With {@link #F_MEMORY}: where the immediate is (0 none, 1 a byte in the page, 2 the value's low half with the
     * displacement in its high half, 3 a dword in the page).
     */
    static final int F_CODE_IMMEDIATE_SHIFT = 26;
    /** The opcode's bits 4-7 (the MMX/SSE handlers' second opcode byte), in the top four bits. */
    static final int F_OP_HIGH_SHIFT = 28;

    private static final int LINE_SHIFT = 7;

    /** Slots - 1 (a power of two): direct-mapped on the physical address's low bits. */
    final int mask;
    /** {tag, word, form, displacement} per slot. */
    final int[] entries;
    /**
     * {tag | handler | whole length, operands, value} per slot, for {@link FastForms#run} (see the class comment);
     * {tag | 0 | whole length, word, form} for an entry without a handler. The same slots as {@link #entries},
     * written and dropped with them.
     */
    final int[] fast;
    /** The code-page flags are its. */
    private final MemoryStorage storage;
    /** Per page of RAM: bit n set when an entry's decoded bytes start or end in the page's 128-byte line n. */
    private final int[] codeLines;

    /** Compiled code built from these entries (cpu.jit), told of every write this cache sees; or null. */
    PhysicalMemory.CodeWatcher compiledCode;
    /**
     * Entries stored, and of those, how many took a slot holding another address's entry (a conflict: that one is
     * decoded again when it runs next), for bench tools (JitBridge's trip counters; a warm node -e on the JVM
     * decoded 1.57M times, 1.56M of them conflicts, for 628K distinct instructions).
     */
    long decodes, conflicts;

    DecodedCode(PhysicalMemory memory) {
        this.storage = memory.storage();
        this.codeLines = new int[storage.pages()];
        int wanted = (storage.pages() >>> 8) * SLOTS_PER_MIB;
        int slots = Integer.highestOneBit(Math.max(MIN_SLOTS, Math.min(MAX_SLOTS, wanted)));
        this.mask = slots - 1;
        this.entries = new int[slots * SLOT_INTS];
        this.fast = new int[slots * FAST_INTS];
        clear();
        memory.setCodeWatcher(this);
    }

    int slot(int physicalAddress) {
        return slot(physicalAddress, mask);
    }

    /** The first int of the slot of {@code physicalAddress} in a table of {@code mask} + 1 slots. */
    static int slot(int physicalAddress, int mask) {
        return (physicalAddress & mask) * SLOT_INTS;
    }

    static int rep(int word) {
        switch (word >>> REP_SHIFT & 3) {
            case 1: return 0xF2;
            case 2: return 0xF3;
            default: return 0;
        }
    }

    static int repCode(int repByte) {
        return repByte == 0xF2 ? 1 : repByte == 0xF3 ? 2 : 0;
    }

    /**
     * Stores an entry and flags its page, so a write to the page drops it. {@code operands} and {@code value} are
     * its {@link #fast} slot's (see {@link FastForms#operands}); the handler and whole length come from {@code form}.
     */
    void remember(int physicalAddress, int modeTag, int word, int form, int displacement, int operands, int value) {
        int s = slot(physicalAddress);
        decodes++;
        if (entries[s] != -1 && entries[s] != (physicalAddress | modeTag)) {
            conflicts++;
        }
        entries[s] = physicalAddress | modeTag;
        entries[s + 1] = word;
        entries[s + 2] = form;
        entries[s + 3] = displacement;
        int f = (physicalAddress & mask) * FAST_INTS;
        fast[f] = (physicalAddress & ~mask) | modeTag | (form >>> FULL_LENGTH_SHIFT & 15) << FAST_LENGTH_SHIFT
                | (form >>> FAST_SHIFT & FAST_MASK);
        boolean handler = (form >>> FAST_SHIFT & FAST_MASK) != 0;
        fast[f + 1] = handler ? operands : word;
        fast[f + 2] = handler ? value : form;
        int page = physicalAddress >>> 12;
        int last = physicalAddress + (form >>> FULL_LENGTH_SHIFT) - 1; // in the same page (see the class comment)
        codeLines[page] |= 1 << (physicalAddress >>> LINE_SHIFT & 31) | 1 << (last >>> LINE_SHIFT & 31);
        storage.setCodePage(page, 1);
    }

    /**
     * Marks the entry at {@code physicalAddress} decoded in mode {@code modeTag}, if this slot holds it, as where
     * compiled code starts ({@link #FAST_JIT_ENTRY}).
     */
    void markJitEntry(int physicalAddress, int modeTag) {
        int f = (physicalAddress & mask) * FAST_INTS;
        int tag = fast[f];
        if ((tag & ~FAST_TAG_LOW) == ((physicalAddress & ~mask) | modeTag)) {
            fast[f] = tag | FAST_JIT_ENTRY;
        }
    }

    @Override
    public void codeWritten(int physicalAddress, int length) {
        int page = physicalAddress >>> 12;
        int first = physicalAddress >>> LINE_SHIFT & 31;
        int last = (physicalAddress + length - 1) >>> LINE_SHIFT & 31;
        int written = (-1 >>> (31 - last)) & (-1 << first);
        int lines = codeLines[page];
        if ((lines & written) == 0) {
            return;
        }
        // An entry is at most 15 bytes long, so one reaching into line `first` starts there or in the line before.
        int base = page << 12;
        int from = base + (Math.max(first - 1, 0) << LINE_SHIFT);
        int to = base + ((last + 1) << LINE_SHIFT); // last = 31 ends at the next page: an addition, not an OR
        int[] e = entries;
        for (int a = from; a < to; a++) {
            int s = slot(a);
            if ((e[s] & ~TAG_CS32) == a) {
                e[s] = -1;
                fast[(a & mask) * FAST_INTS] = -1;
            }
        }
        // Every entry touching the written lines is gone; the line before keeps its bit (entries may end there).
        lines &= ~written;
        codeLines[page] = lines;
        if (lines == 0) {
            storage.setCodePage(page, 0);
        }
        if (compiledCode != null) {
            compiledCode.codeWritten(physicalAddress, length); // it watches again what it keeps
        }
    }

    /**
     * Flags the 128-byte lines of [physicalAddress, physicalAddress + length) (one page) as holding code, so a
     * write to any of their bytes reaches {@link #codeWritten}: compiled code also depends on immediates, which
     * entries do not cover.
     */
    void watch(int physicalAddress, int length) {
        int page = physicalAddress >>> 12;
        int first = physicalAddress >>> LINE_SHIFT & 31;
        int last = (physicalAddress + length - 1) >>> LINE_SHIFT & 31;
        codeLines[page] |= (-1 >>> (31 - last)) & (-1 << first);
        storage.setCodePage(page, 1);
    }

    @Override
    public void allCodeWritten() {
        clear();
        if (compiledCode != null) {
            compiledCode.allCodeWritten();
        }
    }

    private void clear() {
        for (int s = 0; s < entries.length; s += SLOT_INTS) {
            entries[s] = -1;
        }
        for (int f = 0; f < fast.length; f += FAST_INTS) {
            fast[f] = -1;
        }
        java.util.Arrays.fill(codeLines, 0);
        storage.clearCodePages();
    }
}
