package org.nodeoslab.image.debian;

import io.airlift.compress.zstd.ZstdInputStream;
import org.apache.commons.compress.archivers.ar.ArArchiveEntry;
import org.apache.commons.compress.archivers.ar.ArArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.nodeoslab.image.fs.FsNode;
import org.nodeoslab.image.fs.RootFs;
import org.tukaani.xz.XZInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;

/**
 * Unpacks the files of a .deb (an ar archive holding debian-binary, control.tar.* and data.tar.*) into a
 * {@link RootFs}. Maintainer scripts are not run: the image builder lays files down, it does not install.
 */
public final class DebUnpacker {

    private DebUnpacker() {
    }

    /** Adds every data.tar entry whose path {@code keep} accepts (paths like "usr/bin/node"). */
    public static void unpack(Path deb, RootFs into, Predicate<String> keep) throws IOException {
        try (ArArchiveInputStream ar = new ArArchiveInputStream(new BufferedInputStream(Files.newInputStream(deb)))) {
            ArArchiveEntry entry;
            while ((entry = ar.getNextEntry()) != null) {
                if (entry.getName().startsWith("data.tar")) {
                    try (TarArchiveInputStream tar = new TarArchiveInputStream(decompress(entry.getName(), ar, deb))) {
                        readTar(tar, into, keep);
                    }
                    return;
                }
            }
        } catch (IOException e) {
            throw new IOException("cannot unpack " + deb + ": " + e.getMessage(), e);
        }
        throw new IOException(deb + " has no data.tar member: not a Debian package");
    }

    private static InputStream decompress(String member, InputStream in, Path deb) throws IOException {
        // The tar stream must not close the ar stream under it: wrap with a shield.
        InputStream shielded = new java.io.FilterInputStream(in) {
            @Override
            public void close() {
            }
        };
        if (member.endsWith(".xz")) {
            return new XZInputStream(shielded);
        }
        if (member.endsWith(".zst")) {
            return new ZstdInputStream(shielded);
        }
        if (member.endsWith(".gz")) {
            return new GZIPInputStream(shielded);
        }
        if (member.equals("data.tar")) {
            return shielded;
        }
        throw new IOException(deb + ": unsupported compression of member " + member);
    }

    private static void readTar(TarArchiveInputStream tar, RootFs into, Predicate<String> keep) throws IOException {
        TarArchiveEntry e;
        while ((e = tar.getNextEntry()) != null) {
            String path = e.getName();
            String normalized = path.startsWith("./") ? path.substring(2) : path;
            if (normalized.endsWith("/")) {
                normalized = normalized.substring(0, normalized.length() - 1);
            }
            if (normalized.isEmpty() || normalized.equals(".") || !keep.test(normalized)) {
                continue;
            }
            int mode = e.getMode() & 07777;
            if (e.isDirectory()) {
                into.put(normalized, FsNode.directory(mode).owned((int) e.getLongUserId(), (int) e.getLongGroupId()));
            } else if (e.isSymbolicLink()) {
                into.put(normalized, FsNode.symlink(e.getLinkName()));
            } else if (e.isLink()) {
                // Hard link: the image keeps a copy (cpio newc could share, but copies keep the writer simple).
                FsNode original = into.get(e.getLinkName());
                if (original != null) {
                    into.put(normalized, original);
                }
            } else if (e.isFile()) {
                byte[] data = tar.readAllBytes();
                into.put(normalized, FsNode.file(mode, data).owned((int) e.getLongUserId(), (int) e.getLongGroupId()));
            }
        }
    }
}
