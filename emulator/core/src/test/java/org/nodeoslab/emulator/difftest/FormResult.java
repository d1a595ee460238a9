package org.nodeoslab.emulator.difftest;

import java.util.ArrayList;
import java.util.List;

/** What the suite found for one form. */
final class FormResult {
    static final int DETAILS_KEPT = 5;

    final FormSpec form;
    int cases;
    int mismatches;
    final List<Mismatch> details = new ArrayList<>();
    int undefinedFlagDifferences;
    int undefinedFlagsSeen;
    String undefinedExample;
    int hostFaults;
    int undefinedResultDifferences;
    String undefinedResultExample;

    FormResult(FormSpec form) {
        this.form = form;
    }

    void addMismatch(Mismatch m) {
        mismatches++;
        if (details.size() < DETAILS_KEPT) {
            details.add(m);
        }
    }
}
