package org.nodeoslab.site.export;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ExportCspTest {

    @Test
    void aMetaPolicyLeavesOutWhatOnlyAHeaderCanSay() {
        assertEquals("default-src 'self'; img-src 'self' data:",
                ExportCsp.forMeta("default-src 'self'; frame-ancestors 'none'; img-src 'self' data:; "
                        + "report-uri /csp; Sandbox allow-scripts;"));
    }

    @Test
    void theMetaGoesFirstInHeadAfterTheCharset() {
        String policy = "default-src 'self'; frame-ancestors 'none'";
        assertEquals("<html><head>\n  <meta charset=\"utf-8\"><meta http-equiv=\"Content-Security-Policy\" "
                        + "content=\"default-src 'self'\">\n<script src=a.js></script></head></html>",
                ExportCsp.addMeta("<html><head>\n  <meta charset=\"utf-8\">\n<script src=a.js></script></head></html>",
                        policy));
        assertEquals("<HEAD lang=en><meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self'\">"
                        + "<title>x</title></HEAD>",
                ExportCsp.addMeta("<HEAD lang=en><title>x</title></HEAD>", policy));
        // <header> is not <head>; no head at all: the page as it is.
        assertEquals("<header>x</header>", ExportCsp.addMeta("<header>x</header>", policy));
        assertEquals("<head></head>", ExportCsp.addMeta("<head></head>", "frame-ancestors 'none'"));
    }
}
