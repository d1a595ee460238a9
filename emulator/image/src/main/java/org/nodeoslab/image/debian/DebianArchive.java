package org.nodeoslab.image.debian;

import org.nodeoslab.image.fs.AtomicFiles;
import org.tukaani.xz.XZInputStream;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Debian bookworm (+ bookworm-security) for one architecture: verified indexes, and verified .deb downloads,
 * everything kept in the cache folder so that a second run needs no network.
 *
 * <p>Cache layout: {@code dists/SUITE/InRelease} (re-verified on every use), {@code by-hash/SHA256.xz} for
 * Packages files (named by content, so an index is never confused with a newer one), and {@code pool/...} for the
 * .debs, under the same path as on the mirror.
 */
public final class DebianArchive {

    private final DebianSettings settings;
    private final Downloader downloader;
    private final InReleaseVerifier verifier;
    private final PackageIndex index = new PackageIndex();
    private final List<String> indexVersions = new ArrayList<>();
    private Consumer<String> log = message -> { };

    private DebianArchive(DebianSettings settings, Downloader downloader, ArchiveKeyring keyring) {
        this.settings = settings;
        this.downloader = downloader;
        this.verifier = new InReleaseVerifier(keyring);
    }

    /** Loads (from the cache, or else the mirror) and verifies the indexes of the suite and its security suite. */
    public static DebianArchive open(DebianSettings settings, Consumer<String> log) throws IOException {
        DebianArchive archive = new DebianArchive(settings, new Downloader(), ArchiveKeyring.debian());
        archive.log = log;
        archive.downloader.setListener(url -> log.accept("download " + url));
        archive.loadSuite(settings.mirror(), settings.suite());
        String security = settings.suite() + "-security";
        try {
            archive.loadSuite(settings.securityMirror(), security);
        } catch (IndexMismatchException e) {
            // A mirror caught mid-sync serves a Packages file that its signed InRelease does not vouch for. Nothing
            // unverified is ever used: the build goes on from the point release alone and the manifest says so.
            log.accept("warning: " + e.getMessage() + "; building without " + security + " updates");
            archive.indexVersions.add(security + " skipped (index does not match its signed InRelease)");
        }
        return archive;
    }

    public PackageIndex index() {
        return index;
    }

    public DebianSettings settings() {
        return settings;
    }

    /** "bookworm 12.15 (date)" lines for the manifest: which index state a build used. */
    public List<String> indexVersions() {
        return indexVersions;
    }

    public List<PackageRecord> resolve(List<String> wanted, java.util.Set<String> skip) throws FetchException {
        return new DependencyResolver(index, skip).resolve(wanted);
    }

    /** The .deb of {@code record}, from the cache or downloaded, its SHA-256 checked against the signed index. */
    public Path deb(PackageRecord record) throws IOException {
        Path cached = settings.cacheDir().resolve(record.filename());
        if (Files.exists(cached)) {
            if (Files.size(cached) == record.size() && Sha256.of(cached).equals(record.sha256())) {
                return cached;
            }
            log.accept("cached " + cached + " does not match the index: downloading it again");
        }
        download(record.url(), cached, record.name() + " " + record.version());
        String actual = Sha256.of(cached);
        if (!actual.equals(record.sha256())) {
            Path bad = cached.resolveSibling(cached.getFileName() + ".bad");
            Files.move(cached, bad, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            throw new FetchException("checksum mismatch for " + record.url() + ": the signed index says SHA-256 "
                    + record.sha256() + " but the download has " + actual + " (kept as " + bad + ")");
        }
        return cached;
    }

    private void loadSuite(URI mirror, String suite) throws IOException {
        Path inReleaseFile = settings.cacheDir().resolve("dists").resolve(suite).resolve("InRelease");
        URI inReleaseUrl = URI.create(mirror + "/dists/" + suite + "/InRelease");
        if (settings.refreshIndexes() || !Files.exists(inReleaseFile)) {
            try {
                download(inReleaseUrl, inReleaseFile, "index of " + suite);
            } catch (FetchException e) {
                if (!Files.exists(inReleaseFile)) {
                    throw e;
                }
                log.accept("warning: " + e.getMessage() + "; using the cached " + inReleaseFile);
            }
        }
        String text = verifier.verify(Files.readAllBytes(inReleaseFile), inReleaseFile.toString());
        ReleaseFile release = new ReleaseFile(text, inReleaseFile.toString());

        String packagesPath = "main/binary-" + settings.arch() + "/Packages.xz";
        ReleaseFile.Entry entry = release.sha256(packagesPath);
        if (entry == null) {
            throw new FetchException(inReleaseUrl + " lists no " + packagesPath + ": is '" + settings.arch()
                    + "' an architecture of " + suite + "?");
        }
        Path packagesFile = settings.cacheDir().resolve("by-hash").resolve(entry.sha256() + ".xz");
        Path mismatchNote = settings.cacheDir().resolve("by-hash").resolve(entry.sha256() + ".mismatch");
        if (!Files.exists(packagesFile) || !Sha256.of(packagesFile).equals(entry.sha256())) {
            if (Files.exists(mismatchNote) && !settings.refreshIndexes()) {
                // Remembered so that a build with this cached InRelease works offline and does not retry each time.
                throw new IndexMismatchException(Files.readString(mismatchNote).strip() + " (remembered in "
                        + mismatchNote + "; --refresh tries again)");
            }
            try {
                downloadPackagesIndex(mirror, suite, release, entry, packagesFile);
            } catch (IndexMismatchException e) {
                AtomicFiles.write(mismatchNote, e.getMessage().getBytes(StandardCharsets.UTF_8));
                throw e;
            }
            Files.deleteIfExists(mismatchNote);
        }
        try (InputStream in = new XZInputStream(new BufferedInputStream(Files.newInputStream(packagesFile), 1 << 16));
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16)) {
            index.addPackagesFile(reader, mirror, suite, packagesFile.toString());
        }
        indexVersions.add(suite + " " + (release.field("Version") == null ? "" : release.field("Version") + " ")
                + "(" + release.field("Date") + ")");
    }

    /**
     * Fetches the Packages.xz that the signed InRelease lists, by hash when the archive offers it (a by-hash name
     * never changes under a mirror sync), else by its plain name; keeps it only if its SHA-256 matches.
     */
    private void downloadPackagesIndex(URI mirror, String suite, ReleaseFile release, ReleaseFile.Entry entry,
                                       Path packagesFile) throws IOException {
        String dir = mirror + "/dists/" + suite + "/main/binary-" + settings.arch() + "/";
        List<URI> candidates = new ArrayList<>();
        if (release.acquireByHash()) {
            candidates.add(URI.create(dir + "by-hash/SHA256/" + entry.sha256()));
        }
        candidates.add(URI.create(dir + "Packages.xz"));
        List<String> problems = new ArrayList<>();
        for (URI url : candidates) {
            try {
                downloader.download(url, packagesFile);
            } catch (NotOnMirrorException e) {
                problems.add(e.getMessage());
                continue;
            } catch (FetchException e) {
                throw new FetchException(e.getMessage() + "; no cached copy of the packages of " + suite + " in "
                        + settings.cacheDir(), e);
            }
            String actual = Sha256.of(packagesFile);
            if (actual.equals(entry.sha256())) {
                return;
            }
            Files.delete(packagesFile);
            problems.add("checksum mismatch for " + url + ": InRelease says SHA-256 " + entry.sha256()
                    + ", the download has " + actual);
        }
        throw new IndexMismatchException("no verifiable Packages index for " + suite + ": "
                + String.join("; ", problems));
    }

    private void download(URI url, Path target, String what) throws IOException {
        try {
            downloader.download(url, target);
        } catch (FetchException e) {
            throw new FetchException(e.getMessage() + "; no cached copy of the " + what + " in "
                    + settings.cacheDir(), e);
        }
    }
}
