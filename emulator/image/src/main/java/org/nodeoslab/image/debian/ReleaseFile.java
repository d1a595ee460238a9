package org.nodeoslab.image.debian;

import java.util.HashMap;
import java.util.Map;

/** The verified text of an InRelease file: its fields and the SHA256 list of index files. */
public final class ReleaseFile {

    /** An index file's expected size and SHA-256. */
    public record Entry(String path, long size, String sha256) {
    }

    private final Map<String, String> fields = new HashMap<>();
    private final Map<String, Entry> sha256 = new HashMap<>();

    public ReleaseFile(String text, String source) throws FetchException {
        String field = null;
        for (String line : text.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            if (line.charAt(0) == ' ') {
                if ("SHA256".equals(field)) {
                    String[] parts = line.strip().split("\\s+");
                    if (parts.length != 3) {
                        throw new FetchException(source + ": bad SHA256 line '" + line + "'");
                    }
                    sha256.put(parts[2], new Entry(parts[2], Long.parseLong(parts[1]), parts[0]));
                }
                continue;
            }
            int colon = line.indexOf(':');
            if (colon > 0) {
                field = line.substring(0, colon);
                fields.put(field, line.substring(colon + 1).strip());
            }
        }
        if (sha256.isEmpty()) {
            throw new FetchException(source + " lists no SHA256 checksums");
        }
    }

    public String field(String name) {
        return fields.get(name);
    }

    public Entry sha256(String path) {
        return sha256.get(path);
    }

    public boolean acquireByHash() {
        return "yes".equalsIgnoreCase(fields.get("Acquire-By-Hash"));
    }
}
