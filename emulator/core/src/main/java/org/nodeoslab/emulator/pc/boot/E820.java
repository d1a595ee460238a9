package org.nodeoslab.emulator.pc.boot;

/** The BIOS memory map (e820) this PC reports: conventional memory, the reserved ISA hole and BIOS area, RAM above 1 MiB. */
public final class E820 {
    public static final int USABLE = 1, RESERVED = 2;

    private E820() {
    }

    /** Entries as {start, length, type}, all below 4 GiB. */
    public static int[][] map(int ramBytes) {
        return new int[][] {
                {0, LinuxBoot.LOW_MEMORY_END, USABLE},
                {LinuxBoot.LOW_MEMORY_END, 0xA0000 - LinuxBoot.LOW_MEMORY_END, RESERVED},
                {0xF0000, 0x10000, RESERVED},
                {0x100000, ramBytes - 0x100000, USABLE},
        };
    }
}
