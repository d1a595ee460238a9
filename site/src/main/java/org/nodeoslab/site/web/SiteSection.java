package org.nodeoslab.site.web;

/**
 * A top-level section of the site: a link in the header and a card on the front door (the home page). A module adds
 * one by declaring a bean, e.g.
 * {@code @Bean SiteSection labs() { return new SiteSection("Labs", "/labs/", "Boot NodeOS in your browser and build
 * it up step by step; every step is checked.", 10); }}. Orders in use: labs 10, book 20, blog 30, emulator 40.
 *
 * @param title what the link and the card's heading say
 * @param path  where it goes, site-relative, with its trailing slash ("/labs/")
 * @param pitch one sentence on the front door: what a visitor gets there
 * @param order position among sections, lowest first; the lowest is the newcomer's first step on the front door
 */
public record SiteSection(String title, String path, String pitch, int order) {

    public SiteSection {
        if (title == null || title.isBlank() || path == null || !path.startsWith("/")) {
            throw new IllegalArgumentException("a SiteSection needs a title and a site-relative path: " + title + " " + path);
        }
        pitch = pitch == null ? "" : pitch;
    }

    /** A header link with no pitch (the front door shows it without a sentence). */
    public SiteSection(String title, String path, int order) {
        this(title, path, "", order);
    }

    /** The header's aria-current: this section holds the page at {@code currentSection}. */
    public boolean holds(String currentSection) {
        return path.equals(currentSection);
    }
}
