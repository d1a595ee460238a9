package org.nodeoslab.image.cpio;

import org.nodeoslab.image.fs.FsNode;
import org.nodeoslab.image.fs.RootFs;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Writes a {@link RootFs} as a "newc" cpio archive, the format the Linux kernel unpacks as an initramfs
 * (Documentation/driver-api/early-userspace/buffer-format.rst).
 *
 * <p>Deterministic: entries in path order (a parent before its children), inode numbers counted from 1 in that
 * order, every mtime {@link #MTIME}, owners as the tree says. The same tree gives the same bytes on any machine.
 */
public final class NewcCpioWriter {

    /** Every entry's modification time: 2023-06-10, bookworm's release day (any fixed value would do). */
    public static final long MTIME = 1686355200L;

    private static final int S_IFDIR = 0040000;
    private static final int S_IFREG = 0100000;
    private static final int S_IFLNK = 0120000;
    private static final int S_IFCHR = 0020000;

    private final OutputStream out;
    private long written;
    private int nextInode = 1;

    public NewcCpioWriter(OutputStream out) {
        this.out = out;
    }

    public static void write(RootFs tree, OutputStream out) throws IOException {
        NewcCpioWriter writer = new NewcCpioWriter(out);
        for (Map.Entry<String, FsNode> e : tree.nodes().entrySet()) {
            writer.entry(e.getKey(), e.getValue());
        }
        writer.trailer();
    }

    public void entry(String path, FsNode node) throws IOException {
        byte[] data = switch (node.type()) {
            case FILE -> node.data();
            case SYMLINK -> node.target().getBytes(StandardCharsets.UTF_8);
            case DIRECTORY, CHAR_DEVICE -> new byte[0];
        };
        int type = switch (node.type()) {
            case FILE -> S_IFREG;
            case SYMLINK -> S_IFLNK;
            case DIRECTORY -> S_IFDIR;
            case CHAR_DEVICE -> S_IFCHR;
        };
        header(path, nextInode++, type | (node.mode() & 07777), node.uid(), node.gid(),
                node.type() == FsNode.Type.DIRECTORY ? 2 : 1, data.length, node.devMajor(), node.devMinor());
        out.write(data);
        written += data.length;
        pad();
    }

    public void trailer() throws IOException {
        header("TRAILER!!!", 0, 0, 0, 0, 1, 0, 0, 0);
        // Pad to 512 bytes as GNU cpio does; the kernel ignores the zeros.
        while (written % 512 != 0) {
            out.write(0);
            written++;
        }
    }

    private void header(String name, int inode, int mode, int uid, int gid, int nlink, int size, int rdevMajor,
                        int rdevMinor) throws IOException {
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        StringBuilder h = new StringBuilder(110);
        h.append("070701");
        for (int field : new int[]{inode, mode, uid, gid, nlink, (int) MTIME, size, 0, 0, rdevMajor, rdevMinor,
                nameBytes.length + 1, 0}) {
            String hex = Integer.toHexString(field).toUpperCase();
            h.append("0".repeat(8 - hex.length())).append(hex);
        }
        byte[] headerBytes = h.toString().getBytes(StandardCharsets.US_ASCII);
        out.write(headerBytes);
        out.write(nameBytes);
        out.write(0);
        written += headerBytes.length + nameBytes.length + 1;
        pad();
    }

    private void pad() throws IOException {
        while (written % 4 != 0) {
            out.write(0);
            written++;
        }
    }
}
