package org.nodeoslab.emulator.pc.devices;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nodeoslab.emulator.pc.RecordingIrqLines;

class Uart16550Test {
    private static final int COM1 = 0x3F8;
    private final RecordingIrqLines irqs = new RecordingIrqLines();
    private final ByteArrayOutputStream sent = new ByteArrayOutputStream();
    private Uart16550 uart;

    @BeforeEach
    void setUp() {
        uart = new Uart16550(COM1, 4, irqs);
        uart.setSink(sent::write);
    }

    /** The checks of Linux's 8250 autoconfig that decide "is a 16550A". */
    @Test
    void passesLinuxAutoconfigAs16550A() {
        uart.write8(COM1 + 7, 0xA5);
        assertEquals(0xA5, uart.read8(COM1 + 7), "scratch register");
        uart.write8(COM1 + 1, 0);
        assertEquals(0, uart.read8(COM1 + 1) & 0x0F);
        uart.write8(COM1 + 1, 0x0F);
        assertEquals(0x0F, uart.read8(COM1 + 1) & 0x0F);
        uart.write8(COM1 + 1, 0);
        uart.write8(COM1 + 4, 0x10 | 0x0A); // loopback with RTS and OUT2
        assertEquals(0x90, uart.read8(COM1 + 6) & 0xF0, "loopback maps RTS->CTS, OUT2->DCD");
        uart.write8(COM1 + 4, 0);
        uart.write8(COM1 + 2, 0x01);
        uart.write8(COM1 + 2, 0xE7);
        int iir = uart.read8(COM1 + 2);
        assertEquals(0xC0, iir & 0xC0, "FIFO enabled bits: a 16550A");
        assertEquals(0, iir & 0x20, "no 64-byte FIFO (not a 16750)");
        uart.write8(COM1 + 3, 0xBF);
        assertTrue(uart.read8(COM1 + 2) != 0, "no EFR (not a 16650)");
        uart.write8(COM1 + 3, 0);
        uart.write8(COM1 + 1, 0x40);
        assertEquals(0, uart.read8(COM1 + 1) & 0x40, "no UUE bit (not an XScale UART)");
    }

    @Test
    void transmitsToTheSinkAndRaisesThre() {
        uart.write8(COM1 + 4, 0x08); // OUT2 gates the IRQ line on a PC
        uart.write8(COM1 + 1, 0x02);
        assertTrue(irqs.level[4], "THR empty: enabling the interrupt raises it");
        assertEquals(0x02, uart.read8(COM1 + 2) & 0x0F);
        assertFalse(irqs.level[4], "reading IIR clears THRE");
        uart.write8(COM1, 'h');
        uart.write8(COM1, 'i');
        assertEquals("hi", sent.toString());
        assertTrue(irqs.level[4]);
        assertEquals(0x60, uart.read8(COM1 + 5) & 0x60, "THRE and TEMT");
    }

    @Test
    void receivesWithInterruptsThroughTheFifo() {
        uart.write8(COM1 + 4, 0x0A); // RTS (the port is open) and OUT2
        uart.write8(COM1 + 2, 0xC1); // FIFO on, trigger level 14
        uart.write8(COM1 + 1, 0x01);
        byte[] input = "hello, world: more than sixteen bytes".getBytes();
        uart.receive(input, 0, input.length);
        assertTrue(irqs.level[4]);
        assertEquals(0x04, uart.read8(COM1 + 2) & 0x0F, "16 bytes >= trigger 14");
        StringBuilder got = new StringBuilder();
        while ((uart.read8(COM1 + 5) & 1) != 0) {
            got.append((char) uart.read8(COM1));
        }
        assertEquals(new String(input), got.toString());
        assertFalse(irqs.level[4]);
        assertFalse(uart.hasPendingInput());
    }

    @Test
    void fewBytesBelowTriggerGiveACharacterTimeout() {
        uart.write8(COM1 + 4, 0x0A);
        uart.write8(COM1 + 2, 0xC1);
        uart.write8(COM1 + 1, 0x01);
        uart.receive(new byte[] {'x'}, 0, 1);
        assertEquals(0x0C, uart.read8(COM1 + 2) & 0x0F);
    }

    @Test
    void inputWaitsUntilTheGuestRaisesRtsAndSurvivesAFifoClear() {
        uart.write8(COM1 + 2, 0x07); // FIFO on and cleared, as the driver leaves it before the port is opened
        uart.receive("typed ahead".getBytes(), 0, 11);
        assertEquals(0, uart.read8(COM1 + 5) & 1, "no data while RTS is low");
        uart.write8(COM1 + 2, 0x07);
        uart.write8(COM1 + 4, 0x0B); // a program opens the port: DTR, RTS, OUT2
        StringBuilder got = new StringBuilder();
        while ((uart.read8(COM1 + 5) & 1) != 0) {
            got.append((char) uart.read8(COM1));
        }
        assertEquals("typed ahead", got.toString());
    }

    @Test
    void divisorLatchIsSeparateFromData() {
        uart.write8(COM1 + 3, 0x83);
        uart.write8(COM1, 0x01);
        uart.write8(COM1 + 1, 0x00);
        assertEquals(0x01, uart.read8(COM1));
        uart.write8(COM1 + 3, 0x03);
        assertEquals(0, sent.size(), "divisor writes are not transmitted");
        assertEquals(0x03, uart.read8(COM1 + 3));
    }

    @Test
    void loopbackEchoesTransmittedBytes() {
        uart.write8(COM1 + 4, 0x10);
        uart.write8(COM1, 0x42);
        assertEquals(1, uart.read8(COM1 + 5) & 1);
        assertEquals(0x42, uart.read8(COM1));
        assertEquals(0, sent.size());
    }

    @Test
    void noIrqWithoutOut2() {
        uart.write8(COM1 + 1, 0x02);
        assertFalse(irqs.level[4]);
    }
}
