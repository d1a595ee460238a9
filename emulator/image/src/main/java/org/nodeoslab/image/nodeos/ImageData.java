package org.nodeoslab.image.nodeos;

import org.nodeoslab.image.data.DataTable;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The book's tables about an image, read from its manifest.json ({@code image --out DIR --data-out thesis/data}):
 * {@code image-sizes} (bytes of the kernel and the initramfs, packed and unpacked), {@code image-contents} (how
 * many files, packages and libraries) and {@code image-packages} (each Debian package with its version and .deb
 * size). The manifest is the one {@link Manifest} writes, one package per line, so a line pattern reads it.
 */
public final class ImageData {
    private static final String SOURCE = "emulator/nodeos-emu image --out DIR --data-out thesis/data";
    private static final Pattern PACKAGE = Pattern.compile(
            "\\{\"name\": \"([^\"]+)\", \"version\": \"([^\"]+)\", \"suite\": \"[^\"]+\", \"debSize\": (\\d+)");
    private static final Pattern OFFLINE = Pattern.compile(
            "\\{\"name\": \"([^\"]+)\", \"version\": \"([^\"]+)\", \"integrity\": ");

    private ImageData() {
    }

    public static List<DataTable> tables(Path manifestFile) throws IOException {
        String json = Files.readString(manifestFile);
        String kernelPackage = Manifest.fieldAfter(json, "\"kernel\"", "package");
        String kernelVersion = Manifest.fieldAfter(json, "\"kernel\"", "version");
        String kernelSize = Manifest.numberAfter(json, "\"kernel\"", "size");
        String initramfsSize = Manifest.numberAfter(json, "\"initramfs\"", "size");
        String unpacked = Manifest.numberAfter(json, "\"initramfs\"", "unpackedSize");
        String entries = Manifest.numberAfter(json, "\"initramfs\"", "entries");
        if (kernelSize == null || initramfsSize == null || unpacked == null || entries == null) {
            throw new IOException(manifestFile + ": not a NodeOS image manifest (no kernel and initramfs sizes)");
        }
        DataTable sizes = new DataTable("image-sizes", SOURCE, List.of("part", "bytes", "mib"))
                .row("kernel (bzImage)", kernelSize, mib(kernelSize))
                .row("initramfs, gzip", initramfsSize, mib(initramfsSize))
                .row("initramfs, unpacked", unpacked, mib(unpacked));

        DataTable packages = new DataTable("image-packages", SOURCE, List.of("package", "version", "deb_bytes"));
        int packageCount = 0;
        long debBytes = 0;
        Matcher p = PACKAGE.matcher(json);
        while (p.find()) {
            packages.row(p.group(1), p.group(2), p.group(3));
            packageCount++;
            debBytes += Long.parseLong(p.group(3));
        }
        int libraries = countStrings(json, "nodeLibraries");
        int offline = 0;
        StringBuilder offlineNames = new StringBuilder();
        Matcher o = OFFLINE.matcher(json.substring(Math.max(0, json.indexOf("\"offlineNpmPackages\""))));
        while (o.find()) {
            offlineNames.append(offline++ == 0 ? "" : " ").append(o.group(1)).append('@').append(o.group(2));
        }
        DataTable contents = new DataTable("image-contents", SOURCE, List.of("what", "count", "detail"))
                .row("files, folders and links in the initramfs", entries, "")
                .row("Debian packages", packageCount, debBytes + " bytes of .deb files")
                .row("shared libraries Node.js links to", libraries, "from DT_NEEDED of /usr/bin/node")
                .row("npm packages in the offline registry", offline, offlineNames.toString())
                .row("kernel", 1, kernelPackage + " " + kernelVersion)
                .row("npm", 1, "npm " + Manifest.fieldAfter(json, "\"npm\"", "version"));
        return List.of(sizes, contents, packages);
    }

    private static String mib(String bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f", Long.parseLong(bytes) / 1048576.0);
    }

    private static int countStrings(String json, String arrayName) {
        int at = json.indexOf("\"" + arrayName + "\": [");
        if (at < 0) {
            return 0;
        }
        String array = json.substring(at + arrayName.length() + 5, json.indexOf(']', at));
        return array.isBlank() ? 0 : array.split(",").length;
    }
}
