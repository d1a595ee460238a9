package org.nodeoslab.site.content;

import java.util.regex.Pattern;

import org.owasp.html.HtmlPolicyBuilder;
import org.owasp.html.PolicyFactory;

/**
 * The allow-list every rendered post goes through: the elements Markdown produces, links and images with http(s),
 * mailto or relative URLs only. Anything else (scripts, event handlers, styles, javascript:/data: URLs in any case
 * or encoding, frames, forms) is dropped.
 */
public final class HtmlSanitizer {

    private static final Pattern CLASS_NAMES = Pattern.compile("[a-zA-Z0-9_\\- ]+");
    private static final Pattern IDS = Pattern.compile("[a-zA-Z0-9_\\-:.]+");
    private static final Pattern NUMBER = Pattern.compile("[0-9]+");
    private static final Pattern ALIGN = Pattern.compile("(?i)left|right|center");

    private static final PolicyFactory POLICY = new HtmlPolicyBuilder()
            .allowElements("p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "code", "kbd",
                    "samp", "var", "em", "strong", "b", "i", "u", "s", "del", "ins", "mark", "small", "sub", "sup",
                    "abbr", "cite", "q", "dfn", "ul", "ol", "li", "dl", "dt", "dd", "table", "thead", "tbody", "tfoot",
                    "tr", "th", "td", "caption", "a", "img", "figure", "figcaption", "div", "span", "details",
                    "summary", "input")
            .allowUrlProtocols("http", "https", "mailto")
            .allowAttributes("href", "title").onElements("a")
            .allowAttributes("src", "alt", "title").onElements("img")
            .allowAttributes("width", "height").matching(NUMBER).onElements("img")
            .allowAttributes("start").matching(NUMBER).onElements("ol")
            .allowAttributes("colspan", "rowspan").matching(NUMBER).onElements("td", "th")
            .allowAttributes("align").matching(ALIGN).onElements("td", "th")
            .allowAttributes("class").matching(CLASS_NAMES).globally()
            .allowAttributes("id").matching(IDS).globally()
            // GFM task lists render as disabled checkboxes; nothing else of a form survives.
            .allowAttributes("type").matching(Pattern.compile("checkbox")).onElements("input")
            .allowAttributes("checked", "disabled").onElements("input")
            .allowWithoutAttributes("span", "div", "a")
            .toFactory();

    private HtmlSanitizer() {
    }

    public static String sanitize(String html) {
        return POLICY.sanitize(html);
    }
}
