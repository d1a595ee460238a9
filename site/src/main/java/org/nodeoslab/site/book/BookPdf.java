package org.nodeoslab.site.book;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.openhtmltopdf.outputdevice.helper.BaseRendererBuilder;
import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import com.openhtmltopdf.svgsupport.BatikSVGDrawer;
import org.jsoup.helper.W3CDom;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * The book as a PDF: the print view ({@link PrintBook}) laid out by openhtmltopdf (CSS paged media: page numbers,
 * running headers, contents with page numbers through target-counter), SVG figures and charts through Batik,
 * DejaVu fonts when the machine has them (Debian's fonts-dejavu-core) for the characters PDF's base fonts lack.
 */
public final class BookPdf {

    /** Where Debian puts DejaVu; the families print.css asks for. */
    private static final Path FONTS = Path.of("/usr/share/fonts/truetype/dejavu");
    private static final List<String[]> FONT_FILES = List.of(
            new String[] {"DejaVu Serif", "DejaVuSerif.ttf", "400", "NORMAL"},
            new String[] {"DejaVu Serif", "DejaVuSerif-Bold.ttf", "700", "NORMAL"},
            new String[] {"DejaVu Serif", "DejaVuSerif-Italic.ttf", "400", "ITALIC"},
            new String[] {"DejaVu Serif", "DejaVuSerif-BoldItalic.ttf", "700", "ITALIC"},
            new String[] {"DejaVu Sans", "DejaVuSans.ttf", "400", "NORMAL"},
            new String[] {"DejaVu Sans", "DejaVuSans-Bold.ttf", "700", "NORMAL"},
            new String[] {"DejaVu Sans Mono", "DejaVuSansMono.ttf", "400", "NORMAL"},
            new String[] {"DejaVu Sans Mono", "DejaVuSansMono-Bold.ttf", "700", "NORMAL"});

    private BookPdf() {
    }

    /** @param bookDir where the images the chapters name are */
    public static byte[] render(BookSnapshot book, Path bookDir) throws IOException {
        Document doc = PrintBook.document(book);
        for (Element img : doc.select("img[src^=/book/]")) {
            Path file = bookDir.resolve(img.attr("src").substring("/book/".length()).replace("%20", " ")).normalize();
            if (!file.startsWith(bookDir)) {
                img.attr("src", "");
                continue;
            }
            Element svg = file.toString().endsWith(".svg") && Files.isRegularFile(file)
                    ? SvgForPdf.element(Files.readString(file)) : null;
            if (svg != null) {
                // Inline, so that SVG 2 markers can be fixed for Batik (SvgForPdf) and the figure keeps its size.
                svg.attr("style", "max-width:100%;" + svg.attr("style"));
                img.replaceWith(svg);
            } else {
                img.attr("src", file.toUri().toString());
            }
        }
        PdfRendererBuilder builder = new PdfRendererBuilder();
        builder.useFastMode();
        builder.useSVGDrawer(new BatikSVGDrawer());
        for (String[] font : FONT_FILES) {
            File file = FONTS.resolve(font[1]).toFile();
            if (file.isFile()) {
                builder.useFont(file, font[0], Integer.parseInt(font[2]),
                        BaseRendererBuilder.FontStyle.valueOf(font[3]), true);
            }
        }
        builder.withW3cDocument(new W3CDom().fromJsoup(doc), bookDir.toUri().toString());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        builder.toStream(out);
        builder.run();
        return out.toByteArray();
    }

    static boolean fontsInstalled() {
        return Files.isDirectory(FONTS);
    }
}
