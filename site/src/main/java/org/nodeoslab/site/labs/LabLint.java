package org.nodeoslab.site.labs;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;

/**
 * The checks that need more than one file's text: prerequisites that name real labs (and no cycle), expects that
 * are regular expressions Java and JavaScript read alike, and scripts that parse ({@link ScriptSyntax}).
 */
public final class LabLint {

    /** Java-only (or JavaScript-different) regex constructs: the page checks expects with JavaScript's RegExp. */
    private static final Map<Pattern, String> NOT_PORTABLE = Map.of(
            Pattern.compile("\\(\\?>"), "atomic groups (?>...)",
            Pattern.compile("\\(\\?[a-zA-Z-]+[):]"), "inline flags like (?i)",
            Pattern.compile("[*+?}]\\+"), "possessive quantifiers like a*+",
            Pattern.compile("\\\\[AZzGQEhHRX]"), "\\A, \\Z, \\z, \\G, \\Q...\\E, \\h, \\R or \\X",
            Pattern.compile("\\\\[pP]\\{"), "\\p{...} classes",
            Pattern.compile("&&"), "class intersections [a&&b]");

    private final ScriptSyntax syntax;

    public LabLint(ScriptSyntax syntax) {
        this.syntax = syntax;
    }

    /** Every lab again, with the problems of this lint added to the parser's, in file order. */
    public List<ParsedLab> lint(List<ParsedLab> labs) {
        Map<String, ParsedLab> byId = labs.stream().collect(Collectors.toMap(ParsedLab::id, Function.identity(),
                (a, b) -> a));
        List<ParsedLab> out = new ArrayList<>();
        for (ParsedLab parsed : labs) {
            if (parsed.lab() == null) {
                out.add(parsed);
                continue;
            }
            LabParser.Problems problems = new LabParser.Problems(parsed.source());
            problems.list.addAll(parsed.problems());
            prerequisites(parsed.lab(), byId, problems);
            for (LabStep step : parsed.lab().steps()) {
                expect(step, problems);
                scripts(step, problems);
            }
            problems.list.sort(Comparator.comparingInt(LabProblem::line).thenComparingInt(LabProblem::column));
            out.add(new ParsedLab(parsed.id(), parsed.source(), parsed.lab(), problems.list));
        }
        return out;
    }

    private static void prerequisites(Lab lab, Map<String, ParsedLab> byId, LabParser.Problems problems) {
        int line = lineOf(lab, "prerequisites");
        for (String p : lab.prerequisites()) {
            if (p.equals(lab.id())) {
                problems.add(line, 1, "the lab lists itself as a prerequisite; remove \"" + p + "\"");
            } else if (!byId.containsKey(p)) {
                problems.add(line, 1, "prerequisite \"" + p + "\" is not a lab: it must be the folder name of a lab"
                        + " in labs/" + LabParser.suggestion(p, byId.keySet()));
            } else if (leadsBack(p, lab.id(), byId, new HashSet<>())) {
                problems.add(line, 1, "prerequisite \"" + p + "\" (through its own prerequisites) needs this lab"
                        + " first: a circle; remove one of the two");
            }
        }
    }

    private static boolean leadsBack(String from, String target, Map<String, ParsedLab> byId, Set<String> seen) {
        if (from.equals(target)) {
            return true;
        }
        ParsedLab p = byId.get(from);
        if (p == null || p.lab() == null || !seen.add(from)) {
            return false;
        }
        return p.lab().prerequisites().stream().anyMatch(next -> leadsBack(next, target, byId, seen));
    }

    /** The front matter line of a key, found again from the lab's text (the parser keeps only the values). */
    private static int lineOf(Lab lab, String key) {
        try {
            List<String> lines = java.nio.file.Files.readAllLines(lab.folder().resolve(LabParser.LAB_FILE));
            for (int i = 1; i < lines.size(); i++) {
                if (lines.get(i).startsWith(key + ":")) {
                    return i + 1;
                }
                if (lines.get(i).startsWith("---")) {
                    break;
                }
            }
        } catch (java.io.IOException ignored) {
            // the parser already reported an unreadable file
        }
        return 1;
    }

    private void expect(LabStep step, LabParser.Problems problems) {
        if (step.expect() == null) {
            return;
        }
        String regex = LabExpect.regexOf(step.expect());
        int line = step.expect().firstLine();
        if (regex.isEmpty()) {
            return; // the parser reported the empty block
        }
        try {
            Pattern p = LabExpect.compile(step.expect());
            if (p.matcher("").find()) {
                problems.add(line, 1, "the expect matches empty output, so it passes before the student does"
                        + " anything: make it match text the step's commands print");
            }
        } catch (PatternSyntaxException e) {
            problems.add(line, Math.max(1, e.getIndex() + 1), "the expect is not a regular expression: "
                    + e.getDescription() + " (write \\ before ( ) [ ] . * + ? to mean the character itself)");
            return;
        }
        for (var construct : NOT_PORTABLE.entrySet()) {
            var m = construct.getKey().matcher(regex);
            if (m.find()) {
                problems.add(line, m.start() + 1, "the expect uses " + construct.getValue() + ", which JavaScript"
                        + " (the student's page) reads differently or not at all: use plain groups, classes and"
                        + " quantifiers");
            }
        }
        String js = syntax.javascriptRegex(regex);
        if (js != null) {
            problems.add(line, 1, "JavaScript rejects the expect: " + js);
        }
    }

    private void scripts(LabStep step, LabParser.Problems problems) {
        shell(step.setup(), "setup", problems);
        shell(step.solution(), "solution", problems);
        LabBlock check = step.check();
        if (check == null || check.text().isBlank()) {
            return;
        }
        if (check.language().equals("node")) {
            for (ScriptSyntax.Error e : syntax.node(check.text())) {
                problems.add(check.fenceLine() + e.line(), e.column(), "the Node.js check does not parse: "
                        + e.message());
            }
        } else if (check.language().equals("sh")) {
            shell(check, "check", problems);
        }
    }

    private void shell(LabBlock block, String kind, LabParser.Problems problems) {
        if (block == null || block.text().isBlank()) {
            return;
        }
        for (ScriptSyntax.Error e : syntax.shell(block.text())) {
            problems.add(block.fenceLine() + e.line(), e.column(), "the " + kind + " is not valid shell: "
                    + e.message());
        }
    }
}
