package org.nodeoslab.emulator.difftest;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The differential suite: every integer instruction form, run on the host CPU and in the emulator from the same
 * inputs, compared. Writes target/differential-report.md and prints one line "differential: N forms, M mismatches".
 * Fails on an uncovered form, on a mismatch not listed in known-mismatches.txt and on a listed form that no longer
 * mismatches.
 */
class DifferentialTest {
    /** Cases per native process: big enough to amortize nasm and process start, small enough for memory. */
    private static final int BATCH = 16_000;
    /** The known-mismatch key of the cross-cutting check of RF in fault frames. */
    static final String RF_KEY = "ALL FORMS: EFLAGS.RF in fault frames";

    private int rfDifferences;
    private int rfOnlyCases;
    private String rfExample;

    @Test
    void emulatorMatchesHostCpu() throws IOException {
        assertTrue(System.getProperty("os.arch").matches("amd64|x86_64|x86|i386"),
                "the differential suite needs an x86 host; os.arch = " + System.getProperty("os.arch"));
        long t0 = System.currentTimeMillis();
        Path work = Path.of("target", "difftest");
        Map<FormSpec, String> excluded = new LinkedHashMap<>();
        List<String> uncovered = new ArrayList<>();
        List<FormResult> results = new ArrayList<>();
        List<TestCase> all = new ArrayList<>();
        Map<FormSpec, FormResult> byForm = new LinkedHashMap<>();
        for (FormSpec f : FormCatalog.forms()) {
            String reason = FormCatalog.notHostTestable(f);
            if (reason != null) {
                excluded.put(f, reason);
                continue;
            }
            List<TestCase> cases = FormCatalog.cases(f);
            if (cases == null || cases.isEmpty()) {
                uncovered.add(f.key());
                continue;
            }
            FormResult r = new FormResult(f);
            results.add(r);
            byForm.put(f, r);
            all.addAll(cases);
        }

        for (int from = 0, batch = 0; from < all.size(); from += BATCH, batch++) {
            List<TestCase> cases = all.subList(from, Math.min(all.size(), from + BATCH));
            TestProgram program = TestProgram.assemble(cases, work, "batch" + batch);
            EncodingCheck.verify(program);
            Outcome[] host = NativeRunner.run(program, work.resolve("batch" + batch));
            EmulatorRunner emulator = new EmulatorRunner(program);
            for (int i = 0; i < cases.size(); i++) {
                TestCase c = cases.get(i);
                FormResult r = byForm.get(c.form);
                r.cases++;
                if (host[i].faulted()) {
                    r.hostFaults++;
                }
                Outcome emu = emulator.run(program, i);
                Mismatch m = OutcomeComparator.compare(c, host[i], emu);
                if (m != null) {
                    r.addMismatch(m);
                }
                boolean rf = OutcomeComparator.faultFrameRfDiffers(host[i], emu);
                if (rf && m == null) {
                    rfOnlyCases++; // a case counts once in the summary, whatever differs in it
                }
                if (rf && rfDifferences++ == 0) {
                    rfExample = "`" + c.text + "` (" + c.form.key() + "): host " + host[i].ending() + " EFLAGS "
                            + Hex.word8(host[i].eflags) + ", emulator EFLAGS " + Hex.word8(emu.eflags);
                }
                String undefinedResult = OutcomeComparator.undefinedResultDifference(c, host[i], emu);
                if (undefinedResult != null && r.undefinedResultDifferences++ == 0) {
                    r.undefinedResultExample = "`" + c.text + "`: " + undefinedResult;
                }
                int undefined = OutcomeComparator.undefinedFlagDifference(c, host[i], emu);
                if (undefined != 0) {
                    r.undefinedFlagDifferences++;
                    r.undefinedFlagsSeen |= undefined;
                    if (r.undefinedExample == null) {
                        r.undefinedExample = "`" + c.text + "` from EFLAGS " + Hex.word8(c.eflags) + ": host "
                                + Hex.word8(host[i].eflags) + ", emulator " + Hex.word8(emu.eflags);
                    }
                }
            }
        }

        Map<String, String> known = KnownMismatches.load();
        TreeSet<String> failing = new TreeSet<>();
        if (rfDifferences > 0) {
            failing.add(RF_KEY);
        }
        long millis = System.currentTimeMillis() - t0;
        Files.writeString(Path.of("target", "differential-report.md"),
                DifferentialReport.render(results, excluded, known, millis,
                        rfDifferences == 0 ? null : RF_KEY + ": " + rfDifferences + " cases, e.g. " + rfExample));
        int mismatches = rfOnlyCases;
        for (FormResult r : results) {
            mismatches += r.mismatches;
            if (r.mismatches > 0) {
                failing.add(r.form.key());
            }
        }
        System.out.println("differential: " + results.size() + " forms, " + mismatches + " mismatches");

        List<String> problems = new ArrayList<>();
        if (!uncovered.isEmpty()) {
            problems.add("forms with no generator and no not-host-testable reason: " + uncovered);
        }
        for (String key : failing) {
            if (!known.containsKey(key)) {
                problems.add("new mismatch in " + key + " (see target/differential-report.md)");
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
