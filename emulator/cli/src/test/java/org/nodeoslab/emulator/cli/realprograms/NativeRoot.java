package org.nodeoslab.emulator.cli.realprograms;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a program of an unpacked Debian tree on this host with that tree as its root, as it sees its files in the
 * guest: Debian's libnode loads its JavaScript dependencies from absolute paths (/usr/share/nodejs/...), and the
 * host's own /usr/share/nodejs (if any) holds other versions. chroot needs root; anyone else gets a user namespace
 * in which they are root ({@code unshare -r}).
 */
final class NativeRoot {
    private NativeRoot() {
    }

    static List<String> command(Path root, String... programAndArguments) {
        List<String> command = new ArrayList<>();
        if (!"root".equals(System.getProperty("user.name"))) {
            command.addAll(List.of("unshare", "--map-root-user"));
        }
        command.addAll(List.of("chroot", root.toString()));
        command.addAll(List.of(programAndArguments));
        return command;
    }
}
