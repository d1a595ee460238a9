package org.nodeoslab.image.cpio;

import org.junit.jupiter.api.Test;
import org.nodeoslab.image.fs.FsNode;
import org.nodeoslab.image.fs.RootFs;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Reads the writer's output back by the format's rules (kernel buffer-format.rst) and checks every field. */
class NewcCpioWriterTest {

    record Entry(String name, int mode, int uid, int gid, long mtime, int rdevMajor, int rdevMinor, byte[] data) {
    }

    static List<Entry> read(byte[] archive) {
        List<Entry> entries = new ArrayList<>();
        int p = 0;
        while (true) {
            String header = new String(archive, p, 110, StandardCharsets.US_ASCII);
            assertEquals("070701", header.substring(0, 6), "magic at offset " + p);
            int[] f = new int[13];
            for (int i = 0; i < 13; i++) {
                f[i] = (int) Long.parseLong(header.substring(6 + 8 * i, 14 + 8 * i), 16);
            }
            int nameSize = f[11];
            String name = new String(archive, p + 110, nameSize - 1, StandardCharsets.UTF_8);
            assertEquals(0, archive[p + 110 + nameSize - 1], "name is NUL-terminated");
            p = align4(p + 110 + nameSize);
            if (name.equals("TRAILER!!!")) {
                return entries;
            }
            byte[] data = java.util.Arrays.copyOfRange(archive, p, p + f[6]);
            p = align4(p + f[6]);
            entries.add(new Entry(name, f[1], f[2], f[3], f[5], f[9], f[10], data));
        }
    }

    private static int align4(int n) {
        return (n + 3) & ~3;
    }

    @Test
    void writesSortedEntriesWithFixedTimesAndGivenOwners() throws Exception {
        RootFs tree = new RootFs();
        tree.put("usr/bin/node", FsNode.file(0755, "ELF").owned(0, 0));
        tree.put("home/user/file.txt", FsNode.file(0644, "hello").owned(1000, 1000));
        tree.put("bin/sh", FsNode.symlink("busybox"));
        tree.put("dev/console", FsNode.charDevice(0600, 5, 1));

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        NewcCpioWriter.write(tree, out);
        byte[] archive = out.toByteArray();
        assertEquals(0, archive.length % 512, "padded to 512 bytes");

        List<Entry> entries = read(archive);
        assertEquals(List.of("bin", "bin/sh", "dev", "dev/console", "home", "home/user", "home/user/file.txt", "usr",
                "usr/bin", "usr/bin/node"), entries.stream().map(Entry::name).toList());
        Entry file = entries.get(6);
        assertEquals(0100644, file.mode());
        assertEquals(1000, file.uid());
        assertArrayEquals("hello".getBytes(StandardCharsets.UTF_8), file.data());
        assertEquals(NewcCpioWriter.MTIME, file.mtime());
        assertEquals(0120777, entries.get(1).mode());
        assertArrayEquals("busybox".getBytes(StandardCharsets.UTF_8), entries.get(1).data());
        assertEquals(0020600, entries.get(3).mode());
        assertEquals(5, entries.get(3).rdevMajor());
        assertEquals(1, entries.get(3).rdevMinor());
        assertEquals(040755, entries.get(0).mode());

        ByteArrayOutputStream again = new ByteArrayOutputStream();
        NewcCpioWriter.write(tree, again);
        assertArrayEquals(archive, again.toByteArray(), "the same tree gives the same bytes");
    }
}
