package org.nodeoslab.image.nodeos;

import org.nodeoslab.image.Kernel;
import org.nodeoslab.image.cpio.Compression;
import org.nodeoslab.image.cpio.NewcCpioWriter;
import org.nodeoslab.image.debian.DebUnpacker;
import org.nodeoslab.image.debian.DebianArchive;
import org.nodeoslab.image.debian.DebianSettings;
import org.nodeoslab.image.debian.PackageRecord;
import org.nodeoslab.image.debian.Sha256;
import org.nodeoslab.image.fs.AtomicFiles;
import org.nodeoslab.image.fs.CacheLock;
import org.nodeoslab.image.fs.FsNode;
import org.nodeoslab.image.fs.RootFs;
import org.nodeoslab.image.npm.NpmPackage;
import org.nodeoslab.image.npm.NpmTarballs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Builds NodeOS: Debian's kernel, and an initramfs in NodeOS's layers (barebones: init, Node.js and exactly its
 * libraries; initramfs: users' filesystem and console login; usersfs: users, nsh, npm with a registry of bundled
 * packages), written as DIR/bzImage, DIR/initramfs.cpio.gz and DIR/manifest.json.
 */
public final class NodeOsImage {

    public static final String KERNEL_FILE = "bzImage";
    public static final String INITRAMFS_FILE = "initramfs.cpio.gz";
    public static final String MANIFEST_FILE = "manifest.json";
    /**
     * The command line the image is made for. cryptomgr.notests: no crypto self-tests (~3e9 guest instructions saved
     * per boot in our emulator). rootfstype=ramfs: the initramfs is unpacked into a ramfs, not a tmpfs limited to
     * half the RAM; with 256 MB the 114 MB image does not fit in that half ("Initramfs unpacking failed: write error"
     * and a broken system), with ramfs it boots and leaves ~100 MB free (measured under QEMU).
     */
    public static final String CMDLINE = "console=ttyS0 cryptomgr.notests rootfstype=ramfs";
    /** Guest RAM the image needs: the unpacked initramfs (~100 MB) lives in RAM beside Node.js and npm. */
    public static final int MIN_MEMORY_MB = 256;
    /** Debian packages the image is made of (plus what they depend on). */
    static final List<String> DEBIAN_PACKAGES = List.of("nodejs", "busybox-static");
    /** npm from the registry tarball: one verified file that bundles its own dependencies (Debian's npm needs ~100). */
    static final NpmPackage NPM = new NpmPackage("npm", "10.7.0",
            "sha512-FXylyYSXNjgXx3l82BT8RSQvCoGIQ3h8YdRFGKNvo3Pv/bKscK4pdWkx/onwTpHDqGw+oeLf4Rxln9WVyxAxlQ==");
    /** Small packages in the image's registry, so that `npm install` works offline. */
    static final List<NpmPackage> OFFLINE_PACKAGES = List.of(
            new NpmPackage("semver", "7.6.3",
                    "sha512-oVekP1cKtI+CTDvHWYFUcMtsK/00wmAEfyqKfNdARm8u1wNVhSgaX7A8d4UuIlUI5e84iEwOhs7ZPYRmzU9U6A=="),
            new NpmPackage("json", "11.0.0",
                    "sha512-N/ITv3Yw9Za8cGxuQqSqrq6RHnlaHWZkAFavcfpH/R52522c26EbihMxnY7A1chxfXJ4d+cEFIsyTgfi9GihrA=="),
            new NpmPackage("uuid", "10.0.0",
                    "sha512-8XkAphELsDnEGrDxUOHB3RGvXz6TeuYSGEZBOjtTtPm2lwhGBjLgOzLHB63IUWfBpNucQjND6d3AOudO+H3RWQ=="),
            new NpmPackage("is-odd", "3.0.1",
                    "sha512-CQpnWPrDwmP1+SMHXZhtLtJv90yiyVfluGsX5iNCVkrhQtU3TQHsUWPG9wkdk9Lgd5yNpAg9jQEo90CBaXgWMA=="),
            new NpmPackage("is-number", "6.0.0",
                    "sha512-Wu1VHeILBK8KAWJUAiSZQX94GmOE45Rg6/538fKwiloUu21KncEkYGPqob2oSZ5mUT73vLGrHQjKw3KMPwfDzg=="));
    /** The default user, logged in on the console; their home skeleton is copied to /home at boot. */
    static final String USER = "nodeos";
    static final int USER_ID = 1000;

    /** What a build wrote. */
    public record Result(Path bzImage, Path initramfs, Path manifest, long initramfsUnpackedBytes) {
    }

    private NodeOsImage() {
    }

    /**
     * The image in the cache folder (CACHE/nodeos-image), built on first use and rebuilt when the userspace
     * sources change; several JVMs may ask at once (one builds, the others wait).
     */
    public static Result cached(DebianSettings settings, Consumer<String> log) throws IOException {
        Path dir = settings.cacheDir().getParent().resolve("nodeos-image");
        try (CacheLock ignored = CacheLock.acquire(dir.resolve(".lock"), log)) {
            Result existing = Manifest.verifiedResult(dir, inputsFingerprint());
            return existing != null ? existing : build(settings, dir, log);
        }
    }

    /** Classes whose code decides the image's bytes: a change in any of them makes the cached image stale. */
    private static final List<Class<?>> BUILDER_CLASSES = List.of(NodeOsImage.class, SystemFiles.class,
            SharedLibraries.class, Userspace.class, Manifest.class, NewcCpioWriter.class, Compression.class,
            RootFs.class, FsNode.class, org.nodeoslab.image.fs.TarToTree.class, DebUnpacker.class, NpmTarballs.class,
            Kernel.class);

    /**
     * What decides the image besides the Debian index: the builder's code, the userspace sources and the pinned npm
     * packages.
     */
    static String inputsFingerprint() throws IOException {
        StringBuilder sb = new StringBuilder(Userspace.fingerprint());
        for (Class<?> c : BUILDER_CLASSES) {
            String file = c.getName().substring(c.getName().lastIndexOf('.') + 1) + ".class";
            try (java.io.InputStream in = c.getResourceAsStream(file)) {
                if (in == null) {
                    throw new IOException("cannot read the builder's own class file " + file);
                }
                sb.append(' ').append(Sha256.of(in.readAllBytes()));
            }
        }
        sb.append(' ').append(NPM).append(' ').append(NPM.integrity());
        for (NpmPackage p : OFFLINE_PACKAGES) {
            sb.append(' ').append(p).append(' ').append(p.integrity());
        }
        sb.append(' ').append(DEBIAN_PACKAGES).append(' ').append(Compression.GZIP);
        return Sha256.of(sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    public static Result build(DebianSettings settings, Path outDir, Consumer<String> log) throws IOException {
        DebianArchive archive = DebianArchive.open(settings, log);
        Kernel.Image kernel = Kernel.fetch(archive);
        log.accept("kernel " + kernel.record().name() + " " + kernel.record().version());

        RootFs tree = new RootFs();
        List<PackageRecord> packages = archive.resolve(DEBIAN_PACKAGES, java.util.Set.of());
        for (PackageRecord p : packages) {
            log.accept("unpack " + p.name() + " " + p.version());
            DebUnpacker.unpack(archive.deb(p), tree, SystemFiles.KEEP);
        }
        List<String> libraries = SharedLibraries.keepOnlyNeeded(tree, List.of("usr/bin/node"));

        NpmTarballs npm = new NpmTarballs(NpmTarballs.registryFromSettings(),
                settings.cacheDir().getParent().resolve("npm"), log);
        NpmTarballs.unpack(npm.tarball(NPM), tree, "usr/lib/node_modules/npm");
        tree.put("usr/lib/node_modules/npm/npmrc", FsNode.file(0644, """
                ; npm's built-in settings in NodeOS: no audit, funding or update checks (the guest is offline)
                audit=false
                fund=false
                update-notifier=false
                """));
        for (NpmPackage p : OFFLINE_PACKAGES) {
            Path tgz = npm.tarball(p);
            String dir = "usr/share/nodeos/registry/" + p.name() + "/";
            tree.put(dir + p.version() + ".tgz", FsNode.file(0644, Files.readAllBytes(tgz)));
            RootFs unpacked = new RootFs();
            NpmTarballs.unpack(tgz, unpacked, "package");
            FsNode packageJson = unpacked.get("package/package.json");
            if (packageJson == null) {
                throw new IOException(tgz + " has no package.json");
            }
            tree.put(dir + p.version() + ".json", FsNode.file(0644, packageJson.data()));
        }

        addSkeleton(tree); // first: its folders' owners and modes win over folders made on the way to files
        Userspace.addTo(tree);

        byte[] cpio = cpio(tree);
        return write(outDir, kernel, cpio, tree, packages, libraries, archive.indexVersions(), log);
    }

    /** Folders, device node and links around the userspace files. */
    static void addSkeleton(RootFs tree) {
        // bin, sbin, usr/bin, usr/sbin: where `busybox --install -s` puts its applets at boot.
        for (String dir : new String[]{"bin", "sbin", "usr/bin", "usr/sbin", "proc", "sys", "tmp", "run", "root",
                "home", "mnt", "usr/local/bin"}) {
            tree.mkdirs(dir);
        }
        // The kernel opens /dev/console for init's stdin/stdout before devtmpfs exists.
        tree.put("dev/console", FsNode.charDevice(0600, 5, 1));
        tree.put("usr/share/nodeos/usersfs/" + USER, FsNode.directory(0755).owned(USER_ID, USER_ID));
        tree.put("usr/bin/npm", FsNode.symlink("/lib/nodeos/npm/npm.js"));
        tree.put("usr/bin/nsh", FsNode.symlink("/lib/nodeos/nsh/nsh.js"));
    }

    static byte[] cpio(RootFs tree) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) (tree.contentBytes() + 16 * 1024 * 1024));
        NewcCpioWriter.write(tree, out);
        return out.toByteArray();
    }

    /**
     * Stages all three outputs next to their targets, then renames them into place, the manifest last (a folder
     * with a manifest whose hashes match its files is complete; an interrupted build leaves the old set or no
     * manifest, never a manifest naming half-written files).
     */
    private static Result write(Path outDir, Kernel.Image kernel, byte[] cpio, RootFs tree,
                                List<PackageRecord> packages, List<String> libraries, List<String> indexes,
                                Consumer<String> log) throws IOException {
        Files.createDirectories(outDir);
        Path bzImage = outDir.resolve(KERNEL_FILE);
        Path initramfs = outDir.resolve(INITRAMFS_FILE);
        Path manifest = outDir.resolve(MANIFEST_FILE);
        List<Path> staged = new ArrayList<>();
        try {
            Path kernelTemp = AtomicFiles.stage(bzImage, out -> out.write(kernel.bzImage()));
            staged.add(kernelTemp);
            Path initramfsTemp = AtomicFiles.stage(initramfs, out -> {
                try (OutputStream compressed = Compression.GZIP.wrap(nonClosing(out))) {
                    compressed.write(cpio);
                }
            });
            staged.add(initramfsTemp);
            String json = Manifest.json(kernel, Sha256.of(kernelTemp), Files.size(kernelTemp),
                    Sha256.of(initramfsTemp), Files.size(initramfsTemp), cpio.length, tree, packages, libraries,
                    indexes, NPM, OFFLINE_PACKAGES, inputsFingerprint());
            Path manifestTemp = AtomicFiles.stage(manifest, out -> out.write(json.getBytes(StandardCharsets.UTF_8)));
            staged.add(manifestTemp);
            Files.deleteIfExists(manifest);
            AtomicFiles.moveIntoPlace(kernelTemp, bzImage);
            AtomicFiles.moveIntoPlace(initramfsTemp, initramfs);
            AtomicFiles.moveIntoPlace(manifestTemp, manifest);
            staged.clear();
        } finally {
            for (Path p : staged) {
                Files.deleteIfExists(p);
            }
        }
        log.accept("NodeOS image in " + outDir + ": bzImage " + Files.size(bzImage) + " bytes, initramfs "
                + Files.size(initramfs) + " bytes (" + cpio.length + " unpacked)");
        return new Result(bzImage, initramfs, manifest, cpio.length);
    }

    private static OutputStream nonClosing(OutputStream out) {
        return new java.io.FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                flush();
            }
        };
    }

    /** Which files of the Debian packages go into the image. */
    static final class SystemFiles {
        private static final List<String> DROPPED = List.of("usr/share/doc/", "usr/share/man/", "usr/share/info/",
                "usr/share/lintian/", "usr/share/locale/", "usr/share/bug/", "usr/share/gdb/", "usr/share/i18n/",
                "usr/lib/i386-linux-gnu/gconv/", "usr/include/", "usr/lib/i386-linux-gnu/pkgconfig/", "etc/",
                "sbin/", "usr/sbin/", "usr/libexec/", "usr/lib/i386-linux-gnu/audit/");

        /** Everything but documentation, locales, maintainer tools and commands other than node and busybox. */
        static final Predicate<String> KEEP = path -> {
            for (String dropped : DROPPED) {
                if (path.startsWith(dropped) || (path + "/").equals(dropped)) {
                    return false;
                }
            }
            if (path.startsWith("usr/bin/") || path.startsWith("bin/")) {
                return path.equals("usr/bin/node") || path.equals("bin/busybox");
            }
            return true;
        };

        private SystemFiles() {
        }
    }
}
