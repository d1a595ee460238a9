package org.nodeoslab.emulator.web;

import org.nodeoslab.emulator.bus.IoDevice;

/**
 * The bare machine's console: port 0xE9, the debug port Bochs and QEMU use. A guest byte written there is queued
 * for the page ({@link #takeOutput()}); a read returns the next byte the page sent ({@link #offerInput(byte[])}),
 * or 0 when none is waiting. (The PC has real UARTs: its console is COM1.)
 */
final class ConsolePort implements IoDevice {
    static final int PORT = 0xE9;

    private final ByteQueue output = new ByteQueue();
    private final ByteQueue input = new ByteQueue();

    @Override
    public int read8(int port) {
        return input.isEmpty() ? 0 : input.take();
    }

    @Override
    public void write8(int port, int value) {
        output.put(value);
    }

    void offerInput(byte[] bytes) {
        for (byte b : bytes) {
            input.put(b & 0xFF);
        }
    }

    byte[] takeOutput() {
        return output.takeAll();
    }
}
