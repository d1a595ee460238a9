package org.nodeoslab.site.labs.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nodeoslab.site.TestSites.get;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** As `./lab export` serves the site: no progress API, and pages that keep progress in the browser only. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "site.labs.progress.enabled=false")
class ProgressExportWebTest {

    @LocalServerPort
    int port;

    @Test
    void theExportedPagesHaveNoServerStore() {
        HttpResponse<String> api = get(port, "/labs/api/progress/00112233445566778899aabbccddeeff");
        assertEquals(404, api.statusCode());
        String catalogue = get(port, "/labs/").body();
        assertTrue(!catalogue.contains("data-progress-api") && !catalogue.contains("lab-devices"), catalogue);
        String lab = get(port, "/labs/01-boot-and-layers/").body();
        assertTrue(lab.contains("id=\"lab\"") && !lab.contains("data-progress-api"), lab);
    }
}
