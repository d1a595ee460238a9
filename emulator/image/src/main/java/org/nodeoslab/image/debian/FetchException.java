package org.nodeoslab.image.debian;

import java.io.IOException;

/** A failure of the Debian fetcher, worded for the person running the build (what failed, where, what to do). */
public class FetchException extends IOException {
    public FetchException(String message) {
        super(message);
    }

    public FetchException(String message, Throwable cause) {
        super(message, cause);
    }
}
