package org.nodeoslab.site.labs;

import java.util.List;

/**
 * What reading one lab folder gave: the lab (null when its front matter could not be read at all) and every
 * problem found, in file order. A lab with problems is broken: the site shows its problems instead of it.
 */
public record ParsedLab(String id, String source, Lab lab, List<LabProblem> problems) {

    public ParsedLab {
        problems = List.copyOf(problems);
    }

    public boolean ok() {
        return lab != null && problems.isEmpty();
    }

    public String title() {
        return lab != null && lab.title() != null ? lab.title() : id;
    }
}
