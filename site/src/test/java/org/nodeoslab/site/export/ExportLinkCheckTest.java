package org.nodeoslab.site.export;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nodeoslab.site.TestSites;

class ExportLinkCheckTest {

    @TempDir
    Path export;

    @Test
    void addressesMapToFilesAsJekyllWritesThem() {
        assertEquals(Optional.of("index.html"), ExportPaths.fileFor("/"));
        assertEquals(Optional.of("tags/kernel/index.html"), ExportPaths.fileFor("/tags/kernel/"));
        assertEquals(Optional.of("2016/03/03/x.html"), ExportPaths.fileFor("/2016/03/03/x.html#part"));
        assertEquals(Optional.of("blog/x.html"), ExportPaths.fileFor("/blog/x"));
        assertEquals(Optional.of("feed.xml"), ExportPaths.fileFor("/feed.xml?x=1"));
        // The server's answer decides: a page whose name has a dot gets .html, a binary keeps its name.
        assertEquals(Optional.of("blog/node.js-notes.html"), ExportPaths.fileFor("/blog/node.js-notes", true));
        assertEquals(Optional.of("emulator/image/bzImage"), ExportPaths.fileFor("/emulator/image/bzImage", false));
        assertEquals(Optional.of("blog/so...-it-begins/index.html"), ExportPaths.fileFor("/blog/so...-it-begins/", true));
        assertEquals(Optional.of("blog/What's new.html"), ExportPaths.fileFor("/blog/What's%20new"));
        assertEquals(Optional.empty(), ExportPaths.fileFor("/a/../../etc/passwd"));
        assertEquals(Optional.empty(), ExportPaths.fileFor("/a/%2e%2e/%2e%2e/etc/passwd"));
    }

    @Test
    void everyLinkToNothingIsReportedAndNothingElse() throws IOException {
        TestSites.write(export.resolve("index.html"), """
                <a href="/tags/">tags</a> <a href="/missing/">missing</a> <img src='/assets/a.png'>
                <a href="https://example.org/x">out</a> <a href="#top">top</a> <a href="mailto:a@b.c">mail</a>
                <a href="blog/x">relative</a> <link rel="stylesheet" href="/css/site.css">
                """);
        TestSites.write(export.resolve("tags/index.html"), "<a href=\"../\">home</a> <a href=\"kernel/\">k</a>");
        TestSites.write(export.resolve("assets/a.png"), "png");
        TestSites.write(export.resolve("blog/x.html"), "<a href=\"/blog/x#a\">self</a>");
        TestSites.write(export.resolve("js/page.js"), "import { a } from \"/js/there.js\";\nimport { b } from \"./gone.js\";\n");
        TestSites.write(export.resolve("js/there.js"), "export const a = 1;\n");
        // A dotted slug's pretty permalink: folders named like a script and a page, each holding its index.html.
        TestSites.write(export.resolve("posts/node.js/index.html"), "<a href=\"/nowhere/\">x</a>");
        TestSites.write(export.resolve("posts/why.html/index.html"), "<a href=\"/posts/node.js/\">y</a>");
        assertEquals(List.of("index.html: /missing/", "index.html: /css/site.css", "js/page.js: ./gone.js",
                        "posts/node.js/index.html: /nowhere/", "tags/index.html: kernel/"),
                ExportLinkCheck.brokenLinks(export));
    }
}
