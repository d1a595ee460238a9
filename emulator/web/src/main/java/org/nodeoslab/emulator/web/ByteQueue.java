package org.nodeoslab.emulator.web;

/** A growable FIFO of bytes (serial data between the guest and the page); not thread-safe, nothing here is. */
final class ByteQueue {
    private byte[] buffer = new byte[256];
    private int head;
    private int count;

    boolean isEmpty() {
        return count == 0;
    }

    void put(int value) {
        if (count == buffer.length) {
            byte[] bigger = new byte[buffer.length * 2];
            for (int i = 0; i < count; i++) {
                bigger[i] = buffer[(head + i) % buffer.length];
            }
            buffer = bigger;
            head = 0;
        }
        buffer[(head + count) % buffer.length] = (byte) value;
        count++;
    }

    /** The oldest byte, 0-255; callers check {@link #isEmpty()} first. */
    int take() {
        int value = buffer[head] & 0xFF;
        head = (head + 1) % buffer.length;
        count--;
        return value;
    }

    byte[] takeAll() {
        byte[] all = new byte[count];
        for (int i = 0; i < all.length; i++) {
            all[i] = (byte) take();
        }
        return all;
    }
}
