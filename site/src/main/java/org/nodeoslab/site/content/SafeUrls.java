package org.nodeoslab.site.content;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** URLs taken from front matter into attributes, and site paths written into links. */
public final class SafeUrls {

    private static final String UNRESERVED_PATH = "-._~!$&'()*+,;=:@/";

    private SafeUrls() {
    }

    /** The URL when it is an absolute http(s) URL, else null: front matter must not smuggle javascript: links. */
    public static String httpOrNull(String url) {
        if (url == null) {
            return null;
        }
        try {
            URI uri = new URI(url.trim());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null ? uri.toString() : null;
        } catch (URISyntaxException e) {
            return null;
        }
    }

    /** Percent-encodes what may not appear in a URL path, leaving "/" and the readable punctuation alone. */
    public static String encodePath(String path) {
        StringBuilder out = new StringBuilder(path.length() + 8);
        for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || (c < 128 && UNRESERVED_PATH.indexOf(c) >= 0)) {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return out.toString();
    }
}
