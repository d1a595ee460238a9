package org.nodeoslab.site.book;


import java.util.Set;
import java.util.regex.Matcher;

import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeTraversor;

/** Links the first use of each glossary term in a page to its definition (not in headings, code or links). */
final class GlossaryLinks {

    static final String GLOSSARY_URL = "/book/glossary.html";
    private static final Set<String> SKIP = Set.of("a", "code", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "svg",
            "kbd", "samp", "script", "style", "title", "desc");

    private GlossaryLinks() {
    }

    static void link(Element root, Glossary glossary, String glossaryUrl) {
        for (Glossary.Term term : glossary.byLength()) {
            TextNode[] found = new TextNode[1];
            Matcher[] match = new Matcher[1];
            NodeTraversor.filter(new org.jsoup.select.NodeFilter() {
                @Override
                public FilterResult head(Node node, int depth) {
                    if (found[0] != null) {
                        return FilterResult.STOP;
                    }
                    if (node instanceof Element e && (SKIP.contains(e.normalName()) || e.hasClass("secno")
                            || e.hasClass("caption-label") || e.hasClass(BookErrors.CLASS))) {
                        return FilterResult.SKIP_ENTIRELY;
                    }
                    if (node instanceof TextNode t) {
                        Matcher m = term.pattern().matcher(t.getWholeText());
                        if (m.find()) {
                            found[0] = t;
                            match[0] = m;
                            return FilterResult.STOP;
                        }
                    }
                    return FilterResult.CONTINUE;
                }
            }, root);
            if (found[0] == null) {
                continue;
            }
            TextNode text = found[0];
            Matcher m = match[0];
            String whole = text.getWholeText();
            TextNode after = new TextNode(whole.substring(m.end()));
            Element a = new Element("a").addClass("gloss").attr("href", glossaryUrl + "#" + term.anchor())
                    .attr("title", InlineMarkdown.plain(term.definition())).text(m.group());
            text.text(whole.substring(0, m.start()));
            text.after(after);
            text.after(a);
        }
    }

}
