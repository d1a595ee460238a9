package org.nodeoslab.image.fs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * An image's file tree in memory, by normalized path ("usr/bin/node", no leading slash), sorted by path so every
 * walk over it is in the same order on every machine. Parent directories are created as needed.
 */
public final class RootFs {

    private final TreeMap<String, FsNode> nodes = new TreeMap<>();

    /** Adds or replaces {@code path}; a later package's file wins, as with dpkg --force-overwrite. */
    public void put(String path, FsNode node) {
        String p = normalize(path);
        if (p.isEmpty()) {
            return;
        }
        int slash = p.lastIndexOf('/');
        if (slash > 0) {
            mkdirs(p.substring(0, slash));
        }
        FsNode existing = nodes.get(p);
        if (existing != null && existing.type() == FsNode.Type.DIRECTORY && node.type() == FsNode.Type.DIRECTORY) {
            return; // first owner's mode wins for shared directories (usr/, lib/, ...)
        }
        nodes.put(p, node);
    }

    public void mkdirs(String path) {
        String p = normalize(path);
        if (p.isEmpty()) {
            return;
        }
        int slash = p.lastIndexOf('/');
        if (slash > 0) {
            mkdirs(p.substring(0, slash));
        }
        nodes.putIfAbsent(p, FsNode.directory(0755));
    }

    public FsNode get(String path) {
        return nodes.get(normalize(path));
    }

    public boolean contains(String path) {
        return nodes.containsKey(normalize(path));
    }

    public void remove(String path) {
        String p = normalize(path);
        nodes.remove(p);
        nodes.subMap(p + "/", p + "0").clear(); // '0' sorts right after '/': everything under p/
    }

    public SortedMap<String, FsNode> nodes() {
        return Collections.unmodifiableSortedMap(nodes);
    }

    /** Sum of file sizes (what the tree takes unpacked). */
    public long contentBytes() {
        long sum = 0;
        for (FsNode n : nodes.values()) {
            sum += n.size();
        }
        return sum;
    }

    /** Follows symlinks inside the tree (not the host) to the node a path finally names, or null. */
    public FsNode resolve(String path) {
        String p = normalize(path);
        for (int hops = 0; hops < 40; hops++) {
            FsNode n = nodes.get(p);
            if (n == null || n.type() != FsNode.Type.SYMLINK) {
                return n;
            }
            String t = n.target();
            p = normalize(t.startsWith("/") ? t : (p.contains("/") ? p.substring(0, p.lastIndexOf('/') + 1) : "") + t);
        }
        return null;
    }

    /** Writes the tree under {@code dir} (which is created). Owners are not applied: that needs root. */
    public void writeTo(Path dir) throws IOException {
        Files.createDirectories(dir);
        for (Map.Entry<String, FsNode> e : nodes.entrySet()) {
            Path target = dir.resolve(e.getKey());
            FsNode node = e.getValue();
            switch (node.type()) {
                case DIRECTORY -> Files.createDirectories(target);
                case CHAR_DEVICE -> { } // needs root to create on the host; only images carry device nodes
                case SYMLINK -> {
                    Files.deleteIfExists(target);
                    Files.createSymbolicLink(target, Path.of(node.target()));
                }
                case FILE -> {
                    if (Files.isSymbolicLink(target)) {
                        Files.delete(target);
                    }
                    try {
                        Files.write(target, node.data());
                    } catch (IOException ex) {
                        throw AtomicFiles.explainDiskFull(target, ex);
                    }
                    setMode(target, node.mode() | 0600);
                }
            }
        }
    }

    static String normalize(String path) {
        String p = path;
        while (p.startsWith("./")) {
            p = p.substring(2);
        }
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        if (p.equals(".")) {
            return "";
        }
        if (p.contains("/../") || p.startsWith("../") || p.equals("..") || p.endsWith("/..")) {
            throw new IllegalArgumentException("path escapes the image root: " + path);
        }
        return p.replace("/./", "/");
    }

    private static void setMode(Path file, int mode) throws IOException {
        if (!Files.getFileStore(file).supportsFileAttributeView("posix")) {
            return;
        }
        Set<PosixFilePermission> perms = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {
                PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
                PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
                PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};
        for (int bit = 0; bit < 9; bit++) {
            if ((mode & (1 << bit)) != 0) {
                perms.add(order[bit]);
            }
        }
        Files.setPosixFilePermissions(file, perms);
    }
}
