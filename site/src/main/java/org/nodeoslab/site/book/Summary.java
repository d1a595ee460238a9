package org.nodeoslab.site.book;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.nodeoslab.site.content.ContentException;

/**
 * The book's table of contents as mdBook and GitBook write it in {@code SUMMARY.md}: a {@code # Summary} title,
 * unnumbered prefix chapters ({@code [Preface](preface.md)}), part titles ({@code # Part}), numbered chapters as a
 * nested list ({@code - [Title](file.md)}, GitBook's {@code *} too; {@code [Draft]()} has no file yet), separators
 * ({@code ---}), and unnumbered suffix chapters after the list.
 */
public record Summary(List<Entry> entries) {

    public enum Kind { PREFIX, NUMBERED, SUFFIX }

    /**
     * @param kind   front matter, numbered chapter or back matter
     * @param title  as written in the SUMMARY (Markdown source)
     * @param path   the chapter's file relative to the book folder, or null for a draft
     * @param number "3" or "3.2" for numbered chapters, null otherwise
     * @param depth  0 for top-level entries, 1 for their sections...
     * @param part   the part title this entry is under, or null
     * @param line   line in SUMMARY.md
     */
    public record Entry(Kind kind, String title, String path, String number, int depth, String part, int line) {

        public boolean draft() {
            return path == null;
        }

        /** "3" of "3.2": the chapter figures and tables are numbered under. */
        public String chapterNumber() {
            return number == null ? null : number.split("\\.")[0];
        }
    }

    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.*?)\\s*#*\\s*$");
    private static final Pattern SEPARATOR = Pattern.compile("^\\s*(?:-{3,}|\\*{3,}|_{3,})\\s*$");
    private static final Pattern ITEM = Pattern.compile("^(\\s*)[-*+]\\s+\\[(.*)]\\(\\s*(.*?)\\s*\\)\\s*$");
    private static final Pattern LINK = Pattern.compile("^\\[(.*)]\\(\\s*(.*?)\\s*\\)\\s*$");
    private static final Pattern COMMENT = Pattern.compile("^\\s*<!--.*-->\\s*$");

    /** Parses SUMMARY.md; a line that is none of the above is an error (file:line) and skipped. */
    public static Summary parse(String text, String file, List<ContentException> errors) {
        List<Entry> entries = new ArrayList<>();
        List<Integer> indents = new ArrayList<>();
        List<Integer> counters = new ArrayList<>();
        String part = null;
        boolean seenTitle = false;
        boolean seenNumbered = false;
        String[] lines = text.split("\r?\n", -1);
        boolean inComment = false;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            int lineNo = i + 1;
            if (inComment) {
                inComment = !line.contains("-->");
                continue;
            }
            if (line.isBlank() || COMMENT.matcher(line).matches()) {
                continue;
            }
            if (line.trim().startsWith("<!--")) {
                inComment = !line.contains("-->");
                continue;
            }
            Matcher m;
            if ((m = HEADING.matcher(line)).matches()) {
                if (!seenTitle && entries.isEmpty()) {
                    seenTitle = true; // "# Summary" (or any first title) names the file, not a part
                } else {
                    part = m.group(1);
                }
                continue;
            }
            if (SEPARATOR.matcher(line).matches()) {
                continue;
            }
            if ((m = ITEM.matcher(line)).matches()) {
                int indent = m.group(1).replace("\t", "    ").length();
                while (!indents.isEmpty() && indent < indents.get(indents.size() - 1)) {
                    indents.remove(indents.size() - 1);
                    counters.remove(counters.size() - 1);
                }
                if (indents.isEmpty() || indent > indents.get(indents.size() - 1)) {
                    indents.add(indent);
                    counters.add(0);
                }
                int depth = indents.size() - 1;
                counters.set(depth, counters.get(depth) + 1);
                StringBuilder number = new StringBuilder();
                for (int d = 0; d <= depth; d++) {
                    number.append(d == 0 ? "" : ".").append(counters.get(d));
                }
                entries.add(new Entry(Kind.NUMBERED, m.group(2).trim(), pathOrNull(m.group(3)), number.toString(),
                        depth, part, lineNo));
                seenNumbered = true;
                continue;
            }
            if ((m = LINK.matcher(line.trim())).matches()) {
                entries.add(new Entry(seenNumbered ? Kind.SUFFIX : Kind.PREFIX, m.group(1).trim(),
                        pathOrNull(m.group(2)), null, 0, seenNumbered ? null : part, lineNo));
                continue;
            }
            errors.add(new ContentException(file, lineNo,
                    "not a SUMMARY entry: expected \"- [Title](file.md)\", \"[Title](file.md)\", \"# Part\" or \"---\""));
        }
        return new Summary(List.copyOf(entries));
    }

    private static String pathOrNull(String target) {
        if (target.isEmpty()) {
            return null;
        }
        // mdBook allows <angle brackets> and %20 in targets; anchors do not belong to a chapter's file.
        String path = target.startsWith("<") && target.endsWith(">") ? target.substring(1, target.length() - 1) : target;
        int hash = path.indexOf('#');
        path = hash >= 0 ? path.substring(0, hash) : path;
        return path.replace("%20", " ").replaceFirst("^\\./", "");
    }
}
