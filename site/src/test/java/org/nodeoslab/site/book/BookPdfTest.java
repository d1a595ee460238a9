package org.nodeoslab.site.book;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.nodeoslab.site.TestSites;

/** The PDF: title page, contents with page numbers, chapters, references, in that order. */
class BookPdfTest {

    @Test
    void thePdfHasTitleContentsChaptersAndReferencesInOrder() throws Exception {
        BookSnapshot book = BookFixtures.load(BookFixtures.FIXTURE);
        long start = System.nanoTime();
        byte[] pdf = BookPdf.render(book, BookFixtures.FIXTURE);
        long ms = (System.nanoTime() - start) / 1_000_000;
        Path out = TestSites.outputDir("book").resolve("fixture.pdf");
        Files.write(out, pdf);
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            PDFTextStripper stripper = new PDFTextStripper();
            stripper.setSortByPosition(true);
            String text = stripper.getText(doc).replaceAll("[ \\t]+", " ");
            System.out.printf("book pdf: %d pages, %d KiB, %d ms -> %s%n", doc.getNumberOfPages(), pdf.length / 1024, ms, out);
            int title = text.indexOf("A Fixture Book");
            int contents = text.indexOf("Contents");
            int intro = text.indexOf("1 Introduction", contents + 10);
            int chapterText = text.indexOf("NodeOS boots a Linux kernel");
            int evaluation = text.indexOf("3 Evaluation", chapterText);
            int references = text.lastIndexOf("References");
            int entry = text.indexOf("Lagos, Jesús Leganés-Combarro. 2016.");
            assertTrue(title >= 0 && title < contents && contents < intro && intro < chapterText
                    && chapterText < evaluation && evaluation < references && references < entry,
                    "order: " + title + " " + contents + " " + intro + " " + chapterText + " " + evaluation + " "
                            + references + " " + entry + "\n" + text);
            assertTrue(text.contains("Figure 1.1: The boot path"), "numbered figures");
            // The contents give page numbers: "1 Introduction .... 4" (title page 1, contents 2, preface 3).
            assertTrue(text.matches("(?s).*1 Introduction[ .]*4\\s.*"), text.substring(0, Math.min(600, text.length())));
            // Running header: the chapter's title at the top of its pages.
            String page4 = new PDFTextStripper() {{ setStartPage(4); setEndPage(4); setSortByPosition(true); }}.getText(doc);
            assertTrue(page4.strip().replaceAll("\\s+", " ").startsWith("1 Introduction"), page4);
            PDFRenderer renderer = new PDFRenderer(doc);
            for (int i = 0; i < doc.getNumberOfPages(); i++) {
                BufferedImage image = renderer.renderImageWithDPI(i, 50);
                ImageIO.write(image, "png", TestSites.outputDir("book").resolve("fixture-page-" + (i + 1) + ".png").toFile());
            }
        }
    }

    @Test
    void thePrintViewIsOnePageWithLinksInsideIt() {
        Document doc = PrintBook.document(BookFixtures.load(BookFixtures.FIXTURE));
        assertEquals(8, doc.select("section.chapter").size());
        assertEquals("#fig:boot", doc.selectFirst("a:contains(Figure 1.1)").attr("href"));
        assertEquals("#sec:motivation", doc.selectFirst("a:contains(Section 1.1)").attr("href"));
        assertEquals("/book/figures/boot.svg", doc.getElementById("fig:roots").selectFirst("img").attr("src"));
        // Two chapters' footnote 1 and generated ids do not collide.
        assertEquals(doc.select("[id]").size(), doc.select("[id]").eachAttr("id").stream().distinct().count());
        for (String href : doc.select("a[href^=#]").eachAttr("href")) {
            assertTrue(doc.getElementById(href.substring(1)) != null, href);
        }
    }
}
