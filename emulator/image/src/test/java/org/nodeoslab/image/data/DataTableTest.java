package org.nodeoslab.image.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataTableTest {
    @TempDir
    Path dir;

    private static DataTable sample() {
        return new DataTable("emulator-bench", "nodeos-emu bench --data-out thesis/data",
                List.of("machine", "mips_per_cpu_second"))
                .row("ours", "48.3")
                .row("qemu, TCG", 760);
    }

    @Test
    void csvHasTheHeaderThenOneLinePerRowQuotedWhereNeeded() {
        assertEquals("machine,mips_per_cpu_second\nours,48.3\n\"qemu, TCG\",760\n", sample().csv());
    }

    @Test
    void markdownIsATableWithNumbersRightAlignedUnderASourceComment() {
        String md = sample().markdown();
        assertTrue(md.startsWith("<!-- written by `nodeos-emu bench --data-out thesis/data`; do not edit -->\n\n|"), md);
        assertTrue(md.endsWith("| machine | mips_per_cpu_second |\n|---|---:|\n| ours | 48.3 |\n| qemu, TCG | 760 |\n"),
                md);
    }

    @Test
    void writesBothFilesIntoTheFolder() throws Exception {
        List<Path> written = sample().writeTo(dir.resolve("data"));
        assertEquals(List.of(dir.resolve("data/emulator-bench.csv"), dir.resolve("data/emulator-bench.md")), written);
        assertEquals(sample().csv(), Files.readString(written.get(0)));
        assertEquals(sample().markdown(), Files.readString(written.get(1)));
    }

    @Test
    void aRowOfTheWrongWidthOrABadNameIsRefusedWithTheReason() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> sample().row("only one"));
        assertTrue(e.getMessage().contains("a row of 1 cells for 2 columns"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new DataTable("Bad Name", "x", List.of("a")));
    }

    @Test
    void pipesInCellsDoNotBreakTheMarkdownTable() {
        String md = new DataTable("t", "x", List.of("a")).row("x|y").markdown();
        assertTrue(md.contains("| x\\|y |"), md);
    }
}
