package org.nodeoslab.site.labs;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Every lab of the labs folder at one moment, in course order, each rendered or with its problems. */
public record LabsSnapshot(List<LabView> labs) {

    public LabsSnapshot {
        labs = List.copyOf(labs);
    }

    public Optional<LabView> lab(String id) {
        return labs.stream().filter(l -> l.id().equals(id)).findFirst();
    }

    /** The lab after {@code id} in course order that can be shown (a broken one is skipped), if any. */
    public Optional<LabView> next(String id) {
        int at = labs.indexOf(lab(id).orElse(null));
        if (at < 0) {
            return Optional.empty();
        }
        return labs.subList(at + 1, labs.size()).stream().filter(LabView::ok).findFirst();
    }

    /** Every problem of every lab, for the export's refusal. */
    public List<LabProblem> problems() {
        return labs.stream().flatMap(l -> l.parsed().problems().stream()).toList();
    }

    /** Titles by id, to show prerequisites by name. */
    public Map<String, String> titles() {
        Map<String, String> out = new LinkedHashMap<>();
        labs.forEach(l -> out.put(l.id(), l.parsed().title()));
        return out;
    }
}
