package org.nodeoslab.emulator.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.nodeoslab.emulator.bus.IoBus;
import org.nodeoslab.emulator.bus.PhysicalMemory;

/** Jcc conditions taken straight from CMP operands (or a logic result) agree with the conditions computed from the folded flags. */
class AluConditionTest {
    private static final int[] EDGES = {0, 1, -1, 2, 0x7FFFFFFF, 0x80000000, 0x80000001, 0xFFFF, 0x10000};

    @Test
    void compareShortcutMatchesTheFlags() {
        Cpu cpu = new Cpu(new PhysicalMemory(4096), new IoBus());
        Alu alu = cpu.alu;
        Random random = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            int a = i < 81 ? EDGES[i % 9] : random.nextInt();
            int b = i < 81 ? EDGES[i / 9] : (random.nextBoolean() ? random.nextInt() : a + random.nextInt(3) - 1);
            for (int mask : new int[] {-1, 0xFFFF, 0xFF}) {
                alu.sub(a, b, mask);
                int f = cpu.getEflags();
                for (int cc = 0; cc < 16; cc++) {
                    assertEquals(expected(cc, f), alu.condition(cc),
                            "cc " + cc + " after cmp 0x" + Integer.toHexString(a) + ", 0x" + Integer.toHexString(b)
                                    + " mask 0x" + Integer.toHexString(mask));
                }
            }
        }
    }

    @Test
    void logicShortcutMatchesTheFlags() {
        Cpu cpu = new Cpu(new PhysicalMemory(4096), new IoBus());
        Alu alu = cpu.alu;
        Random random = new Random(8);
        for (int i = 0; i < 20_000; i++) {
            int a = i < 81 ? EDGES[i % 9] : random.nextInt();
            int b = i < 81 ? EDGES[i / 9] : random.nextInt();
            for (int mask : new int[] {-1, 0xFFFF, 0xFF}) {
                for (int op = 0; op < 3; op++) {
                    switch (op) {
                        case 0 -> alu.and(a, b, mask);
                        case 1 -> alu.or(a, b, mask);
                        default -> alu.xor(a, b, mask);
                    }
                    int f = cpu.getEflags();
                    for (int cc = 0; cc < 16; cc++) {
                        assertEquals(expected(cc, f), alu.condition(cc), "cc " + cc + " after logic op " + op + " of 0x"
                                + Integer.toHexString(a) + ", 0x" + Integer.toHexString(b) + " mask 0x"
                                + Integer.toHexString(mask));
                    }
                }
            }
        }
    }

    /** The SDM's definition of the 16 conditions over EFLAGS. */
    private static boolean expected(int cc, int f) {
        boolean cf = (f & Cpu.FLAG_CF) != 0;
        boolean zf = (f & Cpu.FLAG_ZF) != 0;
        boolean sf = (f & Cpu.FLAG_SF) != 0;
        boolean of = (f & Cpu.FLAG_OF) != 0;
        boolean pf = (f & Cpu.FLAG_PF) != 0;
        boolean r;
        switch (cc >> 1) {
            case 0: r = of; break;
            case 1: r = cf; break;
            case 2: r = zf; break;
            case 3: r = cf || zf; break;
            case 4: r = sf; break;
            case 5: r = pf; break;
            case 6: r = sf != of; break;
            default: r = zf || sf != of; break;
        }
        return r != ((cc & 1) != 0);
    }
}
