package org.nodeoslab.site.book;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * The whole book on one page, for printing and for the PDF: a title page, the contents (with page numbers in the
 * PDF), every page of the book in order, each starting a new sheet under a running header. Ids that are not labels
 * are prefixed per page (two chapters may both have a "motivation" section, and both have footnote 1), and links
 * between pages become links within the one page.
 */
public final class PrintBook {

    public static final String URL = "/book/print.html";
    private static final String CSS = loadCss();

    private PrintBook() {
    }

    public static Document document(BookSnapshot book) {
        Document doc = Jsoup.parse("<!DOCTYPE html><html><head></head><body></body></html>");
        doc.outputSettings().prettyPrint(false);
        doc.selectFirst("html").attr("lang", book.metadata().language());
        Element head = doc.head();
        head.appendElement("meta").attr("charset", "utf-8");
        head.appendElement("meta").attr("name", "viewport").attr("content", "width=device-width, initial-scale=1");
        head.appendElement("title").text(book.metadata().title());
        head.appendElement("style").appendChild(new org.jsoup.nodes.DataNode(CSS));
        Element body = doc.body().addClass("print-book");

        Element titlePage = body.appendElement("section").addClass("title-page");
        titlePage.appendElement("h1").addClass("book-title").text(book.metadata().title());
        if (!book.metadata().description().isEmpty()) {
            titlePage.appendElement("p").addClass("book-description").text(book.metadata().description());
        }
        if (!book.metadata().authors().isEmpty()) {
            titlePage.appendElement("p").addClass("book-authors").text(String.join(", ", book.metadata().authors()));
        }

        List<BookPage> pages = book.pages();
        Map<String, String> pageIds = new HashMap<>();
        for (int i = 0; i < pages.size(); i++) {
            pageIds.put(pages.get(i).url(), "p" + i);
        }
        Element contents = body.appendElement("nav").addClass("print-contents").attr("aria-label", "Contents");
        contents.appendElement("h1").text("Contents");
        Element list = contents.appendElement("ul");
        for (BookPage page : pages) {
            int depth = page.number() == null ? 0 : page.number().split("\\.").length - 1;
            Element a = list.appendElement("li").addClass("depth-" + depth).appendElement("a")
                    .attr("href", "#" + pageIds.get(page.url()));
            if (page.number() != null) {
                a.appendElement("span").addClass("secno").text(page.number());
                a.appendText(" ");
            }
            a.appendText(page.title());
        }

        for (int i = 0; i < pages.size(); i++) {
            BookPage page = pages.get(i);
            Element section = body.appendElement("section").addClass("chapter").id("p" + i);
            if (page.number() != null && page.number().contains(".")) {
                section.addClass("section-file");
            }
            section.appendElement("div").addClass("running").text(page.fullTitle());
            Element content = section.appendElement("div").addClass("chapter-body");
            content.html(page.html());
            rewrite(content, "p" + i + "-", page.url(), pageIds);
        }
        return doc;
    }

    public static String html(BookSnapshot book) {
        return document(book).outerHtml();
    }

    /** Page-local ids get the page's prefix; links to other pages become links into this one. */
    private static void rewrite(Element content, String prefix, String pageUrl, Map<String, String> pageIds) {
        for (Element e : content.select("[id]")) {
            if (!e.id().contains(":")) {
                e.id(prefix + e.id());
            }
        }
        for (Element a : content.select("a[href]")) {
            a.attr("href", link(a.attr("href"), prefix, pageUrl, pageIds));
        }
        for (Element img : content.select("img[src]")) {
            String src = img.attr("src");
            if (!src.matches("(?i)^[a-z][a-z0-9+.-]*:.*") && !src.startsWith("/")) {
                img.attr("src", URI.create("http://site" + pageUrl).resolve(src.replace(" ", "%20")).getRawPath());
            }
        }
        for (Element svg : content.select("svg[aria-labelledby]")) {
            String ids = svg.attr("aria-labelledby");
            svg.attr("aria-labelledby", prefix + ids.replace(" ", " " + prefix));
        }
    }

    private static String link(String href, String prefix, String pageUrl, Map<String, String> pageIds) {
        if (href.startsWith("#")) {
            String id = href.substring(1);
            return "#" + (id.contains(":") ? id : prefix + id);
        }
        if (href.matches("(?i)^[a-z][a-z0-9+.-]*:.*") || href.startsWith("//")) {
            return href;
        }
        URI target = URI.create("http://site" + pageUrl).resolve(href.replace(" ", "%20"));
        String page = pageIds.get(target.getPath());
        if (page == null) {
            return href.startsWith("/") ? href : target.getRawPath();
        }
        String fragment = target.getFragment();
        if (fragment == null || fragment.isEmpty()) {
            return "#" + page;
        }
        return "#" + (fragment.contains(":") ? fragment : page + "-" + fragment);
    }

    private static String loadCss() {
        try (InputStream in = PrintBook.class.getResourceAsStream("/book/print.css")) {
            if (in == null) {
                throw new IllegalStateException("book/print.css is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
