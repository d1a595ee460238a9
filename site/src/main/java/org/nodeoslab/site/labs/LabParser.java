package org.nodeoslab.site.labs;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.nodeoslab.site.content.ContentException;
import org.nodeoslab.site.content.FrontMatter;
import org.nodeoslab.site.content.FrontMatterParser;

import com.vladsch.flexmark.ast.BlockQuote;
import com.vladsch.flexmark.ast.FencedCodeBlock;
import com.vladsch.flexmark.ast.Heading;
import com.vladsch.flexmark.parser.Parser;
import com.vladsch.flexmark.util.ast.Document;
import com.vladsch.flexmark.util.ast.Node;
import com.vladsch.flexmark.util.data.MutableDataSet;

/**
 * Reads {@code labs/<id>/lab.md} into a {@link Lab} and the problems of that one file (the format is in
 * labs/README.md). Nothing here needs Spring, the guest or the other labs; {@link LabLint} adds the checks that do.
 * Never throws for bad content: every problem becomes a {@link LabProblem} with its line.
 */
public final class LabParser {

    public static final String LAB_FILE = "lab.md";
    static final Pattern LAB_ID = Pattern.compile("[a-z0-9][a-z0-9-]*");
    private static final Set<String> KEYS = Set.of("title", "summary", "level", "minutes", "tags", "prerequisites",
            "starts-from", "files");
    private static final Set<String> LEVELS = Set.of("beginner", "intermediate", "advanced");
    private static final Set<String> FILE_KEYS = Set.of("from", "to", "mode");
    private static final Pattern LIST_ITEM = Pattern.compile("^\\s*-\\s");
    private static final Pattern HINT = Pattern.compile("^\\s*Hint:\\s*", Pattern.CASE_INSENSITIVE);

    /** Flexmark's CommonMark parser alone: the structure (headings, fences, quotes) is all this needs. */
    private final Parser markdown = Parser.builder(new MutableDataSet()).build();

    /** Reads the lab in {@code folder}; {@code source} is lab.md's path as messages show it. */
    public ParsedLab parse(Path folder, String source) {
        String id = folder.getFileName().toString();
        Problems problems = new Problems(source);
        if (!LAB_ID.matcher(id).matches()) {
            problems.add(1, 1, "the folder name \"" + id + "\" is the lab's id: use lower-case letters, digits and"
                    + " dashes only, e.g. 03-processes");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(
                    Files.readAllBytes(folder.resolve(LAB_FILE)))).toString();
        } catch (CharacterCodingException e) {
            problems.add(1, 1, "the file is not UTF-8 text: save it as UTF-8 in your editor");
            return new ParsedLab(id, source, null, problems.list);
        } catch (IOException e) {
            problems.add(1, 1, "cannot read " + LAB_FILE + " (" + e.getMessage() + "): every lab folder needs one");
            return new ParsedLab(id, source, null, problems.list);
        }
        if (!text.replace("\uFEFF", "").startsWith("---")) {
            problems.add(1, 1, "a lab starts with its front matter: a line \"---\", lines like \"title: ...\", and"
                    + " a closing \"---\"");
            return new ParsedLab(id, source, null, problems.list);
        }
        FrontMatter front;
        try {
            front = FrontMatterParser.parse(source, text);
        } catch (ContentException e) {
            problems.add(e.line(), 1, e.problem());
            return new ParsedLab(id, source, null, problems.list);
        }
        String[] lines = text.replace("\r\n", "\n").split("\n", -1);
        Lab lab = readLab(id, folder, source, front, lines, problems);
        return new ParsedLab(id, source, lab, problems.list);
    }

    private Lab readLab(String id, Path folder, String source, FrontMatter front, String[] lines, Problems problems) {
        for (String key : front.data().keySet()) {
            if (!KEYS.contains(key)) {
                problems.add(front.lineOf(key), 1, "unknown key \"" + key + "\"" + suggestion(key, KEYS)
                        + "; the keys are " + String.join(", ", KEYS.stream().sorted().toList()));
            }
        }
        String title = requiredText(front, "title", "the lab's name, e.g. title: Processes and signals", problems);
        String summary = requiredText(front, "summary", "one sentence saying what the student learns", problems);
        String level = front.string("level");
        if (level != null && !LEVELS.contains(level)) {
            problems.add(front.lineOf("level"), 1, "level \"" + level + "\" is not one of beginner, intermediate,"
                    + " advanced");
        }
        int minutes = minutes(front, problems);
        List<String> tags = stringList(front, "tags", problems);
        List<String> prerequisites = stringList(front, "prerequisites", problems);
        String startsFrom = front.string("starts-from");
        if (startsFrom == null) {
            startsFrom = Lab.STARTUP;
        } else if (!startsFrom.equals(Lab.STARTUP)) {
            problems.add(front.lineOf("starts-from"), 1, "starts-from \"" + startsFrom + "\": only \"startup\" (the"
                    + " image's start-up state at the nsh prompt) is supported; remove the line or write startup");
        }
        List<LabFile> files = files(folder, front, lines, problems);
        Body body = readBody(front, problems);
        return new Lab(id, folder, source, title, summary, level == null ? "" : level, minutes, tags, prerequisites,
                startsFrom, files, body.intro, body.steps);
    }

    private static String requiredText(FrontMatter front, String key, String what, Problems problems) {
        Object value = front.data().get(key);
        if (value == null || value.toString().isBlank()) {
            problems.add(front.lineOf(key), 1, "the front matter needs \"" + key + ":\" (" + what + ")");
            return null;
        }
        if (value instanceof Map || value instanceof List) {
            problems.add(front.lineOf(key), 1, "\"" + key + "\" must be text, on one line");
            return null;
        }
        return value.toString().trim();
    }

    private static int minutes(FrontMatter front, Problems problems) {
        Object value = front.data().get("minutes");
        if (value == null) {
            return 0;
        }
        if (value instanceof Integer m && m > 0 && m <= 600) {
            return m;
        }
        problems.add(front.lineOf("minutes"), 1, "minutes must be a whole number of minutes, e.g. minutes: 15"
                + " (found \"" + value + "\")");
        return 0;
    }

    private static List<String> stringList(FrontMatter front, String key, Problems problems) {
        Object value = front.data().get(key);
        if (value == null) {
            return List.of();
        }
        if (value instanceof String s) {
            return s.isBlank() ? List.of() : List.of(s.trim());
        }
        List<String> out = new ArrayList<>();
        if (value instanceof List<?> list) {
            for (Object item : list) {
                if (item instanceof String || item instanceof Number) {
                    out.add(item.toString().trim());
                    continue;
                }
                problems.add(front.lineOf(key), 1, "\"" + key + "\" is a list of words, e.g. " + key
                        + ": [a, b]; one entry is not a word: " + item);
            }
            return out;
        }
        problems.add(front.lineOf(key), 1, "\"" + key + "\" is a list, e.g. " + key + ": [a, b]");
        return List.of();
    }

    private static List<LabFile> files(Path folder, FrontMatter front, String[] lines, Problems problems) {
        Object value = front.data().get("files");
        if (value == null) {
            return List.of();
        }
        int keyLine = front.lineOf("files");
        if (!(value instanceof List<?> list)) {
            problems.add(keyLine, 1, "\"files\" is a list of entries like \"- {from: hello.js, to:"
                    + " /home/nodeos/hello.js, mode: \"0644\"}\"");
            return List.of();
        }
        List<Integer> itemLines = itemLines(lines, keyLine, front.bodyFirstLine() - 1);
        List<LabFile> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            int line = i < itemLines.size() ? itemLines.get(i) : keyLine;
            if (!(list.get(i) instanceof Map<?, ?> entry)) {
                problems.add(line, 1, "a files entry is \"{from: NAME, to: /PATH, mode: \"0644\"}\", not \""
                        + list.get(i) + "\"");
                continue;
            }
            for (Object k : entry.keySet()) {
                if (!FILE_KEYS.contains(String.valueOf(k))) {
                    problems.add(line, 1, "unknown key \"" + k + "\" in a files entry" + suggestion(String.valueOf(k),
                            FILE_KEYS) + "; the keys are from, to, mode");
                }
            }
            LabFile file = file(folder, entry, line, problems);
            if (file != null) {
                out.add(file);
            }
        }
        return out;
    }

    /** The file lines of the list items ("- ...") that follow the key on {@code keyLine}, up to {@code lastLine}. */
    private static List<Integer> itemLines(String[] lines, int keyLine, int lastLine) {
        List<Integer> out = new ArrayList<>();
        for (int n = keyLine + 1; n <= lastLine && n <= lines.length; n++) {
            String l = lines[n - 1];
            if (!l.isBlank() && !Character.isWhitespace(l.charAt(0)) && !l.startsWith("-")) {
                break; // the next top-level key
            }
            if (LIST_ITEM.matcher(l).find()) {
                out.add(n);
            }
        }
        return out;
    }

    private static LabFile file(Path folder, Map<?, ?> entry, int line, Problems problems) {
        Object from = entry.get("from");
        Object to = entry.get("to");
        if (from == null || to == null) {
            problems.add(line, 1, "a files entry needs \"from\" (a file beside lab.md) and \"to\" (where it goes in"
                    + " the guest, e.g. /home/nodeos/hello.js)");
            return null;
        }
        String fromPath = from.toString();
        Path resolved = folder.resolve(fromPath).normalize();
        if (fromPath.startsWith("/") || !resolved.startsWith(folder.normalize())) {
            problems.add(line, 1, "\"from: " + fromPath + "\" must name a file inside the lab's folder");
            return null;
        }
        if (!Files.isRegularFile(resolved)) {
            problems.add(line, 1, "\"from: " + fromPath + "\": no such file beside lab.md; add it to the lab's"
                    + " folder or fix the name");
        }
        String toPath = to.toString();
        if (!toPath.startsWith("/") || toPath.endsWith("/") || toPath.contains("/../") || toPath.contains("'")) {
            problems.add(line, 1, "\"to: " + toPath + "\" must be an absolute file path in the guest, e.g."
                    + " /home/nodeos/hello.js (no quotes, no ..)");
        }
        int mode = 0644;
        Object m = entry.get("mode");
        if (m instanceof Integer i) {
            mode = i; // YAML 1.1 already read an unquoted 0755 as octal
        } else if (m != null) {
            try {
                mode = Integer.parseInt(m.toString(), 8);
            } catch (NumberFormatException e) {
                mode = -1;
            }
        }
        if (mode < 0 || mode > 07777) {
            problems.add(line, 1, "mode \"" + m + "\" is not a file mode: write it in octal, quoted, e.g. mode:"
                    + " \"0755\" for a program");
            mode = 0644;
        }
        return new LabFile(fromPath, toPath, mode, line);
    }

    /** The introduction and the steps, split at the level-2 headings. */
    private record Body(String intro, List<LabStep> steps) {
    }

    private Body readBody(FrontMatter front, Problems problems) {
        Document document = markdown.parse(front.body());
        int offset = front.bodyFirstLine();
        StringBuilder intro = new StringBuilder();
        List<LabStep> steps = new ArrayList<>();
        StepBuilder step = null;
        for (Node node = document.getFirstChild(); node != null; node = node.getNext()) {
            int line = node.getStartLineNumber() + offset;
            if (node instanceof Heading h && h.getLevel() == 2) {
                if (step != null) {
                    steps.add(step.build(problems));
                }
                step = new StepBuilder(steps.size() + 1, h.getText().toString().trim(), line);
                continue;
            }
            if (step == null) {
                if (node instanceof FencedCodeBlock f && isLabBlock(kind(f))) {
                    problems.add(line, 1, "a ```" + kind(f) + " block before the first step: put it under a \"## \""
                            + " step heading");
                }
                appendProse(intro, node.getChars().toString());
                continue;
            }
            step.add(node, line, problems);
        }
        if (step != null) {
            steps.add(step.build(problems));
        }
        if (steps.isEmpty()) {
            problems.add(offset, 1, "the lab has no steps: each step starts with a heading line \"## Step title\"");
        }
        return new Body(intro.toString().strip(), steps);
    }

    static String kind(FencedCodeBlock f) {
        String info = f.getInfo().toString().trim();
        int space = info.indexOf(' ');
        return (space < 0 ? info : info.substring(0, space)).toLowerCase(Locale.ROOT);
    }

    private static String language(FencedCodeBlock f) {
        String[] words = f.getInfo().toString().trim().split("\\s+");
        return words.length > 1 ? words[1] : "";
    }

    private static boolean isLabBlock(String kind) {
        return Set.of("check", "expect", "setup", "solution").contains(kind);
    }

    private static void appendProse(StringBuilder out, String markdown) {
        if (!out.isEmpty()) {
            out.append("\n\n");
        }
        out.append(markdown.stripTrailing());
    }

    /** Collects one step's nodes. */
    private static final class StepBuilder {
        private final int number;
        private final String title;
        private final int line;
        private final List<LabStep.Part> parts = new ArrayList<>();
        private final List<String> hints = new ArrayList<>();
        private final StringBuilder prose = new StringBuilder();
        private LabBlock setup, check, expect, solution;

        StepBuilder(int number, String title, int line) {
            this.number = number;
            this.title = title;
            this.line = line;
        }

        void add(Node node, int nodeLine, Problems problems) {
            if (node instanceof FencedCodeBlock f) {
                String kind = kind(f);
                String text = f.getContentChars().toString();
                switch (kind) {
                    case "sh", "console" -> {
                        flushProse();
                        parts.add(new LabStep.Commands(text.stripTrailing(), commands(kind, text)));
                    }
                    case "check" -> {
                        String language = language(f).isEmpty() ? "sh" : language(f);
                        if (!language.equals("sh") && !language.equals("node")) {
                            problems.add(nodeLine, 1, "```check " + language + ": a check is ```check (busybox sh)"
                                    + " or ```check node (Node.js)");
                        }
                        check = once(check, new LabBlock(language, text, nodeLine), "check", problems);
                    }
                    case "expect" -> expect = once(expect, new LabBlock("", text, nodeLine), "expect", problems);
                    case "setup" -> setup = once(setup, new LabBlock("sh", text, nodeLine), "setup", problems);
                    case "solution" ->
                        solution = once(solution, new LabBlock("sh", text, nodeLine), "solution", problems);
                    default -> appendProse(prose, node.getChars().toString());
                }
                if (isLabBlock(kind) && text.isBlank()) {
                    problems.add(nodeLine, 1, "the ```" + kind + " block is empty");
                }
                return;
            }
            if (node instanceof BlockQuote quote) {
                String inner = unquote(quote.getChars().toString());
                var hint = HINT.matcher(inner);
                if (hint.find()) {
                    hints.add(inner.substring(hint.end()).strip());
                    return;
                }
            }
            appendProse(prose, node.getChars().toString());
        }

        private LabBlock once(LabBlock old, LabBlock block, String kind, Problems problems) {
            if (old != null) {
                problems.add(block.fenceLine(), 1, "a second ```" + kind + " block in step \"" + title + "\" (the"
                        + " first is on line " + old.fenceLine() + "): a step has at most one; merge them");
                return old;
            }
            return block;
        }

        private void flushProse() {
            if (!prose.isEmpty()) {
                parts.add(new LabStep.Prose(prose.toString()));
                prose.setLength(0);
            }
        }

        LabStep build(Problems problems) {
            flushProse();
            if (check == null && expect == null) {
                problems.add(line, 1, "step \"" + title + "\" has no ```check or ```expect block: add one that"
                        + " passes only once the student has done the step");
            }
            if (solution == null) {
                problems.add(line, 1, "step \"" + title + "\" has no ```solution block: add the commands a student"
                        + " types to do the step (the runner types them to prove the step works)");
            }
            if (title.isEmpty()) {
                problems.add(line, 1, "a step heading needs a title after \"## \"");
            }
            return new LabStep(number, title, "step-" + number, line, parts, hints, setup, check, expect, solution);
        }
    }

    /** A {@code console} block's commands are its {@code $ } lines; a {@code sh} block's are all its lines. */
    static List<String> commands(String kind, String text) {
        if (kind.equals("console")) {
            return text.lines().filter(l -> l.startsWith("$ ")).map(l -> l.substring(2)).toList();
        }
        return text.lines().filter(l -> !l.isBlank()).toList();
    }

    /** A block quote's Markdown without its "> " markers. */
    private static String unquote(String quoted) {
        StringBuilder out = new StringBuilder();
        for (String l : quoted.split("\n", -1)) {
            String s = l.stripLeading();
            if (s.startsWith(">")) {
                s = s.substring(1);
                if (s.startsWith(" ")) {
                    s = s.substring(1);
                }
            }
            out.append(s).append('\n');
        }
        return out.toString().strip();
    }

    /** "; did you mean X?" when a key is one typo away from a known one. */
    static String suggestion(String key, Set<String> known) {
        String best = null;
        int bestDistance = 3;
        for (String k : known) {
            int d = distance(key.toLowerCase(Locale.ROOT), k);
            if (d < bestDistance) {
                bestDistance = d;
                best = k;
            }
        }
        return best == null ? "" : " (did you mean \"" + best + "\"?)";
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    /** Problems of one file, in the order found. */
    static final class Problems {
        private final String file;
        final List<LabProblem> list = new ArrayList<>();

        Problems(String file) {
            this.file = file;
        }

        void add(int line, int column, String message) {
            list.add(new LabProblem(file, line, column, message));
        }
    }
}
