package org.nodeoslab.emulator.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nodeoslab.emulator.cpu.Cpu.EAX;
import static org.nodeoslab.emulator.cpu.Cpu.EBX;

import org.junit.jupiter.api.Test;

/**
 * {@link DecodedCode} counts its decodes and the conflicts among them (an entry stored into the slot of another
 * address's entry, which is then decoded again when it runs next): a loop running two instructions whose addresses
 * share a slot (64 KiB apart: the table of a 4 MiB machine has 2^16 slots) decodes both on every pass.
 */
class DecodedCodeConflictsTest {
    private static final int PASSES = 100;

    @Test
    void instructionsSharingASlotAreDecodedOnEveryPass() {
        DecodedCode decoded = loop(0x10000);
        assertTrue(decoded.conflicts >= 2 * (PASSES - 1), decoded.conflicts + " conflicts");
        assertTrue(decoded.decodes >= decoded.conflicts, decoded.decodes + " decodes");
    }

    @Test
    void instructionsInTheirOwnSlotsAreDecodedOnce() {
        DecodedCode decoded = loop(0x8000);
        assertEquals(0, decoded.conflicts);
        assertTrue(decoded.decodes < 20, decoded.decodes + " decodes"); // the program's dozen instructions
    }

    /** Runs INC EAX and, {@code distance} bytes further, INC EBX, one after the other, PASSES times. */
    private static DecodedCode loop(int distance) {
        GuestMachine m = GuestMachine.flat32("xor eax, eax\nxor ebx, ebx\nmov ecx, " + PASSES + "\n"
                + "again: inc eax\njmp other\n"
                + "back: dec ecx\njnz again\nhlt\n"
                + "times again - $$ + " + distance + " - ($ - $$) db 0x90\n"
                + "other: inc ebx\njmp back").run();
        assertEquals(PASSES, m.reg(EAX));
        assertEquals(PASSES, m.reg(EBX));
        return m.cpu.exec.decodedCode();
    }
}
