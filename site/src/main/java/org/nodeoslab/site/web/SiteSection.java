package org.nodeoslab.site.web;

/**
 * A top-level section in the site's header, after the blog's own links. A module adds one by declaring a bean, e.g.
 * {@code @Bean SiteSection labs() { return new SiteSection("Labs", "/labs/", 20); }} (the book, labs and emulator).
 *
 * @param label what the link says
 * @param href  where it goes, site-relative
 * @param order position among sections, lowest first
 */
public record SiteSection(String label, String href, int order) {
}
