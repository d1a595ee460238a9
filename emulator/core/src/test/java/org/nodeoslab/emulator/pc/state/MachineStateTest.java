package org.nodeoslab.emulator.pc.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.nodeoslab.emulator.pc.Pc;
import org.nodeoslab.emulator.pc.TinyPrograms;

class MachineStateTest {
    private static byte[] save(Pc pc) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        MachineState.save(pc, bytes);
        return bytes.toByteArray();
    }

    @Test
    void restoredMachineContinuesExactlyWhereItWasSaved() throws IOException {
        ByteArrayOutputStream before = new ByteArrayOutputStream();
        Pc pc = TinyPrograms.machine(TinyPrograms.ALPHABET_THEN_POWER_OFF, before);
        pc.run(30);
        byte[] state = save(pc);
        assertTrue(state.length < 64 * 1024, "zero pages are skipped and the rest compressed: " + state.length);

        Pc restored = MachineState.restore(new ByteArrayInputStream(state), "test.state", true);
        ByteArrayOutputStream after = new ByteArrayOutputStream();
        restored.com1.setSink(after::write);
        assertEquals(pc.cycles(), restored.cycles());
        assertEquals(pc.cpu.eip, restored.cpu.eip);
        assertEquals(Pc.Stop.POWER_OFF, restored.run(10_000));
        assertEquals("abcdefghijklmnopqrstuvwxyz", before.toString() + after.toString());
    }

    @Test
    void savingTwiceGivesTheSameBytes() throws IOException {
        Pc pc = TinyPrograms.machine(TinyPrograms.ALPHABET_THEN_POWER_OFF, new ByteArrayOutputStream());
        pc.run(20);
        assertTrue(Arrays.equals(save(pc), save(pc)));
    }

    @Test
    void foreignFileIsRejected() {
        byte[] foreign = "#!/bin/sh\necho not a machine state\n".getBytes();
        StateFormatException e = assertThrows(StateFormatException.class,
                () -> MachineState.restore(new ByteArrayInputStream(foreign), "script.sh", true));
        assertEquals("script.sh: not a NodeOS Lab machine state (no \"NODEOSPC\" magic)", e.getMessage());
    }

    @Test
    void otherVersionIsRejected() throws IOException {
        byte[] state = save(TinyPrograms.machine(TinyPrograms.ALPHABET_THEN_POWER_OFF, new ByteArrayOutputStream()));
        state[11] = 9;
        StateFormatException e = assertThrows(StateFormatException.class,
                () -> MachineState.restore(new ByteArrayInputStream(state), "old.state", true));
        assertEquals("old.state: machine state format version 9; this emulator reads version 3 and its deltas (version 4)", e.getMessage());
    }

    @Test
    void truncatedFileIsRejected() throws IOException {
        byte[] state = save(TinyPrograms.machine(TinyPrograms.ALPHABET_THEN_POWER_OFF, new ByteArrayOutputStream()));
        for (int length : new int[] {5, 12, state.length / 2, state.length - 8}) {
            byte[] cut = Arrays.copyOf(state, length);
            StateFormatException e = assertThrows(StateFormatException.class,
                    () -> MachineState.restore(new ByteArrayInputStream(cut), "cut.state", true));
            assertTrue(e.getMessage().startsWith("cut.state: "), e.getMessage());
        }
    }
}
