package org.nodeoslab.emulator.cpu;

import org.nodeoslab.emulator.bus.MemoryStorage;
import org.nodeoslab.emulator.bus.PhysicalMemory;

/**
 * Linear memory access: paging (32-bit with PSE 4 MiB pages, PAE with 2 MiB pages, PGE global pages, CR0.WP,
 * accessed/dirty bits, user/supervisor and read/write checks, #PF with error code and CR2) behind a TLB.
 *
 * <p>The TLB is the fast path: two arrays indexed by virtual page number (the read and write TLB of the machine's
 * {@link MemoryStorage}: Java arrays on the JVM, linear memory in the browser) hold, for pages that are plain RAM,
 * {@code linearPage ^ physicalPage} in the high 20 bits and in the low bits which privilege may use the entry. A RAM
 * access is one TLB load, a flag test and one access to the storage's RAM;
 * everything else (first touch of a page, MMIO, page-crossing accesses, faults) takes the slow path, which walks
 * the page tables and refills the entry. Entries are only ever created by a walk that already set the accessed
 * bit (and, for the write array, the dirty bit), so fast-path hits never need to touch the page tables.
 *
 * <p>The "user" accessors check against the current privilege (CPL 3 = user); the {@code *Supervisor*} variants
 * are for implicit supervisor accesses (descriptor tables, TSS, IDT) whatever the CPL.
 */
public final class Mmu {
    /** Entry may be used by a supervisor access (CPL 0-2 or an implicit system access). */
    private static final int OK_SUPERVISOR = 1;
    /** Entry may be used by a CPL 3 access. */
    private static final int OK_USER = 2;
    /** The mapping is global (PTE.G with CR4.PGE): it survives CR3 writes. */
    private static final int GLOBAL = 4;

    private static final int PAGES = 1 << 20;
    /**
     * How many filled pages we remember for cheap flushes before falling back to scanning the whole TLB: 256 MiB
     * worth, so that a CR3 write after a large process ran clears a list rather than scanning a million entries.
     */
    private static final int TRACKED = 1 << 16;

    private static final int PTE_P = 1, PTE_RW = 2, PTE_US = 4, PTE_A = 0x20, PTE_D = 0x40, PTE_PS = 0x80,
            PTE_G = 0x100;
    private static final int PF_PRESENT = 1, PF_WRITE = 2, PF_USER = 4, PF_RESERVED = 8;

    private final Cpu cpu;
    private final PhysicalMemory memory;
    /**
     * RAM, the two TLBs and the code-page flags (a fast-path write to a page flagged there drops its decoded code).
     * A new storage's TLBs are empty.
     */
    private final MemoryStorage storage;
    /** Virtual pages with non-global entries (for CR3 flushes) and with global ones (for full flushes). */
    private final int[] trackedLocal = new int[TRACKED];
    private final int[] trackedGlobal = new int[TRACKED];
    private int trackedLocalCount, trackedGlobalCount;
    private boolean localOverflow, globalOverflow;

    /** PAE page-directory-pointer table entries (low dwords), loaded on CR3 writes in PAE mode as a real CPU does. */
    private final int[] pdpte = new int[4];

    /**
     * Incremented by every flush and INVLPG, so a caller that caches translations can tell (the executor's fetch
     * window is also told directly through {@code cpu.invalidateFetch()}).
     */
    public int tlbGeneration;

    public Mmu(Cpu cpu) {
        this.cpu = cpu;
        this.memory = cpu.memory;
        this.storage = cpu.memory.storage();
    }

    /**
     * OK_USER at CPL 3, else OK_SUPERVISOR, without a branch: C2 compiled {@code cpl == 3 ? ...} as a trap on the
     * side a boot had not yet taken, so the kernel's first jump to user mode deoptimized every compiled method
     * that inlines an access (FastForms.run, Executor.step, read32, write32, JitBridge.enter...) at once.
     */
    private int privilegeBit() {
        return OK_SUPERVISOR + ((cpu.cpl + 1) >> 2); // (cpl + 1) >> 2 is 1 at CPL 3 only
    }

    // For compiled code, which repeats the fast paths below inline (JitBridge).

    int currentPrivilegeBit() {
        return privilegeBit();
    }

    // ---- Reads --------------------------------------------------------------------------------------------

    public int read8(int linear) {
        return read8(linear, privilegeBit());
    }

    public int read16(int linear) {
        return read16(linear, privilegeBit());
    }

    public int read32(int linear) {
        return read32(linear, privilegeBit());
    }

    public int readSupervisor8(int linear) {
        return read8(linear, OK_SUPERVISOR);
    }

    public int readSupervisor16(int linear) {
        return read16(linear, OK_SUPERVISOR);
    }

    public int readSupervisor32(int linear) {
        return read32(linear, OK_SUPERVISOR);
    }

    private int read8(int linear, int bit) {
        int e = storage.readTlb(linear >>> 12);
        if ((e & bit) != 0) {
            return storage.read8((e & ~0xFFF) ^ linear);
        }
        return memory.read8(translate(linear, false, bit == OK_USER));
    }

    private int read16(int linear, int bit) {
        int e = storage.readTlb(linear >>> 12);
        if ((e & bit) != 0 && (linear & 0xFFF) != 0xFFF) {
            return storage.read16((e & ~0xFFF) ^ linear);
        }
        return readSlow(linear, 2, bit == OK_USER);
    }

    private int read32(int linear, int bit) {
        int e = storage.readTlb(linear >>> 12);
        if ((e & bit) != 0 && (linear & 0xFFF) <= 0xFFC) {
            return storage.read32((e & ~0xFFF) ^ linear);
        }
        return readSlow(linear, 4, bit == OK_USER);
    }

    private int readSlow(int linear, int size, boolean user) {
        int first = translate(linear, false, user);
        if (((linear & 0xFFF) + size) <= 0x1000) {
            return size == 2 ? memory.read16(first) : memory.read32(first);
        }
        // Crossing into the next page: both translations must succeed before any byte is used.
        int second = translate((linear | 0xFFF) + 1, false, user);
        int value = 0;
        for (int i = 0; i < size; i++) {
            int lin = linear + i;
            int phys = ((lin ^ linear) & ~0xFFF) == 0 ? first + i : second + ((lin & 0xFFF));
            value |= memory.read8(phys) << (8 * i);
        }
        return value;
    }

    // ---- Writes -------------------------------------------------------------------------------------------

    public void write8(int linear, int value) {
        write8(linear, value, privilegeBit());
    }

    public void write16(int linear, int value) {
        write16(linear, value, privilegeBit());
    }

    public void write32(int linear, int value) {
        write32(linear, value, privilegeBit());
    }

    public void writeSupervisor8(int linear, int value) {
        write8(linear, value, OK_SUPERVISOR);
    }

    public void writeSupervisor16(int linear, int value) {
        write16(linear, value, OK_SUPERVISOR);
    }

    public void writeSupervisor32(int linear, int value) {
        write32(linear, value, OK_SUPERVISOR);
    }

    private void write8(int linear, int value, int bit) {
        int e = storage.writeTlb(linear >>> 12);
        if ((e & bit) != 0) {
            int a = (e & ~0xFFF) ^ linear;
            storage.write8(a, value);
            if (storage.codePage(a >>> 12) != 0) {
                memory.codeWritten(a, 1);
            }
            return;
        }
        memory.write8(translate(linear, true, bit == OK_USER), value);
    }

    private void write16(int linear, int value, int bit) {
        int e = storage.writeTlb(linear >>> 12);
        if ((e & bit) != 0 && (linear & 0xFFF) != 0xFFF) {
            int a = (e & ~0xFFF) ^ linear;
            storage.write16(a, value);
            if (storage.codePage(a >>> 12) != 0) {
                memory.codeWritten(a, 2);
            }
            return;
        }
        writeSlow(linear, 2, value, bit == OK_USER);
    }

    private void write32(int linear, int value, int bit) {
        int e = storage.writeTlb(linear >>> 12);
        if ((e & bit) != 0 && (linear & 0xFFF) <= 0xFFC) {
            int a = (e & ~0xFFF) ^ linear;
            storage.write32(a, value);
            if (storage.codePage(a >>> 12) != 0) {
                memory.codeWritten(a, 4);
            }
            return;
        }
        writeSlow(linear, 4, value, bit == OK_USER);
    }

    private void writeSlow(int linear, int size, int value, boolean user) {
        int first = translate(linear, true, user);
        if (((linear & 0xFFF) + size) <= 0x1000) {
            if (size == 2) {
                memory.write16(first, value);
            } else {
                memory.write32(first, value);
            }
            return;
        }
        // Both pages are checked (and may fault) before the first byte is written.
        int second = translate((linear | 0xFFF) + 1, true, user);
        for (int i = 0; i < size; i++) {
            int lin = linear + i;
            int phys = ((lin ^ linear) & ~0xFFF) == 0 ? first + i : second + (lin & 0xFFF);
            memory.write8(phys, value >>> (8 * i));
        }
    }

    /**
     * Faults now (with the current privilege) if any byte of [linear, linear+length) could not be written. Pages
     * the write TLB holds for this privilege need no walk (SSE and x87 stores probe every time: 3.7M walks in a
     * node -e when they always walked).
     */
    public void checkWrite(int linear, int length) {
        int bit = privilegeBit();
        int last = linear + length - 1;
        if ((storage.writeTlb(linear >>> 12) & storage.writeTlb(last >>> 12) & bit) != 0) {
            return;
        }
        boolean user = cpu.cpl == 3;
        translate(linear, true, user);
        if (((last ^ linear) & ~0xFFF) != 0) {
            translate(last, true, user);
        }
    }

    /**
     * The host offset (byte address in the storage's RAM) of a linear address read with the current privilege, or -1 when the
     * page is not plain RAM (MMIO, beyond RAM). Faults like a read. For callers that cache a page (code fetch);
     * they must drop the cache when {@link #tlbGeneration} changes.
     */
    public int ramOffsetForRead(int linear) {
        return ramOffset(linear, false);
    }

    /** As {@link #ramOffsetForRead}, for a write (a walk sets the dirty bit and faults like a write). */
    public int ramOffsetForWrite(int linear) {
        return ramOffset(linear, true);
    }

    private int ramOffset(int linear, boolean write) {
        int page = linear >>> 12;
        int e = write ? storage.writeTlb(page) : storage.readTlb(page);
        if ((e & privilegeBit()) != 0) {
            return (e & ~0xFFF) ^ linear;
        }
        int phys = translate(linear, write, cpu.cpl == 3);
        return memory.isPlainRam(phys) && memory.isA20Enabled() ? phys : -1;
    }

    /**
     * As {@link #ramOffsetForRead}, but only from the TLB: -1 when the page has no entry for the current privilege
     * (no page walk, so no fault and no accessed bit: for a caller that only looks).
     */
    public int cachedRamOffsetForRead(int linear) {
        int e = storage.readTlb(linear >>> 12);
        return (e & privilegeBit()) != 0 ? (e & ~0xFFF) ^ linear : -1;
    }

    // ---- Translation --------------------------------------------------------------------------------------

    /**
     * Translates a linear address to physical for an access of the given kind, setting accessed/dirty bits and
     * filling the TLB. Throws #PF (setting CR2) when the access is not allowed.
     */
    public int translate(int linear, boolean write, boolean user) {
        if ((cpu.cr0 & Cpu.CR0_PG) == 0) {
            fill(linear, linear, PTE_US | PTE_RW, true);
            return linear;
        }
        return (cpu.cr4 & Cpu.CR4_PAE) != 0 ? walkPae(linear, write, user) : walk32(linear, write, user);
    }

    private int walk32(int linear, boolean write, boolean user) {
        int pdeAddress = (cpu.cr3 & 0xFFFFF000) | ((linear >>> 22) << 2);
        int pde = memory.read32(pdeAddress);
        if ((pde & PTE_P) == 0) {
            throw pageFault(linear, 0, write, user);
        }
        if ((pde & PTE_PS) != 0 && (cpu.cr4 & Cpu.CR4_PSE) != 0) {
            checkRights(linear, pde, write, user);
            markLeaf(pdeAddress, pde, write);
            // PDE bits 13..16 would be physical address bits 32..35 (PSE-36): such a page is beyond our RAM.
            int phys = (pde & 0x1E000) != 0 ? 0xFFFFF000 | (linear & 0xFFF) : (pde & 0xFFC00000) | (linear & 0x3FFFFF);
            fill(linear, phys, pde, write);
            return phys;
        }
        int pteAddress = (pde & 0xFFFFF000) | ((linear >>> 10) & 0xFFC);
        int pte = memory.read32(pteAddress);
        if ((pte & PTE_P) == 0) {
            throw pageFault(linear, 0, write, user);
        }
        int combined = pde & pte | (pte & PTE_G);
        checkRights(linear, combined, write, user);
        if ((pde & PTE_A) == 0) {
            memory.write32(pdeAddress, pde | PTE_A);
        }
        markLeaf(pteAddress, pte, write);
        int phys = (pte & 0xFFFFF000) | (linear & 0xFFF);
        fill(linear, phys, combined, write);
        return phys;
    }

    private int walkPae(int linear, boolean write, boolean user) {
        int pdpt = pdpte[linear >>> 30];
        if ((pdpt & PTE_P) == 0) {
            throw pageFault(linear, 0, write, user);
        }
        int pdeAddress = (pdpt & 0xFFFFF000) | ((linear >>> 18) & 0xFF8);
        int pde = memory.read32(pdeAddress);
        if ((pde & PTE_P) == 0) {
            throw pageFault(linear, 0, write, user);
        }
        int pdeHigh = memory.read32(pdeAddress + 4);
        if ((pdeHigh & 0xFFFFFFF0) != 0) {
            // Bits 36..63: above MAXPHYADDR or XD, which we do not offer (EFER.NXE is off).
            throw pageFault(linear, PF_RESERVED | PF_PRESENT, write, user);
        }
        if ((pde & PTE_PS) != 0) {
            if ((pde & 0x1FE000) != 0) {
                throw pageFault(linear, PF_RESERVED | PF_PRESENT, write, user);
            }
            checkRights(linear, pde, write, user);
            markLeaf(pdeAddress, pde, write);
            int phys = pdeHigh != 0 ? 0xFFFFF000 | (linear & 0xFFF) : (pde & 0xFFE00000) | (linear & 0x1FFFFF);
            fill(linear, phys, pde, write);
            return phys;
        }
        int pteAddress = (pde & 0xFFFFF000) | ((linear >>> 9) & 0xFF8);
        int pte = memory.read32(pteAddress);
        if ((pte & PTE_P) == 0) {
            throw pageFault(linear, 0, write, user);
        }
        int pteHigh = memory.read32(pteAddress + 4);
        if ((pteHigh & 0xFFFFFFF0) != 0) {
            throw pageFault(linear, PF_RESERVED | PF_PRESENT, write, user);
        }
        int combined = pde & pte | (pte & PTE_G);
        checkRights(linear, combined, write, user);
        if ((pde & PTE_A) == 0) {
            memory.write32(pdeAddress, pde | PTE_A);
        }
        markLeaf(pteAddress, pte, write);
        int phys = pteHigh != 0 ? 0xFFFFF000 | (linear & 0xFFF) : (pte & 0xFFFFF000) | (linear & 0xFFF);
        fill(linear, phys, combined, write);
        return phys;
    }

    /** Checks the combined U/S and R/W bits of a present translation; #PF on a protection violation. */
    private void checkRights(int linear, int combined, boolean write, boolean user) {
        if (user && (combined & PTE_US) == 0) {
            throw pageFault(linear, PF_PRESENT, write, user);
        }
        if (write && (combined & PTE_RW) == 0 && (user || (cpu.cr0 & Cpu.CR0_WP) != 0)) {
            throw pageFault(linear, PF_PRESENT, write, user);
        }
    }

    /** Sets the accessed bit, and the dirty bit for a write, in the entry that maps the page. */
    private void markLeaf(int address, int entry, boolean write) {
        int updated = entry | PTE_A | (write ? PTE_D : 0);
        if (updated != entry) {
            memory.write32(address, updated);
        }
    }

    private CpuFault pageFault(int linear, int code, boolean write, boolean user) {
        cpu.cr2 = linear;
        return CpuFault.withCode(CpuFault.PF, code | (write ? PF_WRITE : 0) | (user ? PF_USER : 0));
    }

    /**
     * Caches a successful translation of a plain-RAM page, given the combined U/S, R/W and G bits of the walk.
     * A read walk fills the read array; a write walk (which has set the dirty bit) fills both.
     */
    private void fill(int linear, int phys, int combined, boolean write) {
        if (!memory.isA20Enabled() || !memory.isPlainRam(phys)) {
            return;
        }
        boolean userPage = (combined & PTE_US) != 0;
        boolean global = (combined & PTE_G) != 0 && (cpu.cr4 & Cpu.CR4_PGE) != 0 && (cpu.cr0 & Cpu.CR0_PG) != 0;
        int tag = ((linear ^ phys) & ~0xFFF) | (global ? GLOBAL : 0) | OK_SUPERVISOR;
        int page = linear >>> 12;
        boolean wasEmpty = (storage.readTlb(page) | storage.writeTlb(page)) == 0;
        storage.setReadTlb(page, tag | (userPage ? OK_USER : 0));
        if (write) {
            // A supervisor write to a read-only page (CR0.WP clear) is cached for supervisors only.
            storage.setWriteTlb(page, tag | (userPage && (combined & PTE_RW) != 0 ? OK_USER : 0));
        }
        if (wasEmpty) {
            track(page, global);
        }
    }

    private void track(int page, boolean global) {
        if (global) {
            if (trackedGlobalCount < TRACKED) {
                trackedGlobal[trackedGlobalCount++] = page;
            } else {
                globalOverflow = true;
            }
        } else if (trackedLocalCount < TRACKED) {
            trackedLocal[trackedLocalCount++] = page;
        } else {
            localOverflow = true;
        }
    }

    // ---- TLB maintenance ----------------------------------------------------------------------------------

    /**
     * Drops cached translations: all of them, or (CR3 write with PGE) all but the global ones. Whoever changes
     * the A20 gate must call {@code flushTlb(true)} too: entries cache the A20-masked physical page.
     */
    public void flushTlb(boolean includingGlobal) {
        tlbGeneration++;
        cpu.invalidateFetch();
        if (includingGlobal) {
            if (localOverflow || globalOverflow) {
                storage.clearTlb();
            } else {
                clearTracked(trackedLocal, trackedLocalCount);
                clearTracked(trackedGlobal, trackedGlobalCount);
            }
            trackedGlobalCount = 0;
            globalOverflow = false;
        } else if (localOverflow) {
            for (int page = 0; page < PAGES; page++) {
                if ((storage.readTlb(page) & GLOBAL) == 0) {
                    storage.setReadTlb(page, 0);
                    storage.setWriteTlb(page, 0);
                }
            }
        } else {
            for (int i = 0; i < trackedLocalCount; i++) {
                int page = trackedLocal[i];
                if ((storage.readTlb(page) & GLOBAL) == 0) {
                    storage.setReadTlb(page, 0);
                    storage.setWriteTlb(page, 0);
                }
            }
        }
        trackedLocalCount = 0;
        localOverflow = false;
    }

    private void clearTracked(int[] pages, int count) {
        for (int i = 0; i < count; i++) {
            storage.setReadTlb(pages[i], 0);
            storage.setWriteTlb(pages[i], 0);
        }
    }

    /** INVLPG: drops the translation of one page, global or not. */
    public void invlpg(int linear) {
        tlbGeneration++;
        cpu.invalidateFetch();
        int page = linear >>> 12;
        storage.setReadTlb(page, 0);
        storage.setWriteTlb(page, 0);
    }

    /**
     * Loads the four PAE PDPTEs from CR3, as MOV CR3 (and enabling PAE paging) does; #GP(0) if a present entry
     * has reserved bits set (bits 1-2, 5-8, or above physical bit 35).
     */
    public void loadPdptes() {
        int base = cpu.cr3 & 0xFFFFFFE0;
        int[] loaded = new int[4];
        for (int i = 0; i < 4; i++) {
            int low = memory.read32(base + i * 8);
            int high = memory.read32(base + i * 8 + 4);
            if ((low & PTE_P) != 0 && ((low & 0x1E6) != 0 || (high & 0xFFFFFFF0) != 0)) {
                throw CpuFault.withCode(CpuFault.GP, 0);
            }
            loaded[i] = (high & 0xF) != 0 ? low & 0xFFF : low; // a table beyond 4 GiB: reads open bus
        }
        System.arraycopy(loaded, 0, pdpte, 0, 4);
    }

    /**
     * After CR0/CR3/CR4 were set directly (machine-state restore): reloads the PAE PDPTEs from memory when PAE
     * paging is on and drops every cached translation.
     */
    public void reloadAfterStateRestore() {
        if ((cpu.cr0 & Cpu.CR0_PG) != 0 && (cpu.cr4 & Cpu.CR4_PAE) != 0) {
            try {
                loadPdptes();
            } catch (CpuFault f) {
                throw new IllegalStateException("the PAE page-directory-pointer table at CR3 = 0x"
                        + Integer.toHexString(cpu.cr3) + " has reserved bits set");
            }
        }
        flushTlb(true);
    }
}
