package org.nodeoslab.image.nodeos;

import org.nodeoslab.image.Kernel;
import org.nodeoslab.image.debian.PackageRecord;
import org.nodeoslab.image.debian.Sha256;
import org.nodeoslab.image.fs.RootFs;
import org.nodeoslab.image.npm.NpmPackage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * DIR/manifest.json: what an image is made of (package versions and sizes, index states, libraries) and the
 * SHA-256 of every output. It carries no time stamp, so the same inputs give the same manifest too.
 */
final class Manifest {

    private Manifest() {
    }

    static String json(Kernel.Image kernel, String kernelSha256, long kernelSize, String initramfsSha256,
                       long initramfsSize, long unpackedSize, RootFs tree, List<PackageRecord> packages,
                       List<String> libraries, List<String> indexes, NpmPackage npm, List<NpmPackage> offline,
                       String inputs) {
        StringBuilder j = new StringBuilder("{\n");
        j.append("  \"format\": 1,\n");
        j.append("  \"cmdline\": ").append(Json.quote(NodeOsImage.CMDLINE)).append(",\n");
        j.append("  \"minMemoryMb\": ").append(NodeOsImage.MIN_MEMORY_MB).append(",\n");
        j.append("  \"kernel\": {\"file\": ").append(Json.quote(NodeOsImage.KERNEL_FILE))
                .append(", \"package\": ").append(Json.quote(kernel.record().name()))
                .append(", \"version\": ").append(Json.quote(kernel.record().version()))
                .append(", \"size\": ").append(kernelSize)
                .append(", \"sha256\": ").append(Json.quote(kernelSha256)).append("},\n");
        j.append("  \"initramfs\": {\"file\": ").append(Json.quote(NodeOsImage.INITRAMFS_FILE))
                .append(", \"compression\": \"gzip\"")
                .append(", \"size\": ").append(initramfsSize)
                .append(", \"unpackedSize\": ").append(unpackedSize)
                .append(", \"entries\": ").append(tree.nodes().size())
                .append(", \"sha256\": ").append(Json.quote(initramfsSha256)).append("},\n");
        j.append("  \"debianIndexes\": [");
        appendStrings(j, indexes);
        j.append("],\n  \"debianPackages\": [\n");
        List<PackageRecord> sorted = packages.stream().sorted(Comparator.comparing(PackageRecord::name)).toList();
        for (int i = 0; i < sorted.size(); i++) {
            PackageRecord p = sorted.get(i);
            j.append("    {\"name\": ").append(Json.quote(p.name()))
                    .append(", \"version\": ").append(Json.quote(p.version()))
                    .append(", \"suite\": ").append(Json.quote(p.suite()))
                    .append(", \"debSize\": ").append(p.size())
                    .append(", \"sha256\": ").append(Json.quote(p.sha256())).append('}')
                    .append(i + 1 < sorted.size() ? ",\n" : "\n");
        }
        j.append("  ],\n  \"nodeLibraries\": [");
        appendStrings(j, libraries);
        j.append("],\n  \"npm\": {\"name\": ").append(Json.quote(npm.name()))
                .append(", \"version\": ").append(Json.quote(npm.version()))
                .append(", \"integrity\": ").append(Json.quote(npm.integrity())).append("},\n");
        j.append("  \"offlineNpmPackages\": [\n");
        for (int i = 0; i < offline.size(); i++) {
            NpmPackage p = offline.get(i);
            j.append("    {\"name\": ").append(Json.quote(p.name()))
                    .append(", \"version\": ").append(Json.quote(p.version()))
                    .append(", \"integrity\": ").append(Json.quote(p.integrity())).append('}')
                    .append(i + 1 < offline.size() ? ",\n" : "\n");
        }
        j.append("  ],\n  \"inputs\": ").append(Json.quote(inputs)).append("\n}\n");
        return j.toString();
    }

    private static void appendStrings(StringBuilder j, List<String> values) {
        for (int i = 0; i < values.size(); i++) {
            j.append(i == 0 ? "" : ", ").append(Json.quote(values.get(i)));
        }
    }

    /**
     * The image in {@code dir} when its manifest exists, was made from {@code inputs}, and the SHA-256 of both
     * files match it; else null (missing, stale or damaged: build again).
     */
    static NodeOsImage.Result verifiedResult(Path dir, String inputs) throws IOException {
        Path manifest = dir.resolve(NodeOsImage.MANIFEST_FILE);
        Path kernel = dir.resolve(NodeOsImage.KERNEL_FILE);
        Path initramfs = dir.resolve(NodeOsImage.INITRAMFS_FILE);
        if (!Files.exists(manifest) || !Files.exists(kernel) || !Files.exists(initramfs)) {
            return null;
        }
        String json = Files.readString(manifest);
        if (!inputs.equals(field(json, "inputs"))
                || !Sha256.of(kernel).equals(fieldAfter(json, "\"kernel\"", "sha256"))
                || !Sha256.of(initramfs).equals(fieldAfter(json, "\"initramfs\"", "sha256"))) {
            return null;
        }
        String unpacked = numberAfter(json, "\"initramfs\"", "unpackedSize");
        return new NodeOsImage.Result(kernel, initramfs, manifest, unpacked == null ? -1 : Long.parseLong(unpacked));
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\": \"([^\"]*)\"").matcher(json);
        return m.find() ? m.group(1) : null;
    }

    static String fieldAfter(String json, String anchor, String name) {
        int at = json.indexOf(anchor);
        return at < 0 ? null : field(json.substring(at), name);
    }

    static String numberAfter(String json, String anchor, String name) {
        int at = json.indexOf(anchor);
        if (at < 0) {
            return null;
        }
        Matcher m = Pattern.compile("\"" + name + "\": (\\d+)").matcher(json.substring(at));
        return m.find() ? m.group(1) : null;
    }
}
