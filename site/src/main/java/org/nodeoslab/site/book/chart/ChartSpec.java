package org.nodeoslab.site.book.chart;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The arguments of {@code {{#chart data/x.csv type=bar x=column y=column[,column] title="..."}}}: the data file
 * (relative to the chapter), the chart type (bar or line), the x column (labels) and one or more y columns
 * (numbers), a title, and optionally {@code unit="ms"}.
 */
public record ChartSpec(String file, String type, String x, List<String> y, String title, String unit) {

    private static final Pattern ARG = Pattern.compile("\\s*([\\w-]+)=(?:\"([^\"]*)\"|'([^']*)'|(\\S+))|\\s*(\\S+)");

    /** @throws IllegalArgumentException with what is wrong, for the author */
    public static ChartSpec parse(String arguments) {
        Map<String, String> values = new LinkedHashMap<>();
        String file = null;
        Matcher m = ARG.matcher(arguments);
        while (m.find()) {
            if (m.group(5) != null) {
                if (file != null) {
                    throw new IllegalArgumentException("unexpected \"" + m.group(5) + "\" (arguments are key=value)");
                }
                file = m.group(5);
            } else {
                values.put(m.group(1), m.group(2) != null ? m.group(2) : m.group(3) != null ? m.group(3) : m.group(4));
            }
        }
        if (file == null) {
            throw new IllegalArgumentException("no data file: {{#chart data/x.csv type=bar x=.. y=.. title=\"..\"}}");
        }
        String type = values.getOrDefault("type", "bar");
        if (!type.equals("bar") && !type.equals("line")) {
            throw new IllegalArgumentException("type=" + type + ": a chart is type=bar or type=line");
        }
        for (String required : List.of("x", "y")) {
            if (!values.containsKey(required)) {
                throw new IllegalArgumentException("no " + required + "=column");
            }
        }
        List<String> y = new ArrayList<>(List.of(values.get("y").split(",")));
        y.replaceAll(String::strip);
        java.util.Set<String> known = java.util.Set.of("type", "x", "y", "title", "unit");
        for (String key : values.keySet()) {
            if (!known.contains(key)) {
                throw new IllegalArgumentException("unknown argument " + key + "= (known: type, x, y, title, unit)");
            }
        }
        return new ChartSpec(file, type, values.get("x"), List.copyOf(y), values.getOrDefault("title", ""),
                values.getOrDefault("unit", ""));
    }

}
