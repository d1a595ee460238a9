package org.nodeoslab.site.content;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Sanitized HTML back to plain text, for places that take no markup (meta descriptions). */
final class PlainText {

    private static final Pattern TAG = Pattern.compile("<[^>]*>");
    private static final Pattern ENTITY = Pattern.compile("&(#[0-9]+|#[xX][0-9a-fA-F]+|amp|lt|gt|quot|apos|nbsp);");
    private static final Pattern SPACE = Pattern.compile("\\s+");

    private PlainText() {
    }

    static String summary(String html, int max) {
        String text = SPACE.matcher(unescape(TAG.matcher(html).replaceAll(" "))).replaceAll(" ").trim();
        if (text.length() <= max) {
            return text;
        }
        int cut = text.lastIndexOf(' ', max);
        return text.substring(0, cut > max / 2 ? cut : max) + "…";
    }

    private static String unescape(String s) {
        Matcher m = ENTITY.matcher(s);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String e = m.group(1);
            String c = switch (e) {
                case "amp" -> "&";
                case "lt" -> "<";
                case "gt" -> ">";
                case "quot" -> "\"";
                case "apos" -> "'";
                case "nbsp" -> " ";
                default -> new String(Character.toChars(e.charAt(1) == 'x' || e.charAt(1) == 'X'
                        ? Integer.parseInt(e.substring(2), 16) : Integer.parseInt(e.substring(1))));
            };
            m.appendReplacement(out, Matcher.quoteReplacement(c));
        }
        m.appendTail(out);
        return out.toString();
    }
}
