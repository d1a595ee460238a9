package org.nodeoslab.site.content;

import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The few Liquid tags Jekyll posts use in their Markdown for links: {@code {% post_url 2016-03-03-name %}},
 * {@code {% link posts/x.md %}} and {@code {{ site.baseurl }}}. Any other Liquid stays as written (Jekyll would run
 * it; this site does not run templates from posts).
 */
public final class LiquidTags {

    private static final Pattern TAG = Pattern.compile(
            "\\{%-?\\s*(post_url|link)\\s+([^%\\n]*?)\\s*-?%}|\\{\\{-?\\s*site\\.baseurl\\s*-?}}");

    private LiquidTags() {
    }

    /**
     * @param postUrl finds a post's URL from the name written in the tag, null when there is none
     * @throws ContentException naming the line of a tag that names no post
     */
    public static String expand(String sourceFile, int firstLine, String markdown, Function<String, String> postUrl) {
        return expand(sourceFile, firstLine, markdown, postUrl, "");
    }

    /**
     * @param baseurl what {@code {{ site.baseurl }}} stands for
     */
    public static String expand(String sourceFile, int firstLine, String markdown, Function<String, String> postUrl,
                                String baseurl) {
        if (markdown.indexOf('{') < 0) {
            return markdown;
        }
        Matcher m = TAG.matcher(markdown);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement = baseurl;
            if (m.group(1) != null) {
                replacement = postUrl.apply(m.group(2));
                if (replacement == null) {
                    int line = firstLine + (int) markdown.substring(0, m.start()).chars().filter(c -> c == '\n').count();
                    throw new ContentException(sourceFile, line,
                            "{% " + m.group(1) + " " + m.group(2) + " %} names no post in the posts folder");
                }
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }
}
