package org.nodeoslab.site.book;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.nodeoslab.site.content.ContentException;

/** Every label of the book ({@code sec:x}, {@code fig:x}, {@code tbl:x}, {@code lst:x}) and where it is defined. */
final class Labels {

    private final Map<String, Target> targets = new HashMap<>();
    private final Map<String, SourceLine> defined = new HashMap<>();

    void add(String label, Target target, SourceLine where, List<ContentException> errors) {
        SourceLine earlier = defined.putIfAbsent(label, where);
        if (earlier != null) {
            errors.add(new ContentException(where.file(), where.line(),
                    "label " + label + " is already defined at " + earlier.where()));
            return;
        }
        targets.put(label, target);
    }

    Target get(String label) {
        return targets.get(label);
    }

    int size() {
        return targets.size();
    }
}
