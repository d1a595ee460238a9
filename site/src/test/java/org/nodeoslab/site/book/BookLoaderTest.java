package org.nodeoslab.site.book;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.nodeoslab.site.content.ContentException;

/** The fixture book (src/test/resources/book-fixture) renders as a reader should see it. */
class BookLoaderTest {

    private final BookSnapshot book = BookFixtures.load(BookFixtures.FIXTURE);

    private Document page(String url) {
        return Jsoup.parseBodyFragment(book.page(url).orElseThrow().html());
    }

    @Test
    void theFixtureHasNoProblems() {
        assertEquals(List.of(), book.errors().stream().map(ContentException::getMessage).toList());
        assertEquals("A Fixture Book", book.metadata().title());
        assertEquals(List.of("Ada Lovelace", "Alan Turing"), book.metadata().authors());
    }

    @Test
    void pagesFollowTheSummaryWithFrontAndBackMatterUnnumbered() {
        List<String> titles = book.pages().stream().map(BookPage::fullTitle).toList();
        assertEquals(List.of("Preface", "1 Introduction", "2 Design", "2.1 Users' own roots", "3 Evaluation",
                "Acknowledgements", "References", "Glossary"), titles);
        List<String> contents = new ArrayList<>();
        book.contents().forEach(c -> contents.add((c.part() == null ? "" : "[" + c.part() + "] ") + c.fullTitle()
                + (c.url() == null ? " (draft)" : "")));
        assertEquals(List.of("Preface", "[Part one: the problem] 1 Introduction", "2 Design", "2.1 Users' own roots",
                "[Part two: the answer] 3 Evaluation", "4 Future work (draft)", "Acknowledgements", "References",
                "Glossary"), contents);
        assertEquals("/book/design/usersfs.html", book.pages().get(3).url());
        assertEquals("/book/preface.html", book.previous(book.pages().get(1)).orElseThrow().url());
        assertEquals("/book/design.html", book.next(book.pages().get(1)).orElseThrow().url());
    }

    @Test
    void headingsFiguresTablesAndListingsAreNumberedPerChapter() {
        Document intro = page("/book/intro.html");
        assertEquals("1 Introduction", intro.selectFirst("h1").text());
        assertEquals("1.1 Motivation", intro.getElementById("sec:motivation").text());
        assertEquals("1.2 Background", intro.selectFirst("h2#background").text());
        assertEquals("Figure 1.1: The boot path", intro.getElementById("fig:boot").selectFirst("figcaption").text());
        assertEquals("Table 1.1: Boot stages", intro.getElementById("tbl:boot").selectFirst(".caption").text());
        assertNotNull(intro.getElementById("tbl:boot").selectFirst("table"), "the caption is above its table");
        assertEquals("Listing 1.1: The init process", intro.getElementById("lst:init").selectFirst(".caption").text());
        assertEquals("language-js", intro.getElementById("lst:init").selectFirst("pre code").className());
        assertEquals("Figure 1.2: Boot time by stage", intro.getElementById("fig:boot-chart").selectFirst("figcaption").text());
        // A section file (2.1) continues its chapter's figure count.
        assertEquals("Figure 2.1: Layers of NodeOS", page("/book/design.html").getElementById("fig:layers").text());
        assertEquals("Figure 2.2: Roots", page("/book/design/usersfs.html").getElementById("fig:roots").text());
        assertEquals("Preface", page("/book/preface.html").selectFirst("h1").text(), "front matter is unnumbered");
        assertEquals("2.1.1 A deeper heading", page("/book/design/usersfs.html").selectFirst("h3").text(),
                "an h3 straight under a section file's title");
    }

    @Test
    void everyCrossReferenceResolvesToALinkWithItsNumber() {
        Element motivation = page("/book/intro.html").getElementById("sec:motivation").nextElementSibling();
        List<String> links = motivation.select("a").stream().map(a -> a.text() + " -> " + a.attr("href")).toList();
        assertEquals(List.of("Figure 1.1 -> #fig:boot", "Table 1.1 -> #tbl:boot", "Figure 1.2 -> #fig:boot-chart",
                "Listing 1.1 -> #lst:init", "npm -> /book/glossary.html#term-npm",
                "mail@example.com -> mailto:mail@example.com"), links);
        Document design = page("/book/design.html");
        assertEquals("/book/intro.html#sec:motivation", design.selectFirst("a:contains(Section 1.1)").attr("href"));
        assertEquals("/book/design/usersfs.html#sec:usersfs", design.selectFirst("a:contains(Section 2.1)").attr("href"));
        assertEquals("/book/intro.html#sec:intro", page("/book/preface.html").selectFirst("a:contains(Chapter 1)").attr("href"));
        Document intro = page("/book/intro.html");
        assertTrue(intro.text().contains("Inline code @fig:boot stays as written."), "code spans are left alone");
        assertTrue(intro.getElementById("lst:init").selectFirst("code").text().contains("@sec:intro"), "code blocks are left alone");
        assertTrue(intro.text().contains("@babel/core is not a citation"), "an npm scope is not a citation");
        for (BookPage p : book.pages()) {
            Document d = Jsoup.parseBodyFragment(p.html());
            assertEquals(0, d.select(".book-error").size(), p.url());
            for (Element a : d.select("a[href]")) {
                String href = a.attr("href");
                if (href.startsWith("/book/") || href.startsWith("#")) {
                    String url = href.startsWith("#") ? p.url() : href.replaceAll("#.*", "");
                    String id = href.contains("#") ? href.substring(href.indexOf('#') + 1) : null;
                    Document target = Jsoup.parseBodyFragment(book.page(url).orElseThrow(() ->
                            new AssertionError(p.url() + " links to " + href)).html());
                    assertTrue(id == null || target.getElementById(id) != null, p.url() + " links to " + href);
                }
            }
        }
    }

    @Test
    void citationsAreAuthorDateAndTheReferenceListHoldsWhatIsCited() {
        Document intro = page("/book/intro.html");
        String text = intro.selectFirst("p").text();
        assertTrue(text.contains("userspace (Lagos 2016)."), text);
        assertTrue(text.contains("As Torvalds and Tanenbaum (1991) wrote"), text);
        assertTrue(text.contains("(The kernel development community 2024, sec. 2; Lagos 2016)"), text);
        Document refs = page("/book/references.html");
        List<String> entries = refs.select("ol.bibliography li").stream().map(Element::text).toList();
        assertEquals(3, entries.size(), "cited works only: " + entries);
        assertEquals("Lagos, Jesús Leganés-Combarro. 2016. “NodeOS: the Node.js operating system.” GitHub repository. "
                + "https://github.com/NodeOS/NodeOS. Accessed 2026-12-06.", entries.get(0));
        assertTrue(entries.get(2).startsWith("Torvalds, Linus, and Andrew S. Tanenbaum. 1991. “LINUX is obsolete.” "
                + "comp.os.minix 1: 1–10."), entries.get(2));
    }

    @Test
    void glossaryTermsLinkOnFirstUsePerChapterOnly() {
        Document intro = page("/book/intro.html");
        assertEquals(1, intro.select("a.gloss[href$=#term-initramfs]").size());
        assertEquals(0, intro.select("h1 a.gloss, h2 a.gloss, code a.gloss").size());
        assertEquals(1, page("/book/design.html").select("a.gloss[href$=#term-usersfs]").size());
        assertEquals(List.of("initramfs", "npm", "usersfs"),
                page("/book/glossary.html").select("dl.glossary dt").eachText());
    }

    @Test
    void includesChartsAndFootnotesRender() {
        Document design = page("/book/design.html");
        assertEquals("kernel", design.selectFirst("table td").text(), "{{#include data/boot.md}} is a table");
        Element chart = page("/book/intro.html").getElementById("fig:boot-chart").selectFirst("svg[role=img]");
        assertNotNull(chart);
        assertTrue(chart.selectFirst("desc").text().contains("kernel: 120; init: 30; nsh: 45.5"), chart.text());
        assertEquals(3, chart.select("rect[fill=#2f6fb3]").size(), "one bar per row");
        assertEquals(2, page("/book/evaluation.html").select("svg polyline").size(), "two series");
        assertEquals("A footnote about the initramfs. ↩", page("/book/intro.html").selectFirst(".footnotes li").text());
    }

    @Test
    void mathsIsSvgWithItsTexAsName() {
        Document evaluation = page("/book/evaluation.html");
        List<String> formulas = evaluation.select("svg.math").eachAttr("aria-label");
        assertEquals(List.of("E = mc^2", "\\text{MIPS} = \\frac{\\text{instructions}}{10^6 \\cdot t}"), formulas);
        assertTrue(evaluation.selectFirst("svg.math path") != null, "glyphs are drawn as paths");
        assertNotNull(evaluation.selectFirst("div.math-display svg.math"), "$$ is display maths");
        String text = evaluation.text();
        assertTrue(text.contains("Prices like $5 and $10 are not maths, nor is $HOME."), text);
    }

    @Test
    void theSearchIndexHasEverySection() {
        String json = book.searchIndex();
        assertTrue(json.contains("\"url\":\"/book/intro.html#sec:motivation\""), json);
        assertTrue(json.contains("\"title\":\"1.1 Motivation\""), json);
        assertTrue(json.contains("Lagos, Jesús"), "the reference list is searchable");
    }
}
