package org.nodeoslab.site.labs;

import java.util.List;

/**
 * A lab as its page shows it: rendered HTML for the prose, the raw text of commands, and the step data the page's
 * scripts need ({@link LabData}, also at /labs/ID/lab.json).
 *
 * @param parsed  the lab and its problems; a lab with problems has no steps to show, only its problems
 * @param version a hash of the lab's files: the live preview reloads the page when it changes
 */
public record LabView(ParsedLab parsed, String introHtml, List<StepView> steps, LabData data, String version) {

    public String id() {
        return parsed.id();
    }

    public Lab lab() {
        return parsed.lab();
    }

    public boolean ok() {
        return parsed.ok();
    }

    /** A step as shown: its instructions in order, its hints, and whether it has a check and an expect. */
    public record StepView(int number, String title, String anchor, List<PartView> parts, List<String> hintsHtml,
            String solution, boolean checked, boolean expected) {
    }

    /** Rendered prose ({@code commands} null) or a paste-able command block. */
    public record PartView(String html, String shown, String commands) {
        public boolean isCommands() {
            return commands != null;
        }
    }
}
