package org.nodeoslab.site.export;

import java.util.List;

/**
 * Problems in a section's content files that must fail the static export (the blog's are checked by the export
 * itself). A section declares a bean; each problem is one line naming file and line.
 */
public interface ContentProblems {

    List<String> problems();
}
