package org.nodeoslab.image;

import org.nodeoslab.image.debian.DebUnpacker;
import org.nodeoslab.image.debian.DebianArchive;
import org.nodeoslab.image.debian.DebianSettings;
import org.nodeoslab.image.debian.FetchException;
import org.nodeoslab.image.debian.PackageRecord;
import org.nodeoslab.image.data.DataTable;
import org.nodeoslab.image.fs.RootFs;
import org.nodeoslab.image.nodeos.ImageData;
import org.nodeoslab.image.nodeos.NodeOsImage;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code image} subcommand of the launcher.
 *
 * <pre>
 * image [options] --out DIR [--data-out DATA]    build the NodeOS image: DIR/bzImage, DIR/initramfs.cpio.gz, DIR/manifest.json
 *                                                (and the book's image-*.csv/.md tables in DATA)
 * image [options] fetch --out DIR [--no-deps] [--skip PKG,...] PKG...
 *                                                unpack Debian packages (and their dependencies) into DIR
 * image [options] test-initramfs --out DIR       DIR/bzImage + DIR/initramfs-busybox.cpio.gz (busybox shell on ttyS0)
 * options: --mirror URL  --security-mirror URL  --cache DIR (cache root)  --refresh (re-download the indexes)
 * </pre>
 */
public final class ImageCommand {

    private ImageCommand() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /**
     * Runs the command; returns the exit code: 0 done, 1 failed (the reason is on stderr, e.g. a package missing
     * from the index, a checksum mismatch, no network with an empty cache, a full disk), 2 usage error.
     */
    public static int run(String[] args) {
        try {
            return runOrThrow(args);
        } catch (IOException e) {
            System.err.println("image: " + e.getMessage());
            return 1;
        } catch (IllegalArgumentException e) {
            System.err.println("image: " + e.getMessage());
            return 2;
        }
    }

    private static int runOrThrow(String[] args) throws IOException {
        DebianSettings settings = DebianSettings.defaults();
        String command = "build";
        Path out = null;
        Path dataOut = null;
        boolean noDeps = false;
        Set<String> skip = new HashSet<>();
        List<String> packages = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--mirror" -> settings = settings.withMirror(URI.create(value(args, ++i, a)));
                case "--security-mirror" -> settings = settings.withSecurityMirror(URI.create(value(args, ++i, a)));
                case "--cache" -> settings = settings.withCacheDir(Path.of(value(args, ++i, a)).resolve("debian"));
                case "--refresh" -> settings = settings.withRefreshIndexes(true);
                case "--out" -> out = Path.of(value(args, ++i, a));
                case "--data-out" -> dataOut = Path.of(value(args, ++i, a));
                case "--no-deps" -> noDeps = true;
                case "--skip" -> skip.addAll(List.of(value(args, ++i, a).split(",")));
                case "fetch", "test-initramfs", "build" -> command = a;
                case "-h", "--help" -> {
                    usage();
                    return 0;
                }
                default -> {
                    if (a.startsWith("-")) {
                        System.err.println("image: unknown option " + a);
                        usage();
                        return 2;
                    }
                    packages.add(a);
                }
            }
        }
        if (out == null) {
            System.err.println("image: --out DIR is required");
            usage();
            return 2;
        }
        long start = System.nanoTime();
        switch (command) {
            case "fetch" -> fetch(settings, out, packages, noDeps, skip);
            case "test-initramfs" -> {
                TestAssets.Boot a = TestInitramfs.build(settings, out, System.err::println);
                System.out.println(a.bzImage());
                System.out.println(a.initramfs());
            }
            default -> {
                if (!packages.isEmpty()) {
                    System.err.println("image: unexpected arguments " + packages);
                    return 2;
                }
                NodeOsImage.Result r = NodeOsImage.build(settings, out, System.err::println);
                System.out.println(r.manifest());
                if (dataOut != null) {
                    for (DataTable table : ImageData.tables(r.manifest())) {
                        System.err.println("image: wrote " + table.writeTo(dataOut));
                    }
                }
            }
        }
        System.err.printf("image: done in %.1f s%n", (System.nanoTime() - start) / 1e9);
        return 0;
    }

    private static void fetch(DebianSettings settings, Path out, List<String> packages, boolean noDeps,
                              Set<String> skip) throws IOException {
        if (packages.isEmpty()) {
            throw new IllegalArgumentException("fetch needs at least one package name");
        }
        DebianArchive archive = DebianArchive.open(settings, System.err::println);
        List<PackageRecord> records;
        if (noDeps) {
            records = new ArrayList<>();
            for (String p : packages) {
                PackageRecord r = archive.index().get(p);
                if (r == null) {
                    throw new FetchException("package '" + p + "' is not in the index of " + archive.indexVersions());
                }
                records.add(r);
            }
        } else {
            records = archive.resolve(packages, skip);
        }
        RootFs tree = new RootFs();
        for (PackageRecord r : records) {
            System.err.println("unpack " + r.name() + " " + r.version());
            DebUnpacker.unpack(archive.deb(r), tree, path -> true);
        }
        Files.createDirectories(out);
        tree.writeTo(out);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static void usage() {
        System.err.println("""
                usage: image [options] --out DIR [--data-out DATA]
                                                                 build the NodeOS image (bzImage, initramfs, manifest.json);
                                                                 --data-out writes the book's image-*.csv/.md tables
                       image [options] fetch --out DIR [--no-deps] [--skip P1,P2] PKG...
                                                                 unpack Debian packages and their dependencies into DIR
                       image [options] test-initramfs --out DIR  bzImage + initramfs-busybox.cpio.gz (busybox shell)
                options: --mirror URL           Debian archive (default %s)
                         --security-mirror URL  security archive (default %s)
                         --cache DIR            cache root (default ~/.cache/nodeos-lab, or $NODEOS_LAB_CACHE)
                         --refresh              re-download the indexes even when cached
                """.formatted(DebianSettings.DEFAULT_MIRROR, DebianSettings.DEFAULT_SECURITY_MIRROR));
    }
}
