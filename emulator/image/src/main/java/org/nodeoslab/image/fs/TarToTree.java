package org.nodeoslab.image.fs;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import java.io.IOException;
import java.util.function.UnaryOperator;

/** Copies the entries of a tar stream into a {@link RootFs}: files, folders, symlinks and hard links (as copies). */
public final class TarToTree {

    private TarToTree() {
    }

    /**
     * @param place maps an entry's path ("usr/bin/node", "package/index.js") to its path in the tree, or null to
     *              leave it out
     * @param owner forced owner uid:gid, or null to keep the archive's numeric owners
     */
    public static void copy(TarArchiveInputStream tar, RootFs into, UnaryOperator<String> place, int[] owner)
            throws IOException {
        TarArchiveEntry e;
        while ((e = tar.getNextEntry()) != null) {
            String normalized = e.getName();
            while (normalized.startsWith("./")) {
                normalized = normalized.substring(2);
            }
            if (normalized.endsWith("/")) {
                normalized = normalized.substring(0, normalized.length() - 1);
            }
            String path = normalized.isEmpty() || normalized.equals(".") ? null : place.apply(normalized);
            if (path == null) {
                continue;
            }
            int mode = e.getMode() & 07777;
            int uid = owner != null ? owner[0] : (int) e.getLongUserId();
            int gid = owner != null ? owner[1] : (int) e.getLongGroupId();
            if (e.isDirectory()) {
                into.put(path, FsNode.directory(mode).owned(uid, gid));
            } else if (e.isSymbolicLink()) {
                into.put(path, FsNode.symlink(e.getLinkName()));
            } else if (e.isLink()) {
                // A hard link becomes a copy of what it names (newc could share the inode; copies keep it simple).
                String original = place.apply(e.getLinkName().startsWith("./")
                        ? e.getLinkName().substring(2) : e.getLinkName());
                FsNode node = original == null ? null : into.get(original);
                if (node != null) {
                    into.put(path, node);
                }
            } else if (e.isFile()) {
                into.put(path, FsNode.file(mode, tar.readAllBytes()).owned(uid, gid));
            }
        }
    }
}
