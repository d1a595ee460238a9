package org.nodeoslab.image.debian;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The packages of one or more suites, keeping the highest version of each name (so bookworm-security's fixes win
 * over bookworm's originals), and who provides each virtual package.
 */
public final class PackageIndex {

    private final Map<String, PackageRecord> byName = new HashMap<>();
    /** Virtual name → providing package names; a TreeMap inside keeps the choice among providers deterministic. */
    private final Map<String, Map<String, Relation>> providers = new HashMap<>();

    /** Adds every stanza of a Packages file. */
    public void addPackagesFile(BufferedReader reader, URI archive, String suite, String source) throws IOException {
        try {
            ControlStanzas.read(reader, source, stanza -> {
                try {
                    add(PackageRecord.from(stanza, archive, suite, source));
                } catch (FetchException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    public void add(PackageRecord record) {
        PackageRecord existing = byName.get(record.name());
        if (existing == null || DebianVersion.compare(record.version(), existing.version()) > 0) {
            byName.put(record.name(), record);
            for (Relation provided : record.provides()) {
                providers.computeIfAbsent(provided.name(), k -> new TreeMap<>()).put(record.name(), provided);
            }
        }
    }

    public PackageRecord get(String name) {
        return byName.get(name);
    }

    public int size() {
        return byName.size();
    }

    /** Real packages that provide {@code relation} (honouring a versioned Provides when the relation has a version). */
    public List<PackageRecord> providersOf(Relation relation) {
        List<PackageRecord> result = new ArrayList<>();
        Map<String, Relation> names = providers.getOrDefault(relation.name(), Map.of());
        for (Map.Entry<String, Relation> e : names.entrySet()) {
            PackageRecord provider = byName.get(e.getKey());
            // A stale provider (an older version that provided it, replaced by one that does not) is skipped.
            if (provider == null || provider.provides().stream().noneMatch(p -> p.name().equals(relation.name()))) {
                continue;
            }
            if (relation.op() == null || relation.acceptsVersion(e.getValue().version())) {
                result.add(provider);
            }
        }
        return result;
    }

    public Collection<PackageRecord> all() {
        return byName.values();
    }
}
