package org.nodeoslab.site.labs;

import java.util.List;

/**
 * A step of a lab: a {@code ## } heading and what follows it up to the next one.
 *
 * @param number       1-based position in the lab
 * @param title        the heading's text
 * @param anchor       a URL fragment for the step ({@code step-3})
 * @param line         the heading's file line
 * @param instructions what the student reads, in order: Markdown prose and paste-able commands
 * @param hints        the hints' Markdown (without "Hint:"), revealed one at a time in this order
 * @param setup        shell run through the agent before the step starts, or null
 * @param check        the check (sh or node) run through the agent, or null
 * @param expect       a regular expression the step's console output must match, or null
 * @param solution     what the runner types on the console, or null
 */
public record LabStep(int number, String title, String anchor, int line, List<Part> instructions, List<String> hints,
        LabBlock setup, LabBlock check, LabBlock expect, LabBlock solution) {

    public LabStep {
        instructions = List.copyOf(instructions);
        hints = List.copyOf(hints);
    }

    /** The solution's lines to type, blank lines left out. */
    public List<String> solutionLines() {
        return solution == null ? List.of()
                : solution.text().lines().filter(l -> !l.isBlank()).toList();
    }

    /** A piece of a step's instructions. */
    public sealed interface Part permits Prose, Commands {
    }

    /** Markdown text, rendered as it is. */
    public record Prose(String markdown) implements Part {
    }

    /**
     * A {@code sh} or {@code console} block: shown as written, with a button that pastes {@link #commands}.
     *
     * @param shown    the block as written
     * @param commands the lines to paste: every line of a {@code sh} block; the {@code $ } lines of a console block
     */
    public record Commands(String shown, List<String> commands) implements Part {
        public Commands {
            commands = List.copyOf(commands);
        }
    }
}
