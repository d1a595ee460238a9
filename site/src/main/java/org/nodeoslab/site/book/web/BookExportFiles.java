package org.nodeoslab.site.book.web;

import java.util.List;

import org.nodeoslab.site.export.ExportedFiles;
import org.springframework.stereotype.Component;

/** The search index is fetched by book.js, not linked: the static export is told about it. */
@Component
class BookExportFiles implements ExportedFiles {

    @Override
    public List<String> paths() {
        return List.of("/book/searchindex.json");
    }
}
