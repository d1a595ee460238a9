package org.nodeoslab.site.book.chart;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.jsoup.nodes.Entities;

/**
 * Draws a bar chart (grouped when there are several y columns) or a line chart as an SVG an assistive technology
 * can read: role="img", a title, and a description that states every value. Colours are attributes, not CSS, so
 * the PDF (Batik) draws it the same.
 */
public final class SvgChart {

    private static final String[] COLOURS = {"#2f6fb3", "#e07b28", "#3a9a5b", "#b8405e", "#7a5cb8", "#8c6d46"};
    private static final int WIDTH = 640;
    private static final int HEIGHT = 360;
    private static final int LEFT = 70;
    private static final int RIGHT = 20;
    private static final int TOP = 44;
    private static final int BOTTOM = 64;

    private SvgChart() {
    }

    /** @param id unique on the page, for the title and description ids */
    public static String render(ChartSpec spec, DataTable data, String id) {
        List<String> labels = data.texts(data.column(spec.x()));
        List<double[]> series = new ArrayList<>();
        for (String y : spec.y()) {
            series.add(data.numbers(data.column(y)));
        }
        if (labels.isEmpty()) {
            throw new IllegalArgumentException("the data file has no rows");
        }
        double max = 0;
        for (double[] s : series) {
            for (double v : s) {
                max = Math.max(max, v);
            }
        }
        double step = niceStep(max <= 0 ? 1 : max / 5);
        double top = Math.max(step, Math.ceil(max / step) * step);
        double plotW = WIDTH - LEFT - RIGHT;
        double plotH = HEIGHT - TOP - BOTTOM;

        StringBuilder svg = new StringBuilder();
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\" viewBox=\"0 0 ")
                .append(WIDTH).append(' ').append(HEIGHT).append("\" width=\"").append(WIDTH).append("\" height=\"")
                .append(HEIGHT).append("\" aria-labelledby=\"").append(id).append("-title ").append(id)
                .append("-desc\" font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\" font-size=\"12\">");
        svg.append("<title id=\"").append(id).append("-title\">").append(esc(spec.title())).append("</title>");
        svg.append("<desc id=\"").append(id).append("-desc\">").append(esc(description(spec, labels, series)))
                .append("</desc>");
        svg.append("<rect x=\"0\" y=\"0\" width=\"").append(WIDTH).append("\" height=\"").append(HEIGHT)
                .append("\" fill=\"#ffffff\"/>");
        svg.append("<text x=\"").append(WIDTH / 2).append("\" y=\"22\" text-anchor=\"middle\" font-size=\"15\" "
                + "font-weight=\"bold\" fill=\"#222222\">").append(esc(spec.title())).append("</text>");
        // Grid and y axis labels.
        for (double v = 0; v <= top + step / 2; v += step) {
            double y = TOP + plotH - v / top * plotH;
            svg.append("<line x1=\"").append(LEFT).append("\" x2=\"").append(WIDTH - RIGHT).append("\" y1=\"")
                    .append(f(y)).append("\" y2=\"").append(f(y)).append("\" stroke=\"#dddddd\"/>");
            svg.append("<text x=\"").append(LEFT - 6).append("\" y=\"").append(f(y + 4))
                    .append("\" text-anchor=\"end\" fill=\"#444444\">").append(esc(number(v))).append("</text>");
        }
        String yTitle = String.join(", ", spec.y()) + (spec.unit().isEmpty() ? "" : " (" + spec.unit() + ")");
        svg.append("<text transform=\"translate(16 ").append(f(TOP + plotH / 2)).append(") rotate(-90)\" "
                + "text-anchor=\"middle\" fill=\"#444444\">").append(esc(yTitle)).append("</text>");
        double band = plotW / labels.size();
        for (int i = 0; i < labels.size(); i++) {
            double cx = LEFT + band * (i + 0.5);
            svg.append("<text x=\"").append(f(cx)).append("\" y=\"").append(TOP + plotH + 18)
                    .append("\" text-anchor=\"middle\" fill=\"#444444\">").append(esc(shorten(labels.get(i), band)))
                    .append("</text>");
        }
        svg.append("<text x=\"").append(f(LEFT + plotW / 2)).append("\" y=\"").append(HEIGHT - 26)
                .append("\" text-anchor=\"middle\" fill=\"#444444\">").append(esc(spec.x())).append("</text>");
        if (spec.type().equals("bar")) {
            double groupW = band * 0.7;
            double barW = groupW / series.size();
            for (int s = 0; s < series.size(); s++) {
                for (int i = 0; i < labels.size(); i++) {
                    double v = series.get(s)[i];
                    double h = Math.max(0, v) / top * plotH;
                    double x = LEFT + band * i + (band - groupW) / 2 + barW * s;
                    svg.append("<rect x=\"").append(f(x)).append("\" y=\"").append(f(TOP + plotH - h))
                            .append("\" width=\"").append(f(barW * 0.92)).append("\" height=\"").append(f(h))
                            .append("\" fill=\"").append(COLOURS[s % COLOURS.length]).append("\"><title>")
                            .append(esc(labels.get(i) + ", " + spec.y().get(s) + ": " + number(v) + unitSuffix(spec)))
                            .append("</title></rect>");
                }
            }
        } else {
            for (int s = 0; s < series.size(); s++) {
                StringBuilder points = new StringBuilder();
                for (int i = 0; i < labels.size(); i++) {
                    double x = LEFT + band * (i + 0.5);
                    double y = TOP + plotH - Math.max(0, series.get(s)[i]) / top * plotH;
                    points.append(f(x)).append(',').append(f(y)).append(' ');
                    svg.append("<circle cx=\"").append(f(x)).append("\" cy=\"").append(f(y)).append("\" r=\"3.5\" fill=\"")
                            .append(COLOURS[s % COLOURS.length]).append("\"/>");
                }
                svg.append("<polyline fill=\"none\" stroke-width=\"2\" stroke=\"").append(COLOURS[s % COLOURS.length])
                        .append("\" points=\"").append(points.toString().strip()).append("\"/>");
            }
        }
        svg.append("<line x1=\"").append(LEFT).append("\" x2=\"").append(LEFT).append("\" y1=\"").append(TOP)
                .append("\" y2=\"").append(f(TOP + plotH)).append("\" stroke=\"#888888\"/>");
        if (series.size() > 1) {
            double lx = LEFT;
            for (int s = 0; s < series.size(); s++) {
                svg.append("<rect x=\"").append(f(lx)).append("\" y=\"").append(HEIGHT - 16)
                        .append("\" width=\"12\" height=\"12\" fill=\"").append(COLOURS[s % COLOURS.length]).append("\"/>");
                svg.append("<text x=\"").append(f(lx + 16)).append("\" y=\"").append(HEIGHT - 6)
                        .append("\" fill=\"#444444\">").append(esc(spec.y().get(s))).append("</text>");
                lx += 28 + spec.y().get(s).length() * 7;
            }
        }
        svg.append("</svg>");
        return svg.toString();
    }

    private static String unitSuffix(ChartSpec spec) {
        return spec.unit().isEmpty() ? "" : " " + spec.unit();
    }

    private static String description(ChartSpec spec, List<String> labels, List<double[]> series) {
        StringBuilder d = new StringBuilder(spec.type().equals("bar") ? "Bar chart" : "Line chart");
        d.append(" of ").append(String.join(" and ", spec.y())).append(" by ").append(spec.x()).append(". ");
        for (int i = 0; i < labels.size(); i++) {
            d.append(labels.get(i)).append(": ");
            for (int s = 0; s < series.size(); s++) {
                d.append(s > 0 ? ", " : "").append(series.size() > 1 ? spec.y().get(s) + " " : "")
                        .append(number(series.get(s)[i])).append(unitSuffix(spec));
            }
            d.append(i < labels.size() - 1 ? "; " : ".");
        }
        return d.toString();
    }

    static double niceStep(double raw) {
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double residual = raw / magnitude;
        double nice = residual <= 1 ? 1 : residual <= 2 ? 2 : residual <= 5 ? 5 : 10;
        return nice * magnitude;
    }

    static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return String.format(Locale.ROOT, "%,d", (long) v);
        }
        String text = Math.abs(v) >= 100 ? String.format(Locale.ROOT, "%,.0f", v)
                : Math.abs(v) >= 1 ? String.format(Locale.ROOT, "%.2f", v) : String.format(Locale.ROOT, "%.3g", v);
        return text.contains(".") && !text.contains("e") ? text.replaceAll("\\.?0+$", "") : text;
    }

    private static String shorten(String label, double width) {
        int max = Math.max(4, (int) (width / 7));
        return label.length() <= max ? label : label.substring(0, max - 1) + "\u2026";
    }

    private static String f(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private static String esc(String s) {
        return Entities.escape(s);
    }
}
