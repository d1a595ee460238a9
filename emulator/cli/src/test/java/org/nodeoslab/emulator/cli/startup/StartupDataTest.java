package org.nodeoslab.emulator.cli.startup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;

import org.junit.jupiter.api.Test;

/** The book's start-up table reads its boot figures from the state's description (startup.json). */
class StartupDataTest {
    private static final String DESCRIPTION = "{\n  \"bytes\": 57663681,\n  \"memoryMiB\": 512,\n"
            + "  \"promptInstructions\": 3253000000,\n  \"savedInstructions\": 3253000000\n}\n";

    @Test
    void numbersComeFromTheDescription() throws IOException {
        assertEquals("3253000000", StartupData.number(DESCRIPTION, "promptInstructions"));
        assertEquals("512", StartupData.number(DESCRIPTION, "memoryMiB"));
    }

    @Test
    void aMissingFigureIsNamed() {
        IOException e = assertThrows(IOException.class, () -> StartupData.number("{}", "promptInstructions"));
        assertTrue(e.getMessage().contains("\"promptInstructions\""), e.getMessage());
    }
}
