package org.nodeoslab.emulator.cli.realprograms;

import java.io.IOException;
import java.util.List;
import java.util.function.Predicate;

import org.nodeoslab.image.debian.DebUnpacker;
import org.nodeoslab.image.debian.DebianArchive;
import org.nodeoslab.image.debian.DebianSettings;
import org.nodeoslab.image.debian.PackageRecord;
import org.nodeoslab.image.fs.RootFs;
import org.nodeoslab.image.nodeos.SharedLibraries;

/**
 * Debian's i386 nodejs with what it needs at run time (ld-linux, its shared libraries, and the JavaScript packages
 * libnode loads: node-acorn, node-cjs-module-lexer, node-undici under usr/share/nodejs), from the project's Debian
 * cache: the same files run natively through their own ld-linux and inside the emulated Linux.
 */
final class NodeFiles {
    /** The program and the folders its libraries and JavaScript dependencies live in; no docs, locales or tools. */
    private static final Predicate<String> KEEP = path -> path.equals("usr/bin/node") || path.startsWith("lib/")
            || path.startsWith("usr/share/nodejs/")
            || (path.startsWith("usr/lib/") && !path.startsWith("usr/lib/i386-linux-gnu/gconv/"));

    private NodeFiles() {
    }

    static RootFs tree() throws IOException {
        DebianArchive archive = DebianArchive.open(DebianSettings.defaults(), System.err::println);
        RootFs tree = new RootFs();
        List<PackageRecord> packages = archive.resolve(List.of("nodejs"), java.util.Set.of());
        for (PackageRecord p : packages) {
            DebUnpacker.unpack(archive.deb(p), tree, KEEP);
        }
        SharedLibraries.keepOnlyNeeded(tree, List.of("usr/bin/node"));
        return tree;
    }
}
