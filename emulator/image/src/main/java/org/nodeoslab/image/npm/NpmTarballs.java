package org.nodeoslab.image.npm;

import org.nodeoslab.image.debian.Downloader;
import org.nodeoslab.image.debian.FetchException;
import org.nodeoslab.image.fs.RootFs;
import org.nodeoslab.image.fs.TarToTree;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;

/**
 * Package tarballs from the npm registry, downloaded once into the cache ({@code CACHE/npm/}) and checked against
 * their pinned sha512 integrity every time they are used.
 */
public final class NpmTarballs {

    public static final String DEFAULT_REGISTRY = "https://registry.npmjs.org/";

    private final URI registry;
    private final Path cacheDir;
    private final Downloader downloader = new Downloader();

    public NpmTarballs(URI registry, Path cacheDir, Consumer<String> log) {
        this.registry = registry;
        this.cacheDir = cacheDir;
        downloader.setListener(url -> log.accept("download " + url));
    }

    /** The registry named by nodeos.npm.registry / NODEOS_NPM_REGISTRY, else the public one. */
    public static URI registryFromSettings() {
        String value = System.getProperty("nodeos.npm.registry");
        if (value == null || value.isBlank()) {
            value = System.getenv("NODEOS_NPM_REGISTRY");
        }
        return URI.create(value == null || value.isBlank() ? DEFAULT_REGISTRY : value);
    }

    /** The verified tarball of {@code pkg}, from the cache or downloaded. */
    public Path tarball(NpmPackage pkg) throws IOException {
        Path cached = cacheDir.resolve(pkg.fileName());
        if (Files.exists(cached) && integrityOf(cached).equals(pkg.integrity())) {
            return cached;
        }
        URI url = pkg.tarball(registry);
        try {
            downloader.download(url, cached);
        } catch (FetchException e) {
            throw new FetchException(e.getMessage() + "; no cached copy of " + pkg + " in " + cacheDir, e);
        }
        String actual = integrityOf(cached);
        if (!actual.equals(pkg.integrity())) {
            Files.delete(cached);
            throw new FetchException("checksum mismatch for " + url + ": pinned " + pkg.integrity()
                    + " but the download has " + actual);
        }
        return cached;
    }

    /** Unpacks the tarball's "package/" folder as {@code prefix} in the tree, owned by root. */
    public static void unpack(Path tarball, RootFs into, String prefix) throws IOException {
        try (InputStream in = new GZIPInputStream(new BufferedInputStream(Files.newInputStream(tarball)));
             TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            TarToTree.copy(tar, into, path -> {
                int slash = path.indexOf('/');
                // npm tarballs hold one top folder, by convention "package/" (a few older ones use another name).
                return slash < 0 ? null : prefix + path.substring(slash);
            }, new int[]{0, 0});
        } catch (IOException e) {
            throw new IOException("cannot unpack " + tarball + ": " + e.getMessage(), e);
        }
    }

    static String integrityOf(Path file) throws IOException {
        MessageDigest sha512;
        try {
            sha512 = MessageDigest.getInstance("SHA-512");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java has no SHA-512", e);
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            int n;
            while ((n = in.read(buffer)) > 0) {
                sha512.update(buffer, 0, n);
            }
        }
        return "sha512-" + Base64.getEncoder().encodeToString(sha512.digest());
    }
}
