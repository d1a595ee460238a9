package org.nodeoslab.image;

import org.nodeoslab.image.debian.DebUnpacker;
import org.nodeoslab.image.debian.DebianArchive;
import org.nodeoslab.image.debian.FetchException;
import org.nodeoslab.image.debian.PackageRecord;
import org.nodeoslab.image.debian.Relation;

import java.io.IOException;
import java.util.List;

/**
 * Debian's kernel for the image: the {@code linux-image-686} metapackage names the current
 * {@code linux-image-6.1.0-N-686} package, whose {@code boot/vmlinuz-*} is a bzImage.
 * Only the kernel file is taken: its Depends (kmod, initramfs-tools, ...) serve dpkg installs, not us.
 */
public final class Kernel {

    public static final String METAPACKAGE = "linux-image-686";

    /** The kernel package and its bzImage bytes. */
    public record Image(PackageRecord record, byte[] bzImage) {
    }

    private Kernel() {
    }

    public static Image fetch(DebianArchive archive) throws IOException {
        PackageRecord meta = archive.index().get(METAPACKAGE);
        if (meta == null) {
            throw new FetchException("package '" + METAPACKAGE + "' is not in the index of " + archive.indexVersions());
        }
        PackageRecord kernel = null;
        for (List<Relation> clause : meta.depends()) {
            String name = clause.get(0).name();
            if (name.startsWith("linux-image-") && !name.equals(METAPACKAGE)) {
                kernel = archive.index().get(name);
                if (kernel == null) {
                    throw new FetchException(METAPACKAGE + " " + meta.version() + " depends on " + name
                            + ", which is not in the index");
                }
                break;
            }
        }
        if (kernel == null) {
            throw new FetchException(METAPACKAGE + " " + meta.version() + " names no linux-image package");
        }
        DebUnpacker.PackagedFile vmlinuz = DebUnpacker.firstFile(archive.deb(kernel),
                path -> path.startsWith("boot/vmlinuz-"));
        if (vmlinuz == null) {
            throw new FetchException(kernel.name() + " " + kernel.version() + " holds no boot/vmlinuz-*");
        }
        return new Image(kernel, vmlinuz.data());
    }
}
