package org.nodeoslab.site.book;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.nodeoslab.site.content.ContentException;

/**
 * mdBook's {@code {{#include file}}}, also inside code blocks: the whole file, {@code file:3} (one line),
 * {@code file:3:9}, {@code file::9}, {@code file:3:} (line ranges), or {@code file:name} (the lines between
 * {@code ANCHOR: name} and {@code ANCHOR_END: name}). Paths are relative to the including file; included files may
 * include others. A missing file becomes an error at the directive's line and a visible marker in its place.
 */
public final class Includes {

    private static final Pattern DIRECTIVE = Pattern.compile("(\\\\?)\\{\\{#include\\s+([^}\\s]+)\\s*}}");
    private static final Pattern ANCHOR_LINE = Pattern.compile("ANCHOR(?:_END)?:\\s*[\\w-]+");
    private static final int MAX_DEPTH = 10;

    private final Path bookDir;
    private final String label;

    /** @param label how the book folder is named in messages ("thesis") */
    public Includes(Path bookDir, String label) {
        this.bookDir = bookDir;
        this.label = label;
    }

    /** The lines of a chapter file (relative to the book folder) with every include expanded. */
    public List<SourceLine> read(String relative, List<ContentException> errors) throws IOException {
        List<SourceLine> out = new ArrayList<>();
        expand(relative, readLines(bookDir.resolve(relative), display(relative)), 0, out, errors);
        return out;
    }

    private String display(String relative) {
        return label + "/" + relative;
    }

    private static List<SourceLine> readLines(Path file, String display) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        String[] lines = text.split("\r?\n", -1);
        int count = lines.length > 0 && lines[lines.length - 1].isEmpty() ? lines.length - 1 : lines.length;
        List<SourceLine> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(new SourceLine(lines[i], display, i + 1));
        }
        return out;
    }

    private void expand(String relative, List<SourceLine> lines, int depth, List<SourceLine> out,
                        List<ContentException> errors) {
        for (SourceLine line : lines) {
            Matcher m = DIRECTIVE.matcher(line.text());
            if (!m.find()) {
                out.add(line);
                continue;
            }
            List<SourceLine> pieces = new ArrayList<>();
            StringBuilder current = new StringBuilder();
            SourceLine origin = line;
            int from = 0;
            do {
                current.append(line.text(), from, m.start());
                from = m.end();
                if (!m.group(1).isEmpty()) {
                    current.append(m.group().substring(1)); // \{{#include x}} is written out as text
                    continue;
                }
                List<SourceLine> included = include(relative, m.group(2), line, depth, errors);
                for (int i = 0; i < included.size(); i++) {
                    if (i > 0) {
                        pieces.add(origin.withText(current.toString()));
                        current.setLength(0);
                    }
                    current.append(included.get(i).text());
                    origin = included.get(i);
                }
            } while (m.find());
            current.append(line.text().substring(from));
            pieces.add(origin.withText(current.toString()));
            out.addAll(pieces);
        }
    }

    private List<SourceLine> include(String fromRelative, String spec, SourceLine at, int depth,
                                     List<ContentException> errors) {
        String[] parts = spec.split(":", -1);
        String target = parts[0];
        Path base = Path.of(fromRelative).getParent();
        Path resolvedRel = (base == null ? Path.of(target) : base.resolve(target)).normalize();
        Path file = bookDir.resolve(resolvedRel).normalize();
        String relative = resolvedRel.toString().replace('\\', '/');
        if (!file.startsWith(bookDir) || !Files.isRegularFile(file)) {
            return marker(at, "{{#include " + spec + "}}: " + display(relative) + " does not exist", errors);
        }
        if (depth >= MAX_DEPTH) {
            return marker(at, "{{#include " + spec + "}}: includes nested more than " + MAX_DEPTH + " deep", errors);
        }
        List<SourceLine> lines;
        try {
            lines = readLines(file, display(relative));
        } catch (IOException e) {
            return marker(at, "{{#include " + spec + "}}: cannot read " + relative + ": " + e.getMessage(), errors);
        }
        List<SourceLine> selected = select(lines, parts, at, spec, errors);
        if (selected == null) {
            return marker(at, "{{#include " + spec + "}}: no such lines or anchor", errors);
        }
        List<SourceLine> out = new ArrayList<>();
        expand(relative, selected, depth + 1, out, errors);
        return out;
    }

    private static List<SourceLine> select(List<SourceLine> lines, String[] parts, SourceLine at, String spec,
                                           List<ContentException> errors) {
        if (parts.length == 1) {
            return lines;
        }
        if (parts.length == 2 && !parts[1].matches("\\d*")) {
            return anchored(lines, parts[1]);
        }
        try {
            int start = parts[1].isEmpty() ? 1 : Integer.parseInt(parts[1]);
            int end = parts.length == 2 ? start : parts[2].isEmpty() ? lines.size() : Integer.parseInt(parts[2]);
            if (start < 1 || start > lines.size() || end < start) {
                return null;
            }
            return lines.subList(start - 1, Math.min(end, lines.size()));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static List<SourceLine> anchored(List<SourceLine> lines, String name) {
        int start = -1;
        for (int i = 0; i < lines.size(); i++) {
            String text = lines.get(i).text();
            if (start < 0 && text.matches(".*ANCHOR:\\s*" + Pattern.quote(name) + "\\b.*")) {
                start = i + 1;
            } else if (start >= 0 && text.matches(".*ANCHOR_END:\\s*" + Pattern.quote(name) + "\\b.*")) {
                return lines.subList(start, i).stream().filter(l -> !ANCHOR_LINE.matcher(l.text()).find()).toList();
            }
        }
        return null;
    }

    private static List<SourceLine> marker(SourceLine at, String problem, List<ContentException> errors) {
        errors.add(new ContentException(at.file(), at.line(), problem));
        return List.of(at.withText(BookErrors.markerMarkdown(problem)));
    }
}
