package org.nodeoslab.emulator.cpu;

/**
 * One 8-byte GDT/LDT/IDT entry as read from memory, with accessors for the fields of segment descriptors,
 * system descriptors (LDT, TSS) and gates. Mutable and reused so that segment loads allocate nothing.
 */
final class Descriptor {
    // System descriptor and gate types (bits 8..11 of the high dword, S = 0).
    static final int TSS16_AVAILABLE = 1, LDT = 2, TSS16_BUSY = 3, CALL_GATE16 = 4, TASK_GATE = 5,
            INTERRUPT_GATE16 = 6, TRAP_GATE16 = 7, TSS32_AVAILABLE = 9, TSS32_BUSY = 11, CALL_GATE32 = 12,
            INTERRUPT_GATE32 = 14, TRAP_GATE32 = 15;

    int selector;
    int lo;
    int hi;
    /** Linear address of the entry, for setting its accessed or busy bit. */
    int address;

    int base() {
        return (lo >>> 16) | (hi & 0xFF) << 16 | (hi & 0xFF000000);
    }

    /** Limit in bytes (scaled by the granularity bit). */
    int limit() {
        int raw = (lo & 0xFFFF) | (hi & 0xF0000);
        return (hi & 0x800000) != 0 ? raw << 12 | 0xFFF : raw;
    }

    /** The attribute bits kept in {@code Cpu.segAccess}: bits 8..23 of the high dword, in place. */
    int access() {
        return hi & 0x00F0FF00;
    }

    int type() {
        return (hi >>> 8) & 0xF;
    }

    int dpl() {
        return (hi >>> 13) & 3;
    }

    boolean present() {
        return (hi & 0x8000) != 0;
    }

    /** S bit clear: an LDT, TSS or gate rather than a code or data segment. */
    boolean isSystem() {
        return (hi & 0x1000) == 0;
    }

    boolean isCode() {
        return (hi & 0x1800) == 0x1800;
    }

    boolean isData() {
        return (hi & 0x1800) == 0x1000;
    }

    boolean isConformingCode() {
        return (hi & 0x1C00) == 0x1C00;
    }

    /** Code segment with the readable bit, or any data segment. */
    boolean isReadable() {
        return isData() || (isCode() && (hi & 0x200) != 0);
    }

    boolean isWritableData() {
        return (hi & 0x1A00) == 0x1200;
    }

    /** D/B bit: 32-bit code segment or 32-bit stack. */
    boolean big() {
        return (hi & 0x400000) != 0;
    }

    /** Selector field of a gate. */
    int gateSelector() {
        return lo >>> 16;
    }

    /** Offset field of a gate (a 286 gate only has the low 16 bits). */
    int gateOffset() {
        return (type() & 8) != 0 ? (lo & 0xFFFF) | (hi & 0xFFFF0000) : lo & 0xFFFF;
    }

    /** Parameter count of a call gate. */
    int gateParameterCount() {
        return hi & 0x1F;
    }
}
