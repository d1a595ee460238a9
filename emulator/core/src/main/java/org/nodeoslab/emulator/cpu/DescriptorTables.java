package org.nodeoslab.emulator.cpu;

/** Reads GDT/LDT entries for a selector and writes back accessed and busy bits (as supervisor accesses). */
final class DescriptorTables {
    private final Cpu cpu;

    DescriptorTables(Cpu cpu) {
        this.cpu = cpu;
    }

    /**
     * Reads the descriptor the selector names (GDT, or LDT when TI is set) into {@code into}; false when the
     * index is outside the table's limit (or the LDT is null), which callers turn into their own fault.
     */
    boolean read(int selector, Descriptor into) {
        int index = selector & 0xFFF8;
        int base;
        int limit;
        if ((selector & 4) != 0) {
            if ((cpu.ldtrSelector & 0xFFFC) == 0) {
                return false;
            }
            base = cpu.ldtrBase;
            limit = cpu.ldtrLimit;
        } else {
            base = cpu.gdtrBase;
            limit = cpu.gdtrLimit;
        }
        if (Integer.compareUnsigned(index + 7, limit) > 0) {
            return false;
        }
        into.selector = selector & 0xFFFF;
        into.address = base + index;
        into.lo = cpu.mmu.readSupervisor32(into.address);
        into.hi = cpu.mmu.readSupervisor32(into.address + 4);
        return true;
    }

    /** Reads the descriptor or throws the given fault with the selector (RPL cleared) as error code. */
    void readOrFault(int selector, Descriptor into, int vector) {
        if (!read(selector, into)) {
            throw CpuFault.withCode(vector, selector & 0xFFFC);
        }
    }

    /** Sets the accessed bit of a code/data descriptor in memory (and in the copy) if it is not set yet. */
    void setAccessed(Descriptor d) {
        if ((d.hi & 0x100) == 0) {
            d.hi |= 0x100;
            cpu.mmu.writeSupervisor8(d.address + 5, d.hi >>> 8);
        }
    }

    /** Sets or clears the busy bit of a TSS descriptor in memory (and in the copy). */
    void setBusy(Descriptor d, boolean busy) {
        d.hi = busy ? d.hi | 0x200 : d.hi & ~0x200;
        cpu.mmu.writeSupervisor8(d.address + 5, d.hi >>> 8);
    }
}
