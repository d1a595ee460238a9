package org.nodeoslab.site;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns {@link ContentMissing} into a short start-up failure that says what to set, without a stack trace. */
public class ContentMissingAnalyzer extends AbstractFailureAnalyzer<ContentMissing> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, ContentMissing cause) {
        return new FailureAnalysis(cause.getMessage(),
                "Start the site from the repository's checkout (or its site/ folder), or point it at the content: "
                        + "--site.content-dir=/path/to/checkout (or SITE_CONTENT_DIR=...), the folder holding posts/, "
                        + "labs/ and thesis/. --site.posts-dir and --site.labs.dir name each folder on their own.",
                cause);
    }
}
