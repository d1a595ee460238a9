package org.nodeoslab.site.book;

import java.util.List;

import com.vladsch.flexmark.ext.gfm.strikethrough.StrikethroughExtension;
import com.vladsch.flexmark.html.HtmlRenderer;
import com.vladsch.flexmark.parser.Parser;
import com.vladsch.flexmark.util.data.MutableDataSet;
import org.jsoup.Jsoup;

/** One line of Markdown (a title, a caption) as inline HTML or as plain text. Thread-safe. */
final class InlineMarkdown {

    private static final MutableDataSet OPTIONS = new MutableDataSet()
            .set(Parser.EXTENSIONS, List.of(StrikethroughExtension.create()));
    private static final Parser PARSER = Parser.builder(OPTIONS).build();
    private static final HtmlRenderer RENDERER = HtmlRenderer.builder(OPTIONS).build();

    private InlineMarkdown() {
    }

    /** Inline HTML, without the paragraph around it and on one line (it goes inside an HTML block). */
    static String html(String markdown) {
        String html = RENDERER.render(PARSER.parse(markdown.replace('\n', ' '))).strip();
        if (html.startsWith("<p>") && html.endsWith("</p>")) {
            html = html.substring(3, html.length() - 4);
        }
        return html.replace('\n', ' ');
    }

    static String plain(String markdown) {
        return Jsoup.parseBodyFragment(html(markdown)).text();
    }

    /** Escapes text so Markdown shows it as written (inside link text, for example). */
    static String escape(String text) {
        return text.replaceAll("([\\\\`*_\\[\\]<>#!|~])", "\\\\$1");
    }
}
