package org.nodeoslab.image.debian;

/** The mirror answered 404: the file is not (or no longer) there, typically because the cached index is older. */
public class NotOnMirrorException extends FetchException {
    public NotOnMirrorException(String message) {
        super(message);
    }
}
