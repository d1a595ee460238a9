package org.nodeoslab.emulator.web;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.nodeoslab.emulator.bus.ArrayStorage;
import org.nodeoslab.emulator.bus.MemoryStorage;

/** The bare machine's page-facing behaviour on the JVM: what a page gets for good and bad requests. */
class CpuMachineTest {
    /** The JVM side keeps RAM in Java arrays (the page's machines keep it in linear memory). */
    private static final MemoryStorage.Factory JVM_MEMORY = ArrayStorage.FACTORY;

    @Test
    void refusesRamSizesItCannotHave() {
        assertEquals("RAM size must be 1 to 2047 MiB: 0",
                assertThrows(IllegalArgumentException.class, () -> new CpuMachine(0, JVM_MEMORY)).getMessage());
        assertEquals("RAM size must be 1 to 2047 MiB: 4096",
                assertThrows(IllegalArgumentException.class, () -> new CpuMachine(4096, JVM_MEMORY)).getMessage());
    }

    @Test
    void readsOutsideRamNameTheRange() {
        CpuMachine machine = new CpuMachine(1, JVM_MEMORY);
        assertEquals("cannot read 16 bytes at 0xffff8 from 1 MiB of RAM",
                assertThrows(IllegalArgumentException.class, () -> machine.read(0xFFFF8, 16)).getMessage());
        assertEquals("cannot read 1 bytes at 0x80000000 from 1 MiB of RAM",
                assertThrows(IllegalArgumentException.class, () -> machine.read(0x80000000, 1)).getMessage());
    }

    @Test
    void segmentRegistersAreSetAsRealModeDoesAndOnlyThere() {
        CpuMachine machine = new CpuMachine(1, JVM_MEMORY);
        machine.setRegister("ds", 0x1234);
        assertEquals(0x1234, machine.register("ds"));
        assertEquals(0x12340, machine.cpu.segBase[org.nodeoslab.emulator.cpu.Cpu.DS]);
        machine.enterFlat32(0x10000, 0x80000);
        assertEquals(0x10, machine.register("cs"));
        assertEquals("cannot set ds from outside in protected mode",
                assertThrows(IllegalStateException.class, () -> machine.setRegister("ds", 0)).getMessage());
    }

    @Test
    void consoleQueuesKeepOrderPastTheirFirstBuffer() {
        ConsolePort console = new ConsolePort();
        byte[] sent = new byte[1000];
        for (int i = 0; i < sent.length; i++) {
            sent[i] = (byte) (i * 7);
            console.write8(ConsolePort.PORT, i * 7);
        }
        assertArrayEquals(sent, console.takeOutput());
        assertArrayEquals(new byte[0], console.takeOutput());

        console.offerInput(new byte[] {'l', 's', (byte) 0xFF});
        assertEquals('l', console.read8(ConsolePort.PORT));
        assertEquals('s', console.read8(ConsolePort.PORT));
        assertEquals(0xFF, console.read8(ConsolePort.PORT));
        assertEquals(0, console.read8(ConsolePort.PORT), "no input waiting reads as 0");
    }
}
