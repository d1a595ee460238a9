package org.nodeoslab.emulator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchCommandTest {
    @Test
    void theBooksTableHasOneRowPerMachineWithCpuTimeRelativeToOurs() {
        BenchCommand.Result ours = new BenchCommand.Result("ours", 400.0, 56.0, 2_700_000_000L);
        BenchCommand.Result qemu = new BenchCommand.Result("qemu", 20.0, 3.5, 2_700_000_000L);
        assertEquals("machine,boot_seconds,cpu_seconds,guest_instructions,mips,mips_per_cpu_second,cpu_time_vs_ours\n"
                        + "ours,400.00,56.00,2700000000,6.8,48.2,1.000\n"
                        + "qemu,20.00,3.50,2700000000,135.0,771.4,0.063\n",
                BenchCommand.table(List.of(ours, qemu)).csv());
    }

    @Test
    void dataOutWithoutAFolderIsAUsageErrorThatSaysWhatIsMissing() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = BenchCommand.run(new String[]{"--data-out"}, new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(1, status);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--data-out needs a folder"), err.toString());
    }
}
