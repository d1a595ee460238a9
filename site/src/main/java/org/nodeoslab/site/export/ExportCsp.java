package org.nodeoslab.site.export;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A static host sends none of the site's headers, so each exported page carries its Content-Security-Policy header
 * as a {@code <meta http-equiv="Content-Security-Policy">} element: the same directives but those a meta element
 * cannot give (CSP 3: frame-ancestors, report-uri and sandbox are ignored there; a host that can set headers should
 * send frame-ancestors 'none' and X-Frame-Options itself). The element goes at the top of {@code <head>}, after
 * {@code <meta charset>}, because a browser applies a meta policy only to what comes after it.
 */
final class ExportCsp {

    private static final Set<String> HEADER_ONLY = Set.of("frame-ancestors", "report-uri", "sandbox");
    private static final Pattern HEAD = Pattern.compile("<head(?:\\s[^>]*)?>", Pattern.CASE_INSENSITIVE);
    private static final Pattern CHARSET = Pattern.compile("\\G\\s*<meta\\s+charset=[^>]*>", Pattern.CASE_INSENSITIVE);

    private ExportCsp() {
    }

    /** The policy of a Content-Security-Policy header without the directives a meta element cannot carry. */
    static String forMeta(String header) {
        return Arrays.stream(header.split(";")).map(String::trim).filter(d -> !d.isEmpty())
                .filter(d -> !HEADER_ONLY.contains(d.split("\\s+", 2)[0].toLowerCase(Locale.ROOT)))
                .collect(Collectors.joining("; "));
    }

    /**
     * The page with the header's policy as a meta element at the top of its head (after its charset); a page without
     * a head element, or an empty policy, is returned as it is.
     */
    static String addMeta(String html, String header) {
        String policy = forMeta(header);
        Matcher head = HEAD.matcher(html);
        if (policy.isEmpty() || !head.find()) {
            return html;
        }
        int at = head.end();
        Matcher charset = CHARSET.matcher(html);
        if (charset.find(at)) {
            at = charset.end();
        }
        String meta = "<meta http-equiv=\"Content-Security-Policy\" content=\"" + attribute(policy) + "\">";
        return html.substring(0, at) + meta + html.substring(at);
    }

    /** Quotes stay readable: a policy's 'self' needs no escaping inside a double-quoted attribute. */
    private static String attribute(String text) {
        return text.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
