package org.nodeoslab.image.debian;

import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * One binary package from a Packages index.
 *
 * @param archive where its {@code filename} is relative to (the main or the security mirror)
 * @param suite   the suite whose index listed it, e.g. bookworm-security
 */
public record PackageRecord(String name, String version, String architecture, String filename, long size,
                            String sha256, long installedSizeKb, List<List<Relation>> depends,
                            List<List<Relation>> preDepends, List<Relation> provides, URI archive, String suite) {

    static PackageRecord from(Map<String, String> stanza, URI archive, String suite, String source) throws FetchException {
        String name = required(stanza, "Package", source);
        List<Relation> provides = Relation.parseField(stanza.get("Provides")).stream().map(c -> c.get(0)).toList();
        String installed = stanza.get("Installed-Size");
        return new PackageRecord(name, required(stanza, "Version", source), stanza.getOrDefault("Architecture", ""),
                required(stanza, "Filename", source), Long.parseLong(required(stanza, "Size", source)),
                required(stanza, "SHA256", source), installed == null ? 0 : Long.parseLong(installed),
                Relation.parseField(stanza.get("Depends")), Relation.parseField(stanza.get("Pre-Depends")),
                provides, archive, suite);
    }

    public URI url() {
        return URI.create(archive + "/" + filename);
    }

    public String fileName() {
        return filename.substring(filename.lastIndexOf('/') + 1);
    }

    private static String required(Map<String, String> stanza, String field, String source) throws FetchException {
        String value = stanza.get(field);
        if (value == null) {
            throw new FetchException(source + ": package stanza " + stanza.get("Package") + " has no " + field);
        }
        return value;
    }
}
