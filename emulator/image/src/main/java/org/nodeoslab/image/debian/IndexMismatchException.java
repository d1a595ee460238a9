package org.nodeoslab.image.debian;

/** No copy of a Packages index on the mirror matches the SHA-256 that the suite's signed InRelease gives. */
public class IndexMismatchException extends FetchException {
    public IndexMismatchException(String message) {
        super(message);
    }
}
