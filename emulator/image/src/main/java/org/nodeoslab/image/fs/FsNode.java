package org.nodeoslab.image.fs;

/**
 * A file, directory or symlink of an image tree. Owners are numeric (0 = root); the image builder never asks the
 * host to chown, so the tree keeps what the packages say on any machine.
 *
 * @param mode permission bits (e.g. 0755), without the type bits
 * @param data file content (empty for directories); for symlinks, use {@code target}
 */
public record FsNode(Type type, int mode, int uid, int gid, byte[] data, String target, int devMajor, int devMinor) {

    public enum Type { FILE, DIRECTORY, SYMLINK, CHAR_DEVICE }

    public static FsNode file(int mode, byte[] data) {
        return new FsNode(Type.FILE, mode, 0, 0, data, null, 0, 0);
    }

    public static FsNode file(int mode, String text) {
        return file(mode, text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    public static FsNode directory(int mode) {
        return new FsNode(Type.DIRECTORY, mode, 0, 0, new byte[0], null, 0, 0);
    }

    public static FsNode symlink(String target) {
        return new FsNode(Type.SYMLINK, 0777, 0, 0, new byte[0], target, 0, 0);
    }

    /** A device node, e.g. /dev/console (5, 1), needed before devtmpfs is mounted. */
    public static FsNode charDevice(int mode, int major, int minor) {
        return new FsNode(Type.CHAR_DEVICE, mode, 0, 0, new byte[0], null, major, minor);
    }

    public FsNode owned(int newUid, int newGid) {
        return new FsNode(type, mode, newUid, newGid, data, target, devMajor, devMinor);
    }

    public long size() {
        return type == Type.SYMLINK ? target.length() : data.length;
    }
}
