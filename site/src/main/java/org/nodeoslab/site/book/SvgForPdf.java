package org.nodeoslab.site.book;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.parser.Parser;

/**
 * An SVG figure as the PDF's renderer (Batik, SVG 1.1) can draw it. Browsers know SVG 2's
 * {@code orient="auto-start-reverse"} on arrow markers; Batik refuses the whole image. Here such a marker becomes
 * {@code orient="auto"}, and where it is used at a line's start a copy turned half a turn about its reference point
 * is used instead, which is what auto-start-reverse means.
 */
final class SvgForPdf {

    private static final Pattern MARKER_START = Pattern.compile("marker-start\\s*:\\s*url\\(#([^)]+)\\)");

    private SvgForPdf() {
    }

    /** The SVG element of the file's text, fixed for Batik; null if the text is not SVG. */
    static Element element(String svgText) {
        Document doc = Jsoup.parse(svgText, "", Parser.xmlParser());
        Element svg = doc.selectFirst("svg");
        if (svg == null) {
            return null;
        }
        for (Element marker : svg.select("marker[orient=auto-start-reverse]")) {
            marker.attr("orient", "auto");
            String id = marker.id();
            if (id.isEmpty()) {
                continue;
            }
            Element reversed = marker.clone().attr("id", id + "-start").attr("overflow", "visible");
            Element turn = new Element("g").attr("transform", "rotate(180 " + orZero(marker.attr("refX")) + " "
                    + orZero(marker.attr("refY")) + ")");
            turn.appendChildren(reversed.childNodesCopy());
            reversed.empty().appendChild(turn);
            marker.after(reversed);
            for (Element user : svg.select("[marker-start=url(#" + id + ")]")) {
                user.attr("marker-start", "url(#" + id + "-start)");
            }
            for (Element user : svg.select("[style*=marker-start]")) {
                Matcher m = MARKER_START.matcher(user.attr("style"));
                user.attr("style", m.replaceAll(r -> r.group(1).equals(id) ? "marker-start:url(#" + id + "-start)"
                        : Matcher.quoteReplacement(r.group())));
            }
        }
        return svg;
    }

    private static String orZero(String value) {
        return value.isEmpty() ? "0" : value;
    }
}
