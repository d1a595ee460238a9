package org.nodeoslab.site.export;

/** The static export could not be written; the message says why, one problem a line. */
public class ExportFailed extends Exception {

    public ExportFailed(String message) {
        super(message);
    }
}
