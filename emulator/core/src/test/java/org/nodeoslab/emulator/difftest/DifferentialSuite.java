package org.nodeoslab.emulator.difftest;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs every form of {@link FormCatalog} on the host and in the emulator and collects what differs: per form in
 * {@link FormResult}, plus the cross-cutting check of RF in fault frames.
 */
final class DifferentialSuite {
    /** Cases per native process: big enough to amortize nasm and process start, small enough for memory. */
    private static final int BATCH = 16_000;
    /** The known-mismatch key of the cross-cutting check of RF in fault frames. */
    static final String RF_KEY = "ALL FORMS: EFLAGS.RF in fault frames";

    final List<FormResult> results = new ArrayList<>();
    final Map<FormSpec, String> excluded = new LinkedHashMap<>();
    final List<String> uncovered = new ArrayList<>();
    /** Cases whose second run (from the pre-decoded instruction cache) ended differently from their first. */
    final List<String> predecodedDifferences = new ArrayList<>();
    int rfDifferences;
    /** Cases whose only difference is RF, so that every case counts once in the summary. */
    int rfOnlyCases;
    String rfExample;
    long millis;

    static DifferentialSuite run(Path workDir) {
        DifferentialSuite s = new DifferentialSuite();
        long t0 = System.currentTimeMillis();
        List<TestCase> all = new ArrayList<>();
        Map<FormSpec, FormResult> byForm = new LinkedHashMap<>();
        for (FormSpec f : FormCatalog.forms()) {
            String reason = FormCatalog.notHostTestable(f);
            List<TestCase> cases = reason == null ? FormCatalog.cases(f) : null;
            if (reason != null) {
                s.excluded.put(f, reason);
            } else if (cases == null || cases.isEmpty()) {
                s.uncovered.add(f.key());
            } else {
                FormResult r = new FormResult(f);
                s.results.add(r);
                byForm.put(f, r);
                all.addAll(cases);
            }
        }
        for (int from = 0, batch = 0; from < all.size(); from += BATCH, batch++) {
            List<TestCase> cases = all.subList(from, Math.min(all.size(), from + BATCH));
            TestProgram program = TestProgram.assemble(cases, workDir, "batch" + batch);
            EncodingCheck.verify(program);
            Outcome[] host = NativeRunner.run(program, workDir.resolve("batch" + batch));
            EmulatorRunner emulator = new EmulatorRunner(program);
            for (int i = 0; i < cases.size(); i++) {
                // The first run decodes the case's instructions (the general path); the second runs them from
                // their pre-decoded entries, through FastForms where one applies. Both must end the same way.
                Outcome decoded = emulator.run(program, i);
                if (writesBeyondWindow(cases.get(i).form)) {
                    s.record(byForm.get(cases.get(i).form), cases.get(i), host[i], decoded);
                    continue; // a second run would start from memory the first one changed
                }
                Outcome predecoded = emulator.run(program, i);
                s.record(byForm.get(cases.get(i).form), cases.get(i), host[i], predecoded);
                if (!decoded.sameAs(predecoded) && s.predecodedDifferences.size() < 20) {
                    TestCase c = cases.get(i);
                    s.predecodedDifferences.add("`" + c.text + "` (" + c.form.key() + "): decoded " + decoded.ending()
                            + " EFLAGS " + Hex.word8(decoded.eflags) + ", pre-decoded " + predecoded.ending()
                            + " EFLAGS " + Hex.word8(predecoded.eflags));
                }
            }
        }
        s.millis = System.currentTimeMillis() - t0;
        return s;
    }

    /**
     * BTS, BTR and BTC with a register bit offset write anywhere within +-256 MiB of their operand, beyond the
     * window a case starts from (natively each case runs once; the emulator runs the others twice).
     */
    private static boolean writesBeyondWindow(FormSpec f) {
        String key = f.key();
        return key.startsWith("0F AB ") || key.startsWith("0F B3 ") || key.startsWith("0F BB ");
    }

    private void record(FormResult r, TestCase c, Outcome host, Outcome emu) {
        r.cases++;
        if (host.faulted()) {
            r.hostFaults++;
        }
        Mismatch m = OutcomeComparator.compare(c, host, emu);
        if (m != null) {
            r.addMismatch(m);
        }
        boolean rf = OutcomeComparator.faultFrameRfDiffers(host, emu);
        if (rf && m == null) {
            rfOnlyCases++;
        }
        if (rf && rfDifferences++ == 0) {
            rfExample = "`" + c.text + "` (" + c.form.key() + "): host " + host.ending() + " EFLAGS "
                    + Hex.word8(host.eflags) + ", emulator EFLAGS " + Hex.word8(emu.eflags);
        }
        String undefinedResult = OutcomeComparator.undefinedResultDifference(c, host, emu);
        if (undefinedResult != null && r.undefinedResultDifferences++ == 0) {
            r.undefinedResultExample = "`" + c.text + "`: " + undefinedResult;
        }
        int undefined = OutcomeComparator.undefinedFlagDifference(c, host, emu);
        if (undefined != 0) {
            r.undefinedFlagDifferences++;
            r.undefinedFlagsSeen |= undefined;
            if (r.undefinedExample == null) {
                r.undefinedExample = "`" + c.text + "` from EFLAGS " + Hex.word8(c.eflags) + ": host "
                        + Hex.word8(host.eflags) + ", emulator " + Hex.word8(emu.eflags);
            }
        }
    }

    /** Mismatching cases, each counted once. */
    int mismatches() {
        int n = rfOnlyCases;
        for (FormResult r : results) {
            n += r.mismatches;
        }
        return n;
    }

    /** Keys (as in known-mismatches.txt) of everything that mismatches. */
    List<String> failingKeys() {
        List<String> keys = new ArrayList<>();
        if (rfDifferences > 0) {
            keys.add(RF_KEY);
        }
        for (FormResult r : results) {
            if (r.mismatches > 0) {
                keys.add(r.form.key());
            }
        }
        return keys;
    }

    String crossCuttingSummary() {
        return rfDifferences == 0 ? null : RF_KEY + ": " + rfDifferences + " cases, e.g. " + rfExample;
    }
}
