package org.nodeoslab.site;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** The site refuses to start, saying what to set, when its content folder has no posts. */
class ContentFoldersTest {

    @TempDir
    Path empty;

    @Test
    void aMissingPostsFolderStopsTheStartWithWhatToSet() {
        SpringApplication app = new SpringApplication(SiteApplication.class);
        RuntimeException failed = assertThrows(RuntimeException.class, () -> app.run("--server.port=0",
                "--site.content-dir=" + empty, "--logging.level.root=OFF").close());
        Throwable cause = failed;
        while (!(cause instanceof ContentMissing) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        assertTrue(cause instanceof ContentMissing, failed.toString());
        assertEquals("The blog's posts folder " + empty.resolve("posts") + " does not exist.", cause.getMessage());
        FailureAnalysis analysis = new ContentMissingAnalyzer().analyze(failed);
        assertTrue(analysis.getAction().contains("--site.content-dir=/path/to/checkout (or SITE_CONTENT_DIR=...)"),
                analysis.getAction());
    }
}
