package org.nodeoslab.site.export;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The href and src targets of an HTML page, entity-decoded as a browser reads them. */
public final class HtmlLinks {

    private static final Pattern ATTRIBUTE = Pattern.compile("(?is)<[a-z][^>]*?\\s(?:href|src)\\s*=\\s*(?:\"([^\"]*)\"|'([^']*)')");

    private HtmlLinks() {
    }

    public static List<String> of(String html) {
        List<String> out = new ArrayList<>();
        Matcher m = ATTRIBUTE.matcher(html);
        while (m.find()) {
            String raw = m.group(1) != null ? m.group(1) : m.group(2);
            out.add(raw.replace("&amp;", "&").replace("&#39;", "'").replace("&quot;", "\"").replace("&#x3D;", "=")
                    .trim());
        }
        return out;
    }

    /**
     * The site path a link points to from a page at {@code pagePath}, or null when it leaves the site (another
     * host, mailto:, javascript:...) or only moves within the page.
     */
    public static String internalTarget(String pagePath, String link) {
        if (link.isEmpty() || link.startsWith("#") || link.startsWith("//")
                || link.matches("(?s)^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
            return null;
        }
        String target = link.startsWith("/") ? link
                : java.net.URI.create("http://site" + pagePath).resolve(link.replace(" ", "%20")).getRawPath();
        int cut = target.length();
        for (char c : new char[] {'?', '#'}) {
            int i = target.indexOf(c);
            if (i >= 0) {
                cut = Math.min(cut, i);
            }
        }
        return target.substring(0, cut);
    }
}
