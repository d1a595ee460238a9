package org.nodeoslab.emulator.pc.devices;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nodeoslab.emulator.bus.IoBus;

class PciHostBridgeTest {
    private final IoBus io = new IoBus();

    PciHostBridgeTest() {
        new PciHostBridge().register(io);
    }

    @Test
    void linuxType1ProbeSeesTheAddressRegister() {
        io.out8(0xCFB, 0x01);
        io.out32(0xCF8, 0x80000000);
        assertEquals(0x80000000, io.in32(0xCF8));
    }

    @Test
    void hostBridgeAt0000AndNothingElse() {
        io.out32(0xCF8, 0x80000000);
        assertEquals(0x12378086, io.in32(0xCFC));
        io.out32(0xCF8, 0x80000008);
        assertEquals(0x06, io.in8(0xCFF), "class: bridge");
        assertEquals(0x00, io.in8(0xCFE), "subclass: host");
        io.out32(0xCF8, 0x80000800); // device 1
        assertEquals(0xFFFFFFFF, io.in32(0xCFC));
        assertEquals(0xFFFF, io.in16(0xCFC));
    }

    @Test
    void unclaimedPortsReadAllOnes() {
        assertEquals(0xFF, io.in8(0x3E8));
        assertEquals(0xFFFFFFFF, io.in32(0x1234));
    }
}
