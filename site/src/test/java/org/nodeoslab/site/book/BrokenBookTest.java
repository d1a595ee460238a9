package org.nodeoslab.site.book;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nodeoslab.site.content.ContentException;

/** Broken inputs are errors naming file and line, marked where they are; the rest of the book still renders. */
class BrokenBookTest {

    @TempDir
    Path temp;

    @Test
    void everyKindOfBreakageIsReportedWithFileAndLineAndMarked() throws IOException {
        Path dir = BookFixtures.copy(temp);
        Files.writeString(dir.resolve("SUMMARY.md"), Files.readString(dir.resolve("SUMMARY.md"))
                .replace("- [Evaluation](evaluation.md)", "- [Evaluation](evaluation.md)\n- [Lost](lost.md)"));
        Files.writeString(dir.resolve("design.md"), """
                # Design {#sec:design}

                See @fig:nowhere and [@nobody2020, p. 3].

                ![Missing](figures/missing.png){#fig:missing}

                ![inline missing](gone.svg) in a sentence.

                {{#include data/absent.md}}

                {{#chart data/boot.csv type=pie x=stage y=ms}}

                {{#chart data/boot.csv type=bar x=stage y=nope}}

                Broken maths: $\\nosuchcommand{x}$ here.
                """);
        BookSnapshot book = BookFixtures.load(dir);
        List<String> errors = book.errors().stream().map(ContentException::getMessage).toList();
        assertEquals(List.of(
                "book-fixture/SUMMARY.md:14: lost.md does not exist",
                "book-fixture/design.md:3: no reference nobody2020 in references.bib",
                "book-fixture/design.md:3: no label fig:nowhere in the book",
                "book-fixture/design.md:5: image figures/missing.png does not exist",
                "book-fixture/design.md:7: image gone.svg does not exist",
                "book-fixture/design.md:9: {{#include data/absent.md}}: book-fixture/data/absent.md does not exist",
                "book-fixture/design.md:11: {{#chart}}: type=pie: a chart is type=bar or type=line",
                "book-fixture/design.md:13: {{#chart}}: no column \"nope\" (columns: stage, ms, runs)",
                "book-fixture/design.md:15: maths $\\nosuchcommand{x}$: " + mathsProblem(errors),
                "book-fixture/design/usersfs.md:3: no label fig:layers in the book"), errors);

        Document design = Jsoup.parseBodyFragment(book.page("/book/design.html").orElseThrow().html());
        assertEquals(8, design.select(".book-error").size(), design.html());
        assertTrue(design.selectFirst(".book-error").text().contains("no label fig:nowhere"));
        Document lost = Jsoup.parseBodyFragment(book.page("/book/lost.html").orElseThrow().html());
        assertTrue(lost.selectFirst(".book-error").text().contains("SUMMARY.md:14: lost.md does not exist"));
        // The rest of the book is untouched.
        assertEquals("1 Introduction", book.pages().get(1).fullTitle());
        assertEquals(0, Jsoup.parseBodyFragment(book.pages().get(1).html()).select(".book-error").size());
    }

    /** JLaTeXMath's own words for what is wrong, whatever they are. */
    private static String mathsProblem(List<String> errors) {
        return errors.stream().filter(e -> e.contains("maths $")).findFirst().map(e -> e.substring(e.indexOf("$: ") + 3))
                .orElse("(no maths error)");
    }

    @Test
    void brokenSettingsBibliographyGlossaryAndSummaryLinesAreReported() throws IOException {
        Path dir = BookFixtures.copy(temp);
        Files.writeString(dir.resolve("references.bib"), "@misc{a,\n  title = {A},\n  year = 2020\n\n@book{b, title=}\n");
        Files.writeString(dir.resolve("glossary.yml"), "term: one\n  bad: indent\n");
        Files.writeString(dir.resolve("SUMMARY.md"), "# Summary\n\n- [Intro](intro.md)\nsome stray text\n");
        Files.writeString(dir.resolve("book.toml"), "[book]\ntitle = \n");
        List<String> errors = BookFixtures.load(dir).errors().stream().map(ContentException::getMessage).toList();
        assertTrue(errors.stream().anyMatch(e -> e.startsWith("book-fixture/SUMMARY.md:4: not a SUMMARY entry")), errors.toString());
        assertTrue(errors.stream().anyMatch(e -> e.matches("book-fixture/references.bib:\\d+: BibTeX: .*")), errors.toString());
        assertTrue(errors.stream().anyMatch(e -> e.startsWith("book-fixture/glossary.yml:2: YAML")), errors.toString());
        assertTrue(errors.stream().anyMatch(e -> e.startsWith("book-fixture/book.toml:2: ")), errors.toString());
    }

    @Test
    void aDuplicateLabelNamesBothPlaces() throws IOException {
        Path dir = BookFixtures.copy(temp);
        Files.writeString(dir.resolve("thanks.md"), "# Thanks\n\n## Again {#sec:motivation}\n");
        List<String> errors = BookFixtures.load(dir).errors().stream().map(ContentException::getMessage).toList();
        assertEquals(List.of("book-fixture/thanks.md:3: label sec:motivation is already defined at book-fixture/intro.md:6"),
                errors);
    }
}
