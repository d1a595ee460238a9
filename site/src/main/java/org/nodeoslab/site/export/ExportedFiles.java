package org.nodeoslab.site.export;

import java.io.IOException;
import java.util.List;

/**
 * Site addresses the static export must fetch although no page links to them: files that scripts load (ES module
 * imports, WebAssembly). A module declares a bean; the export fetches each path as it fetches pages.
 */
public interface ExportedFiles {

    /** Site-relative paths, e.g. "/emulator/emulator.wasm". */
    List<String> paths() throws IOException;

    /** Why the export must not be written (e.g. "labs/x/lab.md:3:1: ..."): none by default. */
    default List<String> problems() {
        return List.of();
    }
}
