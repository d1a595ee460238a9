package org.nodeoslab.image.npm;

import java.net.URI;

/**
 * A package version from the npm registry, pinned by its Subresource Integrity string ("sha512-BASE64"), the value
 * the registry publishes as dist.integrity: a download that hashes otherwise is refused.
 */
public record NpmPackage(String name, String version, String integrity) {

    public NpmPackage {
        if (!integrity.startsWith("sha512-")) {
            throw new IllegalArgumentException(name + "@" + version + ": integrity must be sha512-..., got " + integrity);
        }
    }

    /** The tarball's address on a registry, e.g. https://registry.npmjs.org/semver/-/semver-7.6.3.tgz. */
    public URI tarball(URI registry) {
        String base = registry.toString().endsWith("/") ? registry.toString() : registry + "/";
        String unscoped = name.substring(name.indexOf('/') + 1);
        return URI.create(base + name + "/-/" + unscoped + "-" + version + ".tgz");
    }

    public String fileName() {
        return name.replace('/', '+') + "-" + version + ".tgz";
    }

    @Override
    public String toString() {
        return name + "@" + version;
    }
}
