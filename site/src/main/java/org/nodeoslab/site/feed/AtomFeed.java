package org.nodeoslab.site.feed;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

import org.nodeoslab.site.content.Post;

/**
 * The blog as an Atom 1.0 feed (RFC 4287): every entry carries the post's full HTML, and an {@code xml:base} so
 * the post's relative links resolve in feed readers.
 */
public final class AtomFeed {

    private static final String ATOM = "http://www.w3.org/2005/Atom";
    private static final DateTimeFormatter RFC3339 = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

    private AtomFeed() {
    }

    /**
     * @param baseUrl  absolute site URL without trailing slash
     * @param feedPath the feed's own path, e.g. /blog/feed.xml
     * @param htmlPath the blog's first page, e.g. /blog/
     * @param posts    newest first
     */
    public static String write(String baseUrl, String feedPath, String htmlPath, String title, String subtitle,
                               List<Post> posts) {
        return XmlDocuments.write("feed", x -> {
            x.writeStartElement("feed");
            x.writeDefaultNamespace(ATOM);
            text(x, "id", baseUrl + htmlPath);
            text(x, "title", title);
            text(x, "subtitle", subtitle);
            ZonedDateTime updated = posts.isEmpty() ? ZonedDateTime.parse("2016-03-03T00:00:00Z")
                    : posts.get(0).getDate();
            text(x, "updated", RFC3339.format(updated));
            link(x, "self", baseUrl + feedPath, "application/atom+xml");
            link(x, "alternate", baseUrl + htmlPath, "text/html");
            // Atom requires an author for every entry; the feed's stands in for posts that name none.
            x.writeStartElement("author");
            text(x, "name", title);
            x.writeEndElement();
            text(x, "generator", "NodeOS Lab site");
            for (Post p : posts) {
                entry(x, baseUrl, p);
            }
            x.writeEndElement();
        });
    }

    private static void entry(XMLStreamWriter x, String baseUrl, Post p) throws XMLStreamException {
        String url = baseUrl + p.getHref();
        x.writeStartElement("entry");
        text(x, "id", url);
        text(x, "title", p.getTitle());
        link(x, "alternate", url, "text/html");
        text(x, "published", RFC3339.format(p.getDate()));
        text(x, "updated", RFC3339.format(p.getDate()));
        if (p.getAuthor() != null) {
            x.writeStartElement("author");
            text(x, "name", p.getAuthor());
            x.writeEndElement();
        }
        for (String tag : p.getTags()) {
            x.writeEmptyElement("category");
            x.writeAttribute("term", tag);
        }
        html(x, "summary", url, p.getExcerptHtml());
        html(x, "content", url, p.getHtml());
        x.writeEndElement();
    }

    private static void html(XMLStreamWriter x, String name, String base, String html) throws XMLStreamException {
        x.writeStartElement(name);
        x.writeAttribute("type", "html");
        x.writeAttribute("xml", "http://www.w3.org/XML/1998/namespace", "base", base);
        x.writeCharacters(XmlText.clean(html));
        x.writeEndElement();
    }

    private static void text(XMLStreamWriter x, String name, String value) throws XMLStreamException {
        x.writeStartElement(name);
        x.writeCharacters(XmlText.clean(value));
        x.writeEndElement();
    }

    private static void link(XMLStreamWriter x, String rel, String href, String type) throws XMLStreamException {
        x.writeEmptyElement("link");
        x.writeAttribute("rel", rel);
        x.writeAttribute("type", type);
        x.writeAttribute("href", href);
    }
}
