package org.nodeoslab.emulator.difftest;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The differential suite: every integer instruction form, run on the host CPU and in the emulator from the same
 * inputs, compared. Writes target/differential-report.md, the book's table target/differential.csv/.md (also into
 * -Ddifferential.data-out=DIR) and prints one line "differential: N forms, M mismatches".
 * Fails on an uncovered form, on a mismatch not listed in known-mismatches.txt and on a listed form that no longer
 * mismatches.
 */
class DifferentialTest {
    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS) // a hung CPU fails the test instead of stalling CI
    void emulatorMatchesHostCpu() throws IOException {
        assertTrue(System.getProperty("os.arch").matches("amd64|x86_64|x86|i386"),
                "the differential suite needs an x86 host; os.arch = " + System.getProperty("os.arch"));
        DifferentialSuite suite = DifferentialSuite.run(Path.of("target", "difftest"));
        Map<String, String> known = KnownMismatches.load();
        Files.writeString(Path.of("target", "differential-report.md"), DifferentialReport.render(suite, known));
        DifferentialData.write(suite, known);
        System.out.println("differential: " + suite.results.size() + " forms, " + suite.mismatches() + " mismatches");

        List<String> problems = new ArrayList<>();
        if (!suite.uncovered.isEmpty()) {
            problems.add("forms with no generator and no not-host-testable reason: " + suite.uncovered);
        }
        if (!suite.predecodedDifferences.isEmpty()) {
            problems.add("cases that end differently when run again from the pre-decoded cache: "
                    + String.join("; ", suite.predecodedDifferences));
        }
        List<String> failing = suite.failingKeys();
        for (String key : failing) {
            if (!known.containsKey(key)) {
                problems.add("new mismatch in " + key + " (see emulator/core/target/differential-report.md)");
            }
        }
        for (String key : known.keySet()) {
            if (!failing.contains(key)) {
                problems.add(key + " matches the host now: delete its line from " + KnownMismatches.SOURCE_PATH);
            }
        }
        if (!problems.isEmpty()) {
            fail(problems.size() + " differential problem(s):\n  " + String.join("\n  ", problems));
        }
    }
}
