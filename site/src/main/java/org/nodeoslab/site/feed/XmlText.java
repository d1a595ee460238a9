package org.nodeoslab.site.feed;

/** Text as XML 1.0 allows it: control characters a post may contain are dropped rather than breaking the file. */
final class XmlText {

    private XmlText() {
    }

    static String clean(String s) {
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean allowed = c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c <= 0xD7FF)
                    || Character.isSurrogate(c) || (c >= 0xE000 && c <= 0xFFFD);
            if (!allowed && out == null) {
                out = new StringBuilder(s.substring(0, i));
            } else if (allowed && out != null) {
                out.append(c);
            }
        }
        return out == null ? s : out.toString();
    }
}
