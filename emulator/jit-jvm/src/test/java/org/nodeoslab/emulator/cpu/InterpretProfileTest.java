package org.nodeoslab.emulator.cpu;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nodeoslab.emulator.cpu.jit.InterpretProfile;

/** The bench's --jit-profile: the forms compiled regions hand to the interpreter, counted per execution. */
class InterpretProfileTest {
    @AfterEach
    void off() {
        InterpretProfile.stop();
        JitModes.reset();
    }

    @Test
    void countsEachInterpretedFormOncePerExecutionAndStartsAgainAfterEachReport() {
        JitModes.use(JitModes.FORCE);
        InterpretProfile.start();
        GuestMachine m = GuestMachine.flat32("mov ecx, 100\njmp top\n"
                + "top: bt eax, ecx\ninc eax\npushfd\npop edx\nmov eax, [es:0x3010]\ndec ecx\njnz top\nhlt");
        m.run(1_000_000);
        assertTrue(m.cpu.halted);
        String report = InterpretProfile.topAndReset(10, m.cpu.compiledCode().compiledInstructions());
        assertTrue(Pattern.compile("(?m)^ +[0-9.]+% +100  0f a3$").matcher(report).find(), report);
        assertTrue(Pattern.compile("(?m)^ +[0-9.]+% +100  9c$").matcher(report).find(), report);
        assertFalse(report.contains("a1"), "a moffs MOV with a segment override runs natively: " + report);
        String again = InterpretProfile.topAndReset(10, m.cpu.compiledCode().compiledInstructions());
        assertTrue(again.contains("interpreted inside regions: 0 of"), again);
    }
}
