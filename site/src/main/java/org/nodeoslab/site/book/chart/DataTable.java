package org.nodeoslab.site.book.chart;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/** A CSV file with a header row, as the bench commands write them (thesis/data/name.csv). */
public record DataTable(List<String> header, List<List<String>> rows) {

    public static DataTable read(Reader reader) throws IOException {
        CSVFormat format = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).setTrim(true)
                .setIgnoreEmptyLines(true).setCommentMarker('#').get();
        try (CSVParser parser = CSVParser.parse(reader, format)) {
            List<List<String>> rows = new ArrayList<>();
            for (CSVRecord record : parser) {
                rows.add(record.toList());
            }
            return new DataTable(parser.getHeaderNames(), rows);
        } catch (IllegalArgumentException | IllegalStateException | java.io.UncheckedIOException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** @throws IllegalArgumentException naming the column and the known ones */
    public int column(String name) {
        int i = header.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException("no column \"" + name + "\" (columns: " + String.join(", ", header) + ")");
        }
        return i;
    }

    public List<String> texts(int column) {
        return rows.stream().map(r -> column < r.size() ? r.get(column) : "").toList();
    }

    /** @throws IllegalArgumentException at the first cell that is not a number (row counted from 1 after the header) */
    public double[] numbers(int column) {
        double[] out = new double[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            String cell = column < rows.get(i).size() ? rows.get(i).get(column) : "";
            try {
                out[i] = Double.parseDouble(cell.replace("_", ""));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("column \"" + header.get(column) + "\", data row " + (i + 1)
                        + ": \"" + cell + "\" is not a number");
            }
        }
        return out;
    }
}
