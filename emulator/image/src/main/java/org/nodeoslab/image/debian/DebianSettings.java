package org.nodeoslab.image.debian;

import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where Debian is fetched from and where downloads are kept.
 *
 * @param mirror         the Debian archive, e.g. http://deb.debian.org/debian
 * @param securityMirror the security archive, e.g. http://deb.debian.org/debian-security
 * @param suite          the release codename; its security suite is {@code suite + "-security"}
 * @param arch           Debian architecture of the packages
 * @param cacheDir       downloads (indexes and .debs) are kept here, so a second build needs no network
 * @param refreshIndexes re-download InRelease/Packages even when cached (picks up new security updates)
 */
public record DebianSettings(URI mirror, URI securityMirror, String suite, String arch, Path cacheDir,
                             boolean refreshIndexes) {

    public static final String DEFAULT_MIRROR = "http://deb.debian.org/debian";
    public static final String DEFAULT_SECURITY_MIRROR = "http://deb.debian.org/debian-security";

    public DebianSettings {
        Objects.requireNonNull(mirror, "mirror");
        Objects.requireNonNull(securityMirror, "securityMirror");
        Objects.requireNonNull(cacheDir, "cacheDir");
        mirror = withoutTrailingSlash(mirror);
        securityMirror = withoutTrailingSlash(securityMirror);
    }

    /**
     * Defaults, each overridable by a system property or environment variable:
     * nodeos.debian.mirror / NODEOS_DEBIAN_MIRROR, nodeos.debian.securityMirror / NODEOS_DEBIAN_SECURITY_MIRROR,
     * nodeos.cache / NODEOS_LAB_CACHE (the cache root; Debian files go in its debian/ folder).
     */
    public static DebianSettings defaults() {
        return new DebianSettings(
                URI.create(setting("nodeos.debian.mirror", "NODEOS_DEBIAN_MIRROR", DEFAULT_MIRROR)),
                URI.create(setting("nodeos.debian.securityMirror", "NODEOS_DEBIAN_SECURITY_MIRROR",
                        DEFAULT_SECURITY_MIRROR)),
                "bookworm", "i386", cacheRoot().resolve("debian"), false);
    }

    /** The project's cache root, ~/.cache/nodeos-lab unless nodeos.cache or NODEOS_LAB_CACHE says otherwise. */
    public static Path cacheRoot() {
        String configured = setting("nodeos.cache", "NODEOS_LAB_CACHE", null);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("nodeos-lab");
    }

    public DebianSettings withMirror(URI newMirror) {
        return new DebianSettings(newMirror, securityMirror, suite, arch, cacheDir, refreshIndexes);
    }

    public DebianSettings withSecurityMirror(URI newMirror) {
        return new DebianSettings(mirror, newMirror, suite, arch, cacheDir, refreshIndexes);
    }

    public DebianSettings withCacheDir(Path dir) {
        return new DebianSettings(mirror, securityMirror, suite, arch, dir, refreshIndexes);
    }

    public DebianSettings withRefreshIndexes(boolean refresh) {
        return new DebianSettings(mirror, securityMirror, suite, arch, cacheDir, refresh);
    }

    private static String setting(String property, String env, String fallback) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            value = System.getenv(env);
        }
        return value == null || value.isBlank() ? fallback : value;
    }

    private static URI withoutTrailingSlash(URI uri) {
        String s = uri.toString();
        return s.endsWith("/") ? URI.create(s.substring(0, s.length() - 1)) : uri;
    }
}
