package org.nodeoslab.site.web;

/**
 * What every page says about the site (the templates' {@code site}): its name, its one line, and its absolute URL.
 *
 * @param url absolute, without trailing slash
 */
public record SiteInfo(String title, String description, String url) {

    /** The base URL without a trailing slash, so {@code baseUrl() + "/path"} is always right. */
    public String baseUrl() {
        return url;
    }
}
