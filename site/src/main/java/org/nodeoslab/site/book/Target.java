package org.nodeoslab.site.book;

/**
 * Something a cross-reference can point to.
 *
 * @param kind    sec, fig, tbl or lst
 * @param number  "3.2", or null when unnumbered (front and back matter)
 * @param title   plain text, used when there is no number
 * @param chapter true for a page's own title (shown as "Chapter 3")
 * @param pageUrl the page it is on, e.g. /book/design.html
 * @param anchor  its id on that page
 */
public record Target(String kind, String number, String title, boolean chapter, String pageUrl, String anchor) {

    /** "Figure 3.2", "Section 3.1", "Chapter 3", or the title of an unnumbered section. */
    public String text() {
        if (number == null) {
            return title;
        }
        return name() + " " + number;
    }

    private String name() {
        return switch (kind) {
            case "fig" -> "Figure";
            case "tbl" -> "Table";
            case "lst" -> "Listing";
            case "eq" -> "Equation";
            default -> chapter ? "Chapter" : "Section";
        };
    }

    public String href() {
        return pageUrl + "#" + anchor;
    }
}
