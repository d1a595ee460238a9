package org.nodeoslab.site.content;

import java.util.regex.Pattern;

/**
 * Jekyll's excerpt: the front matter {@code excerpt}, else the body up to {@code excerpt_separator} (default: the
 * first blank line, i.e. the first paragraph). Link reference definitions of the body are carried over so a
 * {@code [text][ref]} link in the first paragraph still resolves, as Jekyll does.
 */
public final class Excerpts {

    private static final String DEFAULT_SEPARATOR = "\n\n";
    private static final Pattern LINK_REFERENCE = Pattern.compile("(?m)^ {0,3}\\[[^\\]]+\\]:\\s*\\S.*$");

    private Excerpts() {
    }

    /** The excerpt as Markdown. */
    public static String markdown(FrontMatter fm) {
        String own = fm.string("excerpt");
        if (own != null) {
            return own;
        }
        String separator = fm.string("excerpt_separator");
        if (separator == null) {
            separator = DEFAULT_SEPARATOR;
        }
        String body = fm.body().stripLeading();
        int end = body.indexOf(separator);
        String head = end < 0 ? body : body.substring(0, end);
        StringBuilder out = new StringBuilder(head);
        var refs = LINK_REFERENCE.matcher(body.substring(head.length()));
        boolean first = true;
        while (refs.find()) {
            if (first) {
                out.append("\n\n");
                first = false;
            }
            out.append(refs.group()).append('\n');
        }
        return out.toString();
    }
}
