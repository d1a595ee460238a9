package org.nodeoslab.site.emulator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The NodeOS image's manifest.json as the site needs it: which files make the image (only these are ever served),
 * their sizes and SHA-256, and how to boot it. Written by the image builder ({@code NodeOsImage}).
 *
 * @param files        by file name: the kernel, the initramfs and manifest.json itself
 * @param cmdline      the kernel command line the image is made for
 * @param minMemoryMiB guest RAM the image needs
 */
public record ImageManifest(Map<String, ImageFile> files, String kernel, String initramfs, String cmdline,
                            int minMemoryMiB) {

    public static final String FILE = "manifest.json";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One file of the image; {@code sha256} is its ETag. */
    public record ImageFile(String name, Path path, long size, String sha256, String contentType) {
    }

    /** A manifest that is there but cannot be used: the page and the log say why. */
    public static class Unusable extends Exception {
        Unusable(Path manifest, String problem) {
            super(manifest + ": " + problem);
        }
    }

    /** The image in {@code folder}, or empty when the folder holds no manifest.json (not built yet). */
    public static Optional<ImageManifest> read(Path folder) throws Unusable {
        Path manifest = folder.resolve(FILE);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(manifest);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new Unusable(manifest, "cannot be read (" + e.getMessage() + ")");
        }
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (JacksonException e) {
            throw new Unusable(manifest, "is not valid JSON (" + e.getOriginalMessage() + ")");
        }
        ImageFile kernel = file(folder, manifest, root, "kernel", "application/octet-stream");
        ImageFile initramfs = file(folder, manifest, root, "initramfs", "application/gzip");
        String cmdline = root.path("cmdline").asString("");
        if (cmdline.isBlank()) {
            throw new Unusable(manifest, "has no \"cmdline\"");
        }
        Map<String, ImageFile> files = new LinkedHashMap<>();
        files.put(kernel.name(), kernel);
        files.put(initramfs.name(), initramfs);
        files.put(FILE, new ImageFile(FILE, manifest, bytes.length, sha256(bytes), "application/json"));
        return Optional.of(new ImageManifest(Map.copyOf(files), kernel.name(), initramfs.name(), cmdline,
                root.path("minMemoryMb").asInt(256)));
    }

    public Optional<ImageFile> file(String name) {
        return Optional.ofNullable(files.get(name));
    }

    public ImageFile kernelFile() {
        return files.get(kernel);
    }

    public ImageFile initramfsFile() {
        return files.get(initramfs);
    }

    private static ImageFile file(Path folder, Path manifest, JsonNode root, String key, String contentType)
            throws Unusable {
        JsonNode entry = root.path(key);
        String name = entry.path("file").asString("");
        String sha256 = entry.path("sha256").asString("");
        // A plain file name beside the manifest: a manifest never makes the site serve anything outside its folder.
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]*") || name.equals(FILE)) {
            throw new Unusable(manifest, "\"" + key + ".file\" must name a file beside the manifest, not \"" + name + "\"");
        }
        if (!sha256.matches("[0-9a-f]{64}")) {
            throw new Unusable(manifest, "\"" + key + ".sha256\" is not a SHA-256 (64 hex digits)");
        }
        Path path = folder.resolve(name);
        long size;
        try {
            size = Files.size(path);
        } catch (IOException e) {
            throw new Unusable(manifest, "names " + name + ", which is missing (" + e.getMessage() + ")");
        }
        long expected = entry.path("size").asLong(-1);
        if (expected != size) {
            throw new Unusable(manifest, name + " is " + size + " bytes, the manifest says " + expected
                    + " (rebuild the image)");
        }
        return new ImageFile(name, path, size, sha256, contentType);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
