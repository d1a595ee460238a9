package org.nodeoslab.image.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A measured table as the book includes it: {@code NAME.csv} (a header row, then one row per line; RFC 4180 quoting)
 * for charts, and {@code NAME.md} (a Markdown table under a comment that says which command wrote it) for
 * {@code {{#include data/NAME.md}}}. The bench commands write these into {@code thesis/data/} so that no measured
 * number is typed by hand into the book. Cells are written as given: callers format numbers, plainly (no thousands
 * separators), so that the CSV stays machine-readable.
 */
public final class DataTable {
    private final String name;
    private final String source;
    private final List<String> columns;
    private final List<List<String>> rows = new ArrayList<>();

    /**
     * @param name    file name without extension, e.g. {@code emulator-bench}
     * @param source  the command that produced it, e.g. {@code emulator/nodeos-emu bench --data-out thesis/data}
     * @param columns column names (the CSV header; the chart's x= and y= name them)
     */
    public DataTable(String name, String source, List<String> columns) {
        if (!name.matches("[a-z0-9][a-z0-9-]*")) {
            throw new IllegalArgumentException("data table name must be lower-case words joined by '-': " + name);
        }
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("data table " + name + " needs at least one column");
        }
        this.name = name;
        this.source = source;
        this.columns = List.copyOf(columns);
    }

    public DataTable row(Object... cells) {
        if (cells.length != columns.size()) {
            throw new IllegalArgumentException("data table " + name + ": a row of " + cells.length
                    + " cells for " + columns.size() + " columns " + columns);
        }
        List<String> row = new ArrayList<>(cells.length);
        for (Object cell : cells) {
            row.add(String.valueOf(cell));
        }
        rows.add(row);
        return this;
    }

    public String name() {
        return name;
    }

    public String csv() {
        StringBuilder s = new StringBuilder();
        appendCsvLine(s, columns);
        for (List<String> row : rows) {
            appendCsvLine(s, row);
        }
        return s.toString();
    }

    public String markdown() {
        StringBuilder s = new StringBuilder("<!-- written by `").append(source)
                .append("`; do not edit -->\n\n");
        appendMarkdownLine(s, columns);
        s.append('|');
        for (int c = 0; c < columns.size(); c++) {
            s.append(numeric(c) ? "---:|" : "---|");
        }
        s.append('\n');
        for (List<String> row : rows) {
            appendMarkdownLine(s, row);
        }
        return s.toString();
    }

    /** Writes DIR/NAME.csv and DIR/NAME.md (creating DIR) and returns the two paths. */
    public List<Path> writeTo(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path csv = dir.resolve(name + ".csv");
        Path md = dir.resolve(name + ".md");
        Files.writeString(csv, csv());
        Files.writeString(md, markdown());
        return List.of(csv, md);
    }

    /** A column is right-aligned when every cell in it is a number. */
    private boolean numeric(int column) {
        if (rows.isEmpty()) {
            return false;
        }
        for (List<String> row : rows) {
            if (!row.get(column).matches("-?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?")) {
                return false;
            }
        }
        return true;
    }

    private static void appendCsvLine(StringBuilder s, List<String> cells) {
        for (int i = 0; i < cells.size(); i++) {
            String cell = cells.get(i);
            if (i > 0) {
                s.append(',');
            }
            if (cell.contains(",") || cell.contains("\"") || cell.contains("\n") || cell.contains("\r")) {
                s.append('"').append(cell.replace("\"", "\"\"")).append('"');
            } else {
                s.append(cell);
            }
        }
        s.append('\n');
    }

    private static void appendMarkdownLine(StringBuilder s, List<String> cells) {
        s.append('|');
        for (String cell : cells) {
            s.append(' ').append(cell.replace("|", "\\|").replace("\n", " ")).append(" |");
        }
        s.append('\n');
    }
}
