package org.nodeoslab.site.book;

import java.awt.Color;
import java.awt.Insets;
import java.util.Locale;

import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.SVGHints;
import org.jsoup.nodes.Entities;
import org.scilab.forge.jlatexmath.TeXConstants;
import org.scilab.forge.jlatexmath.TeXFormula;
import org.scilab.forge.jlatexmath.TeXIcon;

/**
 * TeX maths ({@code $...$} inline, {@code $$...$$} display) as SVG: JLaTeXMath lays the formula out, JFreeSVG draws
 * it with the glyphs as paths, so the same element shows in every browser and in the PDF (Batik), with no fonts
 * or scripts needed. The TeX source is the image's accessible name.
 */
final class MathSvg {

    private static final float SIZE = 17f;

    private MathSvg() {
    }

    /** @throws IllegalArgumentException with JLaTeXMath's message when the TeX does not parse */
    static String render(String tex, boolean display) {
        TeXIcon icon;
        try {
            icon = new TeXFormula(tex).createTeXIcon(display ? TeXConstants.STYLE_DISPLAY : TeXConstants.STYLE_TEXT,
                    SIZE);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(String.valueOf(e.getMessage()).lines().findFirst().orElse("bad TeX"));
        }
        icon.setInsets(new Insets(1, 1, 1, 1));
        icon.setForeground(Color.BLACK);
        int width = Math.max(1, icon.getIconWidth());
        int height = Math.max(1, icon.getIconHeight());
        SVGGraphics2D g = new SVGGraphics2D(width, height);
        g.setRenderingHint(SVGHints.KEY_DRAW_STRING_TYPE, SVGHints.VALUE_DRAW_STRING_TYPE_VECTOR);
        icon.paintIcon(null, g, 0, 0);
        String svg = g.getSVGElement();
        // Inline maths sits on the text's baseline: lower it by the formula's depth below its own baseline.
        // Sizes in CSS too: openhtmltopdf sizes an inline SVG by its style, not its width and height attributes.
        String size = String.format(Locale.ROOT, "width:%dpx;height:%dpx;", width, height);
        String style = size + (display ? "display:block;margin:0.6em auto" : String.format(Locale.ROOT,
                "display:inline-block;vertical-align:-%.1fpx", (double) icon.getIconDepth() + 1));
        String label = Entities.escape(tex);
        // Plain string surgery, not regular expressions: TeX is full of backslashes and dollars.
        String opened = "<svg class=\"math\" role=\"img\" aria-label=\"" + label + "\" style=\"" + style
                + "\" viewBox=\"0 0 " + width + " " + height + "\" " + svg.substring("<svg ".length());
        int end = opened.indexOf('>') + 1;
        return opened.substring(0, end) + "<title>" + label + "</title>" + opened.substring(end);
    }

}
