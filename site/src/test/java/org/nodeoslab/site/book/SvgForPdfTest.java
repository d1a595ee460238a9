package org.nodeoslab.site.book;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

/** SVG 2's auto-start-reverse markers become SVG 1.1 ones Batik draws, the start arrow turned half a turn. */
class SvgForPdfTest {

    @Test
    void startMarkersGetAReversedCopy() {
        Element svg = SvgForPdf.element("""
                <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">
                  <defs><marker id="arrow" refX="9" refY="5" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z"/></marker></defs>
                  <line x1="0" y1="0" x2="5" y2="5" marker-end="url(#arrow)" marker-start="url(#arrow)"/>
                  <path d="M0,0 L1,1" style="marker-start: url(#arrow); stroke: red"/>
                </svg>""");
        assertEquals("auto", svg.getElementById("arrow").attr("orient"));
        Element reversed = svg.getElementById("arrow-start");
        assertEquals("auto", reversed.attr("orient"));
        assertEquals("rotate(180 9 5)", reversed.selectFirst("g").attr("transform"));
        assertEquals("url(#arrow-start)", svg.selectFirst("line").attr("marker-start"));
        assertEquals("url(#arrow)", svg.selectFirst("line").attr("marker-end"));
        assertEquals("marker-start:url(#arrow-start); stroke: red", svg.selectFirst("path[style]").attr("style"));
    }
}
