package org.nodeoslab.emulator.cli.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/**
 * Naming addresses in a 32-bit shared library by its exported functions: a small library laid out as a linker
 * would (an ELF header, one loadable segment whose file offsets differ from its addresses, .dynsym and .dynstr),
 * and files that are not one.
 */
class ElfSymbolsTest {
    @Test
    void addressesInsideAnExportAreNamedAndOthersAreSaidToBeUnexported() {
        ElfSymbols symbols = ElfSymbols.read(library(), "libtest.so");
        // Segment: file offset 0x100 is address 0x1100.
        assertEquals("v8::internal::Scanner::Next", symbols.nameAtFileOffset(0x200 + 0x10));
        assertEquals("uv_run", symbols.nameAtFileOffset(0x240));
        assertEquals("(not exported, after uv_run)", symbols.nameAtFileOffset(0x260));
        assertEquals("(not exported, before any export)", symbols.nameAtFileOffset(0x100));
        assertEquals("(outside the loadable segments)", symbols.nameAtFileOffset(0x10));
    }

    @Test
    void aFileThatIsNoElfIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> ElfSymbols.read(new byte[64], "zeros"));
        assertThrows(IllegalArgumentException.class,
                () -> ElfSymbols.read("#!/bin/sh\necho not a library\n".repeat(3).getBytes(StandardCharsets.UTF_8),
                        "a script"));
    }

    /** Two exported functions, at 0x1200 (32 bytes, Scanner::Next) and 0x1240 (16 bytes, uv_run), and one object. */
    private static byte[] library() {
        ByteBuffer b = ByteBuffer.allocate(0x600).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, 0x464C457F).put(4, (byte) 1).put(5, (byte) 1).put(6, (byte) 1);
        b.putInt(28, 0x40).putShort(42, (short) 32).putShort(44, (short) 1); // program headers
        b.putInt(32, 0x400).putShort(46, (short) 40).putShort(48, (short) 3); // section headers
        b.putInt(0x40, 1).putInt(0x44, 0x100).putInt(0x48, 0x1100).putInt(0x50, 0x300); // PT_LOAD
        String strings = "\0_ZN2v88internal7Scanner4NextEv\0uv_run\0some_table\0";
        byte[] str = strings.getBytes(StandardCharsets.ISO_8859_1);
        b.put(0x340, str);
        symbol(b, 0x380 + 16, 1, 0x1200, 32, 2);
        symbol(b, 0x380 + 32, strings.indexOf("uv_run"), 0x1240, 16, 2);
        symbol(b, 0x380 + 48, strings.indexOf("some_table"), 0x1250, 64, 1); // an object: not a function
        int sh = 0x400;
        b.putInt(sh + 40 + 4, 11).putInt(sh + 40 + 16, 0x380).putInt(sh + 40 + 20, 64).putInt(sh + 40 + 24, 2);
        b.putInt(sh + 80 + 4, 3).putInt(sh + 80 + 16, 0x340).putInt(sh + 80 + 20, str.length);
        return b.array();
    }

    private static void symbol(ByteBuffer b, int at, int name, int value, int size, int type) {
        b.putInt(at, name).putInt(at + 4, value).putInt(at + 8, size).put(at + 12, (byte) (0x10 | type));
    }
}
