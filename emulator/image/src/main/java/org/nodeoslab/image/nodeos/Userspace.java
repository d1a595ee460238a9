package org.nodeoslab.image.nodeos;

import org.nodeoslab.image.fs.FsNode;
import org.nodeoslab.image.fs.RootFs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The project's own part of NodeOS (init, inittab, login, nsh, the lab agent, npm's wrapper and registry), kept in
 * src/main/nodeos and listed in its FILES, which says where each file goes in the image and with what mode and owner.
 */
public final class Userspace {

    static final String RESOURCES = "/org/nodeoslab/image/nodeos/userspace/";

    /** One line of FILES. */
    record Entry(int mode, int uid, int gid, String imagePath, String source) {
    }

    private Userspace() {
    }

    static List<Entry> entries() throws IOException {
        String files = new String(read("FILES"), StandardCharsets.UTF_8);
        List<Entry> entries = new ArrayList<>();
        int lineNumber = 0;
        for (String line : files.split("\n")) {
            lineNumber++;
            String s = line.strip();
            if (s.isEmpty() || s.startsWith("#")) {
                continue;
            }
            String[] f = s.split("\\s+");
            if (f.length != 4 || !f[1].contains(":")) {
                throw new IOException("src/main/nodeos/FILES:" + lineNumber + ": expected MODE UID:GID IMAGE-PATH SOURCE, got '"
                        + s + "'");
            }
            String[] owner = f[1].split(":");
            entries.add(new Entry(Integer.parseInt(f[0], 8), Integer.parseInt(owner[0]), Integer.parseInt(owner[1]),
                    f[2], f[3]));
        }
        return entries;
    }

    /** Adds every listed file to the tree. */
    public static void addTo(RootFs tree) throws IOException {
        for (Entry e : entries()) {
            tree.put(e.imagePath(), FsNode.file(e.mode(), read(e.source())).owned(e.uid(), e.gid()));
        }
    }

    /** SHA-256 over FILES and every file it lists: changes whenever the userspace does (the image cache's key). */
    public static String fingerprint() throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        digest.update(read("FILES"));
        for (Entry e : entries()) {
            digest.update(e.source().getBytes(StandardCharsets.UTF_8));
            digest.update(read(e.source()));
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    static byte[] read(String source) throws IOException {
        try (InputStream in = Userspace.class.getResourceAsStream(RESOURCES + source)) {
            if (in == null) {
                throw new IOException("the NodeOS userspace file " + source + " is missing from the builder's "
                        + "resources (src/main/nodeos/" + source + ")");
            }
            return in.readAllBytes();
        }
    }
}
