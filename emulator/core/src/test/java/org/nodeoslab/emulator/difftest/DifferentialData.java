package org.nodeoslab.emulator.difftest;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nodeoslab.image.data.DataTable;

/**
 * The book's table of the differential suite (target/differential.csv and .md, and in the folder named by the
 * system property {@value #DATA_OUT_PROPERTY} when set, e.g. thesis/data): per family of forms (integer, x87,
 * SIMD), how many forms and cases ran, how many mismatched (all of them listed, with reasons, in
 * known-mismatches.txt) and how many forms cannot be tested in a user-mode host process.
 */
final class DifferentialData {
    static final String DATA_OUT_PROPERTY = "differential.data-out";

    private DifferentialData() {
    }

    static DataTable table(DifferentialSuite suite, Map<String, String> known) {
        Set<String> x87 = keys(FpuForms.forms());
        Set<String> simd = keys(SimdForms.forms());
        DataTable t = new DataTable("differential",
                "mvn -pl emulator/core -am test -Dtest=DifferentialTest -Dsurefire.failIfNoSpecifiedTests=false"
                        + " -Ddifferential.data-out=$PWD/thesis/data",
                List.of("family", "forms_tested", "cases", "mismatching_forms", "mismatching_cases",
                        "known_mismatches", "not_host_testable"));
        int[] total = new int[6];
        for (String family : List.of("integer", "x87", "SIMD")) {
            int[] row = new int[6];
            for (FormResult r : suite.results) {
                if (family(r.form.key(), x87, simd).equals(family)) {
                    row[0]++;
                    row[1] += r.cases;
                    row[2] += r.mismatches > 0 ? 1 : 0;
                    row[3] += r.mismatches;
                    row[4] += r.mismatches > 0 && known.containsKey(r.form.key()) ? 1 : 0;
                }
            }
            for (FormSpec f : suite.excluded.keySet()) {
                row[5] += family(f.key(), x87, simd).equals(family) ? 1 : 0;
            }
            t.row(family, row[0], row[1], row[2], row[3], row[4], row[5]);
            for (int i = 0; i < row.length; i++) {
                total[i] += row[i];
            }
        }
        return t.row("all", total[0], total[1], total[2], total[3], total[4], total[5]);
    }

    /** Writes the table into target/ and, when {@value #DATA_OUT_PROPERTY} is set, into that folder too. */
    static void write(DifferentialSuite suite, Map<String, String> known) throws IOException {
        DataTable t = table(suite, known);
        t.writeTo(Path.of("target"));
        String dataOut = System.getProperty(DATA_OUT_PROPERTY);
        if (dataOut != null && !dataOut.isBlank()) {
            System.out.println("differential: wrote " + t.writeTo(Path.of(dataOut)));
        }
    }

    private static String family(String key, Set<String> x87, Set<String> simd) {
        return x87.contains(key) ? "x87" : simd.contains(key) ? "SIMD" : "integer";
    }

    private static Set<String> keys(List<FormSpec> forms) {
        Set<String> keys = new HashSet<>();
        for (FormSpec f : forms) {
            keys.add(f.key());
        }
        return keys;
    }
}
