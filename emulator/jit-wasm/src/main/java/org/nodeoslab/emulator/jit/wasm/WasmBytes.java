package org.nodeoslab.emulator.jit.wasm;

/**
 * A growable byte buffer with the encodings of the WebAssembly binary format: bytes, unsigned and signed LEB128,
 * length-prefixed names and nested sections. (No dependency: TeaVM compiles this class into the browser build.)
 */
final class WasmBytes {
    private byte[] data;
    private int size;

    WasmBytes() {
        this(64);
    }

    WasmBytes(int capacity) {
        data = new byte[Math.max(capacity, 16)];
    }

    int size() {
        return size;
    }

    WasmBytes u8(int b) {
        if (size == data.length) {
            byte[] bigger = new byte[data.length * 2];
            System.arraycopy(data, 0, bigger, 0, size);
            data = bigger;
        }
        data[size++] = (byte) b;
        return this;
    }

    /** Unsigned LEB128 of a non-negative int (indices, counts, sizes). */
    WasmBytes u32(int value) {
        if (value < 0) {
            throw new IllegalArgumentException("negative unsigned LEB128: " + value);
        }
        do {
            int b = value & 0x7F;
            value >>>= 7;
            u8(value != 0 ? b | 0x80 : b);
        } while (value != 0);
        return this;
    }

    /** Signed LEB128 (i32.const). */
    WasmBytes s32(int value) {
        return s64(value);
    }

    /** Signed LEB128 (i64.const). */
    WasmBytes s64(long value) {
        while (true) {
            int b = (int) (value & 0x7F);
            value >>= 7;
            boolean done = (value == 0 && (b & 0x40) == 0) || (value == -1 && (b & 0x40) != 0);
            u8(done ? b : b | 0x80);
            if (done) {
                return this;
            }
        }
    }

    /** A name: its UTF-8 length, then its bytes (import and export names are ASCII here). */
    WasmBytes name(String s) {
        u32(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c > 0x7E || c < 0x20) {
                throw new IllegalArgumentException("not a plain ASCII name: " + s);
            }
            u8(c);
        }
        return this;
    }

    WasmBytes append(WasmBytes other) {
        for (int i = 0; i < other.size; i++) {
            u8(other.data[i]);
        }
        return this;
    }

    /** A section: its id, its size, its contents. */
    WasmBytes section(int id, WasmBytes contents) {
        u8(id);
        u32(contents.size);
        return append(contents);
    }

    byte[] toByteArray() {
        byte[] out = new byte[size];
        System.arraycopy(data, 0, out, 0, size);
        return out;
    }
}
