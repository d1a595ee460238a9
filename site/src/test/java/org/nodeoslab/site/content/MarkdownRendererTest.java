package org.nodeoslab.site.content;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;

class MarkdownRendererTest {

    private static final java.util.regex.Pattern DANGEROUS_ATTRIBUTE = java.util.regex.Pattern.compile(
            "<[a-z][^>]*\\s(?:on[a-z]+\\s*=|style\\s*=|(?:href|src|action|formaction|data|srcset)\\s*=\\s*[\"']?\\s*(?:javascript|vbscript|data):)",
            java.util.regex.Pattern.CASE_INSENSITIVE);

    private final MarkdownRenderer renderer = new MarkdownRenderer();

    @Test
    void headingsGetIdsAndAnchorLinks() {
        String html = renderer.render("## Why /dev matters\n\ntext\n");
        assertTrue(html.contains("<h2 id=\"why-dev-matters\">"), html);
        assertTrue(html.contains("href=\"#why-dev-matters\""), html);
    }

    @Test
    void fencedCodeKeepsItsLanguageForTheHighlighter() {
        String html = renderer.render("```js\nconst x = 1 < 2;\n```\n");
        assertTrue(html.contains("<code class=\"language-js\">const x &#61; 1 &lt; 2;"), html);
    }

    @Test
    void tablesFootnotesStrikethroughAndTaskLists() {
        String html = renderer.render("""
                | layer | holds |
                | --- | --- |
                | barebones | kernel |

                Text with a note.[^1] ~~gone~~

                - [x] done

                [^1]: The note.
                """);
        assertTrue(html.contains("<table"), html);
        assertTrue(html.contains("<td>barebones</td>"), html);
        assertTrue(html.contains("class=\"footnote-ref\""), html);
        assertTrue(html.contains("The note."), html);
        assertTrue(html.contains("<del>gone</del>"), html);
        assertTrue(html.contains("type=\"checkbox\""), html);
    }

    @Test
    void safeRawHtmlSurvives() {
        String html = renderer.render("<details><summary>More</summary>\n\n*inside*\n\n</details>\n");
        assertTrue(html.contains("<details><summary>More</summary>"), html);
        assertTrue(html.contains("<em>inside</em>"), html);
    }

    /** Known XSS payloads, in raw HTML and in Markdown links and images. None may reach the page. */
    @Test
    void noXssPayloadSurvives() {
        List<String> payloads = List.of(
                "<script>alert(1)</script>",
                "<SCRIPT SRC=//xss.example/x.js></SCRIPT>",
                "<img src=x onerror=alert(1)>",
                "<img src=\"javascript:alert(1)\">",
                "<svg onload=alert(1)>",
                "<svg><script>alert(1)</script></svg>",
                "<iframe src=\"javascript:alert(1)\"></iframe>",
                "<a href=\"javascript:alert(1)\">x</a>",
                "<a href=\"JaVaScRiPt:alert(1)\">x</a>",
                "<a href=\"&#106;avascript:alert(1)\">x</a>",
                "<a href=\"java&#x09;script:alert(1)\">x</a>",
                "<a href=\" javascript:alert(1)\">x</a>",
                "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">x</a>",
                "<a href=\"DATA:text/html,<script>alert(1)</script>\">x</a>",
                "<a href=\"vbscript:msgbox(1)\">x</a>",
                "<div style=\"background:url(javascript:alert(1))\">x</div>",
                "<body onload=alert(1)>",
                "<object data=\"javascript:alert(1)\"></object>",
                "<embed src=\"javascript:alert(1)\">",
                "<form action=\"javascript:alert(1)\"><input type=submit></form>",
                "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
                "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
                "<base href=\"javascript:alert(1)//\">",
                "<link rel=stylesheet href=\"javascript:alert(1)\">",
                "<input onfocus=alert(1) autofocus>",
                "<details open ontoggle=alert(1)>",
                "[x](javascript:alert(1))",
                "[x](JAVASCRIPT:alert(1))",
                "[x](data:text/html;base64,PHNjcmlwdD4=)",
                "![x](javascript:alert(1))",
                "[x][r]\n\n[r]: javascript:alert(1)",
                "<javascript:alert(1)>",
                "[x](<javascript:alert(1)>)",
                "<a href=\"x\" onclick=\"alert(1)\">x</a>");
        for (String payload : payloads) {
            String html = renderer.render("Before.\n\n" + payload + "\n\nAfter.\n").toLowerCase(Locale.ROOT);
            for (String bad : List.of("<script", "<iframe", "<object", "<embed", "<form", "<style", "<meta", "<base",
                    "<link", "<svg", "<math", "<body")) {
                assertFalse(html.contains(bad), () -> bad + " survived " + payload + " as " + html);
            }
            // Text may mention "javascript:"; no tag's attribute may carry it, nor any event handler or style.
            assertFalse(DANGEROUS_ATTRIBUTE.matcher(html).find(), () -> payload + " left " + html);
            // An unclosed <style> may swallow the rest; what came before must still be there.
            assertTrue(html.contains("before."), payload);
        }
    }
}
