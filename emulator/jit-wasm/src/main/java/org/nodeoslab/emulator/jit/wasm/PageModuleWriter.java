package org.nodeoslab.emulator.jit.wasm;

import org.nodeoslab.emulator.cpu.jit.Insn;
import org.nodeoslab.emulator.cpu.jit.Region;

/**
 * Writes the module of a whole page's regions (v86's design: one module per page, all its known entries): one
 * function holding every region's code behind a dispatch, a loop around a {@code br_table} on which region to run,
 * so a region whose jump, call or end leads to another region's entry (or its own) goes on there inside the
 * function, without the leaving helper, the Java code between modules and the trampoline. The module exports one
 * small function per region, {@code run}, {@code run1}, ..., each the usual run of that region (entry EIP, budget,
 * registers, memory access) calling the page function with its index; a loader puts each in the region's table slot
 * ({@link WasmLoader#loadBatch}).
 */
final class PageModuleWriter {
    private final Region[] regions;
    /** Per byte offset in the page: the index of the region whose entry is there, else -1. */
    private final int[] regionAtOffset = new int[4096];
    private int dispatchLabel;
    /** The regions whose entry follows a CALL of the module (where its RETs may go on). */
    private final int[] returnSites;

    /** {@code regions}: of one physical page, each with a different entry. */
    PageModuleWriter(Region[] regions) {
        this.regions = regions;
        java.util.Arrays.fill(regionAtOffset, -1);
        for (int i = 0; i < regions.length; i++) {
            regionAtOffset[regions[i].physicalAddress() & 0xFFF] = i;
        }
        boolean[] site = new boolean[regions.length];
        int sites = 0;
        for (Region region : regions) {
            for (Insn insn : region.instructions) {
                int j = insn.kind == Insn.CALL || insn.kind == Insn.CALL_INDIRECT
                        ? regionAt(region.physicalAddress(), insn.next) : -1;
                if (j >= 0 && !site[j]) {
                    site[j] = true;
                    sites++;
                }
            }
        }
        returnSites = new int[sites];
        for (int i = 0, n = 0; i < regions.length; i++) {
            if (site[i]) {
                returnSites[n++] = i;
            }
        }
    }

    /** The regions a RET of the module may go on into: those whose entry follows one of its CALLs. */
    int[] returnSites() {
        return returnSites;
    }

    /** Region {@code i}'s entry's offset in the page. */
    int offset(int i) {
        return regions[i].physicalAddress() & 0xFFF;
    }

    /** The index of the region whose entry is EIP delta {@code d} from an entry at {@code physicalAddress}, or -1. */
    int regionAt(int physicalAddress, int d) {
        int offset = (physicalAddress & 0xFFF) + d;
        return offset >= 0 && offset < 4096 ? regionAtOffset[offset] : -1;
    }

    /** Instructions in region {@code i} (the most one pass of it retires). */
    int length(int i) {
        return regions[i].instructions.size();
    }

    /** The label of the dispatch loop (a br there runs the region MEMBER names, from its entry). */
    int dispatchLabel() {
        return dispatchLabel;
    }

    byte[] write() {
        WasmCode code = new WasmCode();
        RegionModuleWriter[] writers = new RegionModuleWriter[regions.length];
        ExitBlocks exits = new ExitBlocks(regions, false);
        for (int i = 0; i < regions.length; i++) {
            writers[i] = new RegionModuleWriter(regions[i], this, code, exits);
        }
        writers[0].prologue();
        exits.open(code);
        dispatchLabel = code.loop();
        int[] labels = new int[regions.length];
        for (int i = regions.length - 1; i >= 0; i--) {
            labels[i] = code.block(); // the first region's innermost: its code follows the first end
        }
        code.get(RegionModuleWriter.REGION_PARAMETER).brTable(labels, labels[0]);
        for (RegionModuleWriter writer : writers) {
            code.end();
            writer.member();
        }
        code.end();
        writers[0].exitCode(); // (every region's exits are relative to ENTRY, the region running's entry)
        return WasmModuleWriter.pageModule(code, regions.length,
                RegionModuleWriter.i32Locals(true, true) - 1, RegionModuleWriter.i64Locals());
    }
}
