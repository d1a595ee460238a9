package org.nodeoslab.site.book;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.jsoup.nodes.Entities;

/** The pages the engine writes itself: the reference list and the glossary. */
final class BackMatter {

    static final String REFERENCES_TITLE = "References";
    static final String GLOSSARY_TITLE = "Glossary";

    private BackMatter() {
    }

    /** The page of its own, when the SUMMARY has no bibliography.md or references.md to put the list in. */
    static BookPage references(String url, Bibliography bibliography, Collection<String> cited) {
        String html = "<h1 id=\"references\" class=\"chapter-title\">" + REFERENCES_TITLE + "</h1>\n"
                + referenceList(bibliography, cited);
        return new BookPage(url, REFERENCES_TITLE, null, Summary.Kind.SUFFIX, html,
                List.of(new TocEntry(1, null, REFERENCES_TITLE, "references")), null);
    }

    static String referenceList(Bibliography bibliography, Collection<String> cited) {
        StringBuilder html = new StringBuilder("<ol class=\"bibliography\">\n");
        for (Bibliography.Entry e : bibliography.sorted(cited)) {
            html.append("<li id=\"").append(e.anchor()).append("\">").append(e.html()).append("</li>\n");
        }
        return html.append("</ol>\n").toString();
    }

    /** The page of its own, when the SUMMARY has no glossary.md to put the list in. */
    static BookPage glossary(String url, Glossary glossary, ChapterRenderer.Inline inline) {
        String html = "<h1 id=\"glossary\" class=\"chapter-title\">" + GLOSSARY_TITLE + "</h1>\n"
                + glossaryList(glossary, inline);
        List<TocEntry> toc = new ArrayList<>();
        toc.add(new TocEntry(1, null, GLOSSARY_TITLE, "glossary"));
        return new BookPage(url, GLOSSARY_TITLE, null, Summary.Kind.SUFFIX, html, toc, null);
    }

    static String glossaryList(Glossary glossary, ChapterRenderer.Inline inline) {
        StringBuilder html = new StringBuilder("<dl class=\"glossary\">\n");
        for (Glossary.Term t : glossary.terms()) {
            html.append("<dt id=\"").append(t.anchor()).append("\">").append(Entities.escape(t.term())).append("</dt>")
                    .append("<dd>").append(inline.html(t.definition())).append("</dd>\n");
        }
        return html.append("</dl>\n").toString();
    }

    /** A SUMMARY page with the list appended after the author's own text. */
    static BookPage withList(BookPage page, String listHtml) {
        return new BookPage(page.url(), page.title(), page.number(), page.kind(), page.html() + "\n" + listHtml,
                page.toc(), page.source());
    }
}
