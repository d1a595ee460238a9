package org.nodeoslab.emulator.jit.wasm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** The binary writer's encodings (the spec's examples) and the import list's own consistency. */
class WasmBytesTest {
    @Test
    void leb128AsTheSpecWritesIt() {
        assertArrayEquals(new byte[] {(byte) 0xE5, (byte) 0x8E, 0x26}, new WasmBytes().u32(624485).toByteArray());
        assertArrayEquals(new byte[] {(byte) 0xC0, (byte) 0xBB, 0x78}, new WasmBytes().s32(-123456).toByteArray());
        assertArrayEquals(new byte[] {0x3F}, new WasmBytes().s32(63).toByteArray());
        assertArrayEquals(new byte[] {(byte) 0xC0, 0x00}, new WasmBytes().s32(64).toByteArray());
        assertArrayEquals(new byte[] {0x40}, new WasmBytes().s32(-64).toByteArray());
        assertArrayEquals(new byte[] {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x78},
                new WasmBytes().s32(Integer.MIN_VALUE).toByteArray());
        assertArrayEquals(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x0F},
                new WasmBytes().s64(0xFFFFFFFFL).toByteArray());
    }

    @Test
    void importNamesAreUniqueAndEveryHelperIsBound() {
        Set<String> names = new HashSet<>();
        for (WasmImports.Import i : WasmImports.all()) {
            assertEquals(true, names.add(i.name), "twice: " + i.name);
            assertEquals(i, WasmImports.get(i.index));
        }
        // Binding every import to its static (by name and types) is what the Chicory loader does first.
        ChicoryWasmLoader.INSTANCE.hashCode();
    }
}
