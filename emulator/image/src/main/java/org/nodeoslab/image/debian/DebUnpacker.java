package org.nodeoslab.image.debian;

import io.airlift.compress.zstd.ZstdInputStream;
import org.apache.commons.compress.archivers.ar.ArArchiveEntry;
import org.apache.commons.compress.archivers.ar.ArArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.nodeoslab.image.fs.RootFs;
import org.nodeoslab.image.fs.TarToTree;
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

    /** A file read from a package: its path in the package and its bytes. */
    public record PackagedFile(String path, byte[] data) {
    }

    /** What to do with the data.tar of a package. */
    @FunctionalInterface
    private interface DataReader<T> {
        T read(TarArchiveInputStream tar) throws IOException;
    }

    /** Adds every data.tar entry whose path {@code keep} accepts (paths like "usr/bin/node"). */
    public static void unpack(Path deb, RootFs into, Predicate<String> keep) throws IOException {
        readData(deb, tar -> {
            TarToTree.copy(tar, into, path -> keep.test(path) ? path : null, null);
            return null;
        });
    }

    /**
     * The first regular file whose path {@code wanted} accepts, or null; stops reading there (the kernel's
     * boot/vmlinuz-* comes before its ~300 MB of modules, which are then never decompressed).
     */
    public static PackagedFile firstFile(Path deb, Predicate<String> wanted) throws IOException {
        return readData(deb, tar -> {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                String path = e.getName().startsWith("./") ? e.getName().substring(2) : e.getName();
                if (e.isFile() && wanted.test(path)) {
                    return new PackagedFile(path, tar.readAllBytes());
                }
            }
            return null;
        });
    }

    private static <T> T readData(Path deb, DataReader<T> reader) throws IOException {
        try (ArArchiveInputStream ar = new ArArchiveInputStream(new BufferedInputStream(Files.newInputStream(deb)))) {
            ArArchiveEntry entry;
            while ((entry = ar.getNextEntry()) != null) {
                if (entry.getName().startsWith("data.tar")) {
                    try (TarArchiveInputStream tar = new TarArchiveInputStream(decompress(entry.getName(), ar, deb))) {
                        return reader.read(tar);
                    }
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

}
