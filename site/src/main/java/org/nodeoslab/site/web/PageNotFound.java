package org.nodeoslab.site.web;

/** No page at the requested address: the 404 page answers. */
public class PageNotFound extends RuntimeException {

    public PageNotFound(String path) {
        super("no page at " + path);
    }
}
