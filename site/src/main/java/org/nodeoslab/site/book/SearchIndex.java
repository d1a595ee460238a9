package org.nodeoslab.site.book;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import tools.jackson.databind.json.JsonMapper;

/**
 * The book's search index: one record per section (page title, section title, address, text), written as JSON at
 * render time and searched in the browser (book.js), so that the static export searches as the server does.
 */
final class SearchIndex {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private SearchIndex() {
    }

    static String json(List<BookPage> pages) {
        List<Map<String, String>> docs = new ArrayList<>();
        for (BookPage page : pages) {
            Element body = Jsoup.parseBodyFragment(page.html()).body();
            body.select("svg, .heading-anchor, sup.footnote-ref, .footnotes").remove();
            String title = page.fullTitle();
            String id = "";
            StringBuilder text = new StringBuilder();
            for (Element child : body.children()) {
                if (child.normalName().matches("h[1-3]") && child.id().length() > 0) {
                    add(docs, page, title, id, text);
                    title = child.text();
                    id = child.id();
                    text.setLength(0);
                } else {
                    text.append(child.text()).append(' ');
                }
            }
            add(docs, page, title, id, text);
        }
        return JSON.writeValueAsString(docs);
    }

    private static void add(List<Map<String, String>> docs, BookPage page, String title, String id,
                            StringBuilder text) {
        if (text.isEmpty() && id.isEmpty()) {
            return;
        }
        Map<String, String> doc = new LinkedHashMap<>();
        doc.put("page", page.fullTitle());
        doc.put("title", title);
        doc.put("url", id.isEmpty() ? page.url() : page.url() + "#" + id);
        doc.put("text", text.toString().strip().replaceAll("\\s+", " "));
        docs.add(doc);
    }

}
