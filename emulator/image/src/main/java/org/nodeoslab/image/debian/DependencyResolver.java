package org.nodeoslab.image.debian;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Closes a list of wanted packages over Depends and Pre-Depends, the way apt would with no Recommends.
 *
 * <p>For each clause "a | b | c": if some alternative is already chosen (or is provided by a chosen package), the
 * clause is satisfied; otherwise the first alternative that exists as a real package with a fitting version is
 * taken, else the first provider of it (virtual packages). Packages in {@code skip} are never pulled in as
 * dependencies (e.g. the maintainer-script tools a kernel image depends on but an initramfs does not need).
 */
public final class DependencyResolver {

    private final PackageIndex index;
    private final Set<String> skip;

    public DependencyResolver(PackageIndex index, Set<String> skip) {
        this.index = index;
        this.skip = skip;
    }

    /** The wanted packages and all they depend on, in the order they were reached (wanted ones first). */
    public List<PackageRecord> resolve(List<String> wanted) throws FetchException {
        Map<String, PackageRecord> chosen = new LinkedHashMap<>();
        Deque<PackageRecord> work = new ArrayDeque<>();
        for (String name : wanted) {
            PackageRecord record = pick(new Relation(name, null, null), "the command line");
            if (chosen.putIfAbsent(record.name(), record) == null) {
                work.add(record);
            }
        }
        while (!work.isEmpty()) {
            PackageRecord current = work.poll();
            List<List<Relation>> clauses = new ArrayList<>(current.preDepends());
            clauses.addAll(current.depends());
            for (List<Relation> clause : clauses) {
                if (clause.stream().anyMatch(r -> skip.contains(r.name())) || satisfied(clause, chosen)) {
                    continue;
                }
                PackageRecord next = choose(clause, current);
                if (chosen.putIfAbsent(next.name(), next) == null) {
                    work.add(next);
                }
            }
        }
        return new ArrayList<>(chosen.values());
    }

    private boolean satisfied(List<Relation> clause, Map<String, PackageRecord> chosen) {
        for (Relation r : clause) {
            PackageRecord real = chosen.get(r.name());
            if (real != null && r.acceptsVersion(real.version())) {
                return true;
            }
            for (PackageRecord provider : index.providersOf(r)) {
                if (chosen.containsKey(provider.name())) {
                    return true;
                }
            }
        }
        return false;
    }

    private PackageRecord choose(List<Relation> clause, PackageRecord dependent) throws FetchException {
        for (Relation r : clause) {
            PackageRecord real = index.get(r.name());
            if (real != null && r.acceptsVersion(real.version())) {
                return real;
            }
        }
        for (Relation r : clause) {
            List<PackageRecord> providers = index.providersOf(r);
            if (!providers.isEmpty()) {
                return providers.get(0);
            }
        }
        throw new FetchException("cannot satisfy dependency '" + join(clause) + "' of " + dependent.name() + " "
                + dependent.version() + ": " + explain(clause));
    }

    private PackageRecord pick(Relation wanted, String by) throws FetchException {
        PackageRecord real = index.get(wanted.name());
        if (real != null) {
            return real;
        }
        List<PackageRecord> providers = index.providersOf(wanted);
        if (!providers.isEmpty()) {
            return providers.get(0);
        }
        throw new FetchException("package '" + wanted.name() + "' (asked for by " + by + ") is not in the index");
    }

    private String explain(List<Relation> clause) {
        StringBuilder sb = new StringBuilder();
        for (Relation r : clause) {
            PackageRecord real = index.get(r.name());
            sb.append(sb.length() == 0 ? "" : "; ").append(r.name()).append(real == null
                    ? " is not in the index" : " has version " + real.version());
        }
        return sb.toString();
    }

    private static String join(List<Relation> clause) {
        StringBuilder sb = new StringBuilder();
        for (Relation r : clause) {
            sb.append(sb.length() == 0 ? "" : " | ").append(r);
        }
        return sb.toString();
    }
}
