package org.nodeoslab.site.content;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.ZonedDateTime;
import java.util.List;

import org.junit.jupiter.api.Test;

class PermalinksTest {

    private static final ZonedDateTime SEED_DATE = ZonedDateTime.parse("2016-03-03T00:11:31Z");

    private static Permalinks.Parts seed(List<String> categories) {
        return new Permalinks.Parts(SEED_DATE, "not-a-toy-os-anymore", "not-a-toy-os-anymore", categories);
    }

    @Test
    void theSiteDefaultIsYearMonthDayTitleDotHtml() {
        assertEquals("/2016/03/03/not-a-toy-os-anymore.html",
                Permalinks.expand(BlogSettings.DEFAULT_PERMALINK, seed(List.of())));
    }

    @Test
    void nodeosOwnBlogPatternHasNoExtension() {
        assertEquals("/blog/not-a-toy-os-anymore", Permalinks.expand("/blog/:title", seed(List.of())));
    }

    @Test
    void jekyllStylesExpandAndEmptyCategoriesLeaveNoDoubleSlash() {
        assertEquals("/2016/03/03/not-a-toy-os-anymore.html", Permalinks.expand("date", seed(List.of())));
        assertEquals("/2016/03/03/not-a-toy-os-anymore/", Permalinks.expand("pretty", seed(List.of())));
        assertEquals("/2016/063/not-a-toy-os-anymore.html", Permalinks.expand("ordinal", seed(List.of())));
        assertEquals("/2016/W09/Thu/not-a-toy-os-anymore.html", Permalinks.expand("weekdate", seed(List.of())));
        assertEquals("/not-a-toy-os-anymore.html", Permalinks.expand("none", seed(List.of())));
    }

    @Test
    void categoriesBecomeLowerCaseFolders() {
        assertEquals("/release/kernel/2016/03/03/not-a-toy-os-anymore.html",
                Permalinks.expand("date", seed(List.of("Release", "Kernel"))));
        assertEquals("/node-js/not-a-toy-os-anymore/",
                Permalinks.expand("/:slugified_categories/:title/", seed(List.of("Node JS"))));
    }

    @Test
    void everyDatePlaceholder() {
        assertEquals("/16/3/3/Mar/March/Thursday/00-11-31",
                Permalinks.expand("/:short_year/:i_month/:i_day/:short_month/:long_month/:long_day/:hour-:minute-:second",
                        seed(List.of())));
    }

    @Test
    void anUnknownPlaceholderIsAnErrorNotASilentlyWrongAddress() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Permalinks.expand("/:yaer/:title", seed(List.of())));
        assertEquals("unknown permalink placeholder :yaer", e.getMessage());
    }

    @Test
    void anAddressIsUnsafeByItsSegmentsNotBySubstrings() {
        for (String fine : List.of("/2014/06/01/so...-it-begins/", "/wait...what.html", "/a..b/", "/node.js-v0.12/")) {
            assertEquals(false, Permalinks.unsafe(fine), fine);
        }
        for (String bad : List.of("/../etc/", "/a/../b", "/a/./b", "/..", "/a\\b", "/a?b", "/a#b", "/a\u0000b")) {
            assertEquals(true, Permalinks.unsafe(bad), bad);
        }
    }
}
