package org.nodeoslab.site.feed;

import java.time.format.DateTimeFormatter;
import java.util.List;


/** A sitemaps.org 0.9 sitemap of the site's public pages. */
public final class Sitemap {

    private static final String NS = "http://www.sitemaps.org/schemas/sitemap/0.9";

    /** One page: its site-relative, percent-encoded path and, for posts, the date it last changed. */
    public record Entry(String path, java.time.ZonedDateTime lastModified) {
    }

    private Sitemap() {
    }

    public static String write(String baseUrl, List<Entry> entries) {
        return XmlDocuments.write("sitemap", x -> {
            x.writeStartElement("urlset");
            x.writeDefaultNamespace(NS);
            for (Entry e : entries) {
                x.writeStartElement("url");
                x.writeStartElement("loc");
                x.writeCharacters(baseUrl + e.path());
                x.writeEndElement();
                if (e.lastModified() != null) {
                    x.writeStartElement("lastmod");
                    x.writeCharacters(DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(e.lastModified()));
                    x.writeEndElement();
                }
                x.writeEndElement();
            }
            x.writeEndElement();
        });
    }
}
